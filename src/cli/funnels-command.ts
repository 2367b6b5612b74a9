import { FunnelInputError } from '../funnels/funnel-input-error.js';
import type { FunnelResult } from '../funnels/funnel-result.js';
import { readStatsQuery, StatsQueryError } from '../stats/stats-query-schema.js';
import type { CliIo } from './command.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { rangeOption } from './goals-command.js';
import { parseOptions } from './parse-options.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const SITE = { site: { type: 'string' } } as const;

function siteOption(values: Record<string, unknown>): string {
  const site = values.site as string | undefined;
  if (!site) throw new UsageError('name the site: --site DOMAIN');
  return site;
}

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)} %`);

const list: SubCommand = {
  name: 'list',
  usage: `  list --site SITE [--json]
      The site's saved funnels, oldest first, with their steps (a deleted goal shown as missing).`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...SITE, json: { type: 'boolean' } });
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const funnels = await services.funnels.list(site.id);
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ funnels }, null, 2)}\n`);
        return 0;
      }
      if (funnels.length === 0) {
        io.stdout.write(`${site.domain} has no saved funnel: make one in the dashboard's Funnels view.\n`);
        return 0;
      }
      const names = new Map((await services.goals.list(site.id)).map((goal) => [goal.id, goal.name]));
      const rows = funnels.map((funnel) => [
        funnel.name,
        funnel.steps.map((id) => names.get(id) ?? '(deleted goal)').join(' → '),
      ]);
      io.stdout.write(`${formatTable(['NAME', 'STEPS'], rows)}\n`);
      return 0;
    });
  },
};

function printResult(io: CliIo, domain: string, result: FunnelResult): void {
  const rounded = result.roundedTo ? ` (strict site: counts rounded to ${result.roundedTo})` : '';
  io.stdout.write(
    `${result.funnel?.name ?? 'Funnel'} on ${domain}, ${result.range.from} to ${result.range.to}${rounded}\n\n`,
  );
  const steps = result.steps.map((step) => [
    step.step + 1,
    step.name,
    step.visitors,
    step.dropOff ? `${step.dropOff.visitors} (${percent(step.dropOff.rate)})` : '-',
    percent(step.conversionRate),
  ]);
  io.stdout.write(`${formatTable(['STEP', 'GOAL', 'VISITORS', 'DROP-OFF', 'OF STEP 1'], steps)}\n\n`);
  if (result.byChannel.length === 0) {
    io.stdout.write('Nobody reached the first step in this period.\n');
    return;
  }
  const channels = result.byChannel.map((row) => [
    row.source ? `${row.channel} · ${row.source}` : row.channel,
    ...row.visitors,
    percent(row.conversionRate),
  ]);
  const headers = ['CHANNEL', ...result.steps.map((step) => `STEP ${step.step + 1}`), 'CONVERSION'];
  io.stdout.write(`${formatTable(headers, channels)}\n`);
}

const show: SubCommand = {
  name: 'show',
  usage: `  show NAME --site SITE [--period 30d | --from DAY --to DAY] [--json]
      A saved funnel's visitors per step (reached in order on the same local day), the drop-off,
      and the steps by channel with dark social by app, for the period (30d by default).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      ...SITE,
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    });
    const name = positionals[0];
    if (!name) throw new UsageError('name the funnel: penumbra funnels show NAME --site DOMAIN');
    const dateRange = rangeOption(values);
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const funnel = await services.funnels.find(site.id, name);
      if (!funnel) {
        io.stderr.write(`penumbra funnels show: not_found: ${site.domain} has no funnel "${name}".\n`);
        return 1;
      }
      try {
        // Checked as the stats API checks it: a real day, not reversed, not ten years long.
        const range = readStatsQuery({
          site: site.id,
          metrics: ['visits'],
          date_range: dateRange,
        }).date_range;
        const result = await services.funnels.result(site, { funnel }, range);
        if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else printResult(io, site.domain, result);
        return 0;
      } catch (error) {
        if (error instanceof FunnelInputError) {
          io.stderr.write(`penumbra funnels show: ${error.code}: ${error.message}\n`);
          return 1;
        }
        if (error instanceof StatsQueryError) {
          io.stderr.write(`penumbra funnels show: ${error.problems[0]?.code}: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
    });
  },
};

/** `penumbra funnels` (issue 14, docs/funnels.md): saved funnels and their results. */
export const funnelsCommand = groupCommand('funnels', "A site's saved funnels and their results by channel", [
  list,
  show,
]);
