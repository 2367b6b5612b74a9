import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { type BulkReport, createKitsFromCsv, MAX_BULK_ROWS } from '../links/bulk-kits.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import type { SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const IMPORT_USAGE = `  import FILE.csv|- [--site DOMAIN] [--channels whatsapp,sms,…] [--autofill] [--json]
      Create one share kit per row of a CSV of URLs (at most ${MAX_BULK_ROWS}). A header row names
      the columns: url, title, description, image, slug, channels, tags, expires_at, max_clicks,
      utm_*; without one, one URL per line. --channels applies to rows that name none;
      --autofill fills missing titles, descriptions and images from each page. Every row is
      reported; a bad row does not stop the others. Exit status 1 when a row failed.`;

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function printReport(report: BulkReport): string {
  const rows = report.rows.map((row) =>
    row.ok
      ? [row.line, 'created', row.kit?.shortUrl ?? '', row.url]
      : [row.line, row.error?.code ?? 'failed', row.error?.message ?? '', row.url],
  );
  return `${formatTable(['LINE', 'RESULT', 'SHORT URL / WHY', 'URL'], rows)}\n${report.created} kit(s) created, ${report.failed} row(s) failed\n`;
}

async function readCsvInput(file: string, io: CliIo): Promise<string> {
  return readAll(file === '-' ? io.stdin : createReadStream(file));
}

/** `penumbra links import`: share kits from a CSV of URLs, with a report per row (issue 15). */
export const importKits: SubCommand = {
  name: 'import',
  usage: IMPORT_USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      site: { type: 'string' },
      channels: { type: 'string' },
      autofill: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [file] = positionals;
    if (!file)
      throw new UsageError('give the CSV file (or - for stdin), e.g. "penumbra links import kits.csv"');
    const csv = await readCsvInput(file, io);
    return reportInputErrors(io, 'links import', () =>
      withServices(io, async (services) => {
        if (typeof values.site === 'string') await requireSite(services, values.site);
        const report = await createKitsFromCsv(services.links, csv, {
          site: values.site as string | undefined,
          channels: (values.channels as string | undefined)?.split(',').filter(Boolean),
          autofill: values.autofill === true,
        });
        io.stdout.write(values.json ? `${JSON.stringify(report)}\n` : printReport(report));
        return report.failed > 0 ? 1 : 0;
      }),
    );
  },
};
