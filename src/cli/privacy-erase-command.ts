import { CLI_ACTOR } from '../privacy/audit-log.js';
import { type ErasureReport, eraseData } from '../privacy/data-erasure.js';
import { resolveDataTarget } from '../privacy/data-target.js';
import { readTargetOptions, TARGET_OPTIONS } from './data-target-options.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import type { SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const USAGE = `  erase --site DOMAIN [--link L | --campaign C | --tag T] [--rollups] [--yes] [--json]
      Erase what is stored for the site, or for one link (id or slug, with its variants),
      campaign (a whole share kit) or tag (GDPR Art. 17). Without --yes, a dry run: prints what
      would go, per table, and changes nothing. With --rollups, a link target's counts also
      leave the site-level reports (visitors kept exact); without, those keep counting them.`;

function describe(report: ErasureReport, domain: string): string {
  const { kind, link, tag } = report.target;
  const what =
    kind === 'site' ? `site ${domain}` : `${kind} ${tag === undefined ? link : `"${tag}"`} of ${domain}`;
  const rows = Object.entries(report.counts).map(([table, count]) => [table, count]);
  const lines = [
    report.dryRun ? `Dry run: erasing ${what} would remove:` : `Erased ${what}:`,
    formatTable(['TABLE', 'ROWS'], rows),
  ];
  if (report.adjusted.length > 0) {
    lines.push(`Counts ${report.dryRun ? 'would be' : 'were'} taken out of: ${report.adjusted.join(', ')}`);
  }
  if (report.dryRun) lines.push('Nothing was changed. Run again with --yes to erase.');
  return lines.join('\n');
}

/** `penumbra privacy erase`: a dry run by default, an erasure with --yes. */
export const privacyEraseCommand: SubCommand = {
  name: 'erase',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...TARGET_OPTIONS,
      rollups: { type: 'boolean' },
      yes: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const { site, input } = readTargetOptions(values);
    const dryRun = values.yes !== true;
    const rollups = values.rollups === true;
    return reportInputErrors(io, 'privacy erase', () =>
      withServices(io, async (services) => {
        await requireSite(services, site);
        const target = await resolveDataTarget(services, site, input);
        // No link cache here: a running server drops the erased links when it reads the
        // erasure's deletion record (src/links/link-cache.ts).
        const audit = { log: services.audit, actor: CLI_ACTOR };
        const report = await eraseData({ store: services.store, audit }, target, { rollups, dryRun });
        io.stdout.write(
          values.json ? `${JSON.stringify(report)}\n` : `${describe(report, target.site.domain)}\n`,
        );
        return 0;
      }),
    );
  },
};
