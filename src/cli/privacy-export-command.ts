import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import { exportCsv, exportJson, exportTables } from '../privacy/data-export.js';
import { recordDataRequest } from '../privacy/data-request-audit.js';
import { resolveDataTarget } from '../privacy/data-target.js';
import { UsageError } from './command.js';
import { readTargetOptions, TARGET_OPTIONS } from './data-target-options.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import type { SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const USAGE = `  export --site DOMAIN [--link L | --campaign C | --tag T] [--format json|csv] --out FILE|DIR
      Export everything stored for the site, or for one link (id or slug, with its variants),
      campaign (a whole share kit) or tag (its links and their variants), for an access or
      portability request (GDPR Art. 15, 20): one JSON document to FILE, or with --format csv
      one CSV per table in DIR. Never a secret (token hashes, passwords, sessions).`;

async function writeFile(path: string, chunks: AsyncIterable<string>): Promise<void> {
  await pipeline(Readable.from(chunks), createWriteStream(path));
}

/** `penumbra privacy export`: the target's rows, streamed to disk (never all in memory). */
export const privacyExportCommand: SubCommand = {
  name: 'export',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...TARGET_OPTIONS,
      format: { type: 'string' },
      out: { type: 'string' },
    });
    const { site, input } = readTargetOptions(values);
    const format = (values.format as string | undefined) ?? 'json';
    if (format !== 'json' && format !== 'csv') throw new UsageError('--format takes json or csv');
    const out = values.out as string | undefined;
    if (!out) throw new UsageError(`say where to write: --out ${format === 'csv' ? 'DIR' : 'FILE'}`);
    return reportInputErrors(io, 'privacy export', () =>
      withServices(io, async (services) => {
        await requireSite(services, site);
        const target = await resolveDataTarget(services, site, input);
        await recordDataRequest({ log: services.audit, actor: CLI_ACTOR }, 'data.export', target, { format });
        if (format === 'json') {
          await writeFile(out, exportJson(services.store, target));
          io.stdout.write(`Exported the ${target.kind} data of ${target.site.domain} to ${out}\n`);
          return 0;
        }
        await mkdir(out, { recursive: true });
        const tables = exportTables(target);
        for (const table of tables) {
          await writeFile(join(out, `${table}.csv`), exportCsv(services.store, target, table));
        }
        io.stdout.write(
          `Exported the ${target.kind} data of ${target.site.domain} to ${out}: ${tables.map((table) => `${table}.csv`).join(', ')}\n`,
        );
        return 0;
      }),
    );
  },
};
