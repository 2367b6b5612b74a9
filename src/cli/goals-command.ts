import type { GoalInput } from '../goals/goal-rules.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import type { Services } from '../services.js';
import {
  DATE_PRESETS,
  type DatePreset,
  type DateRangeInput,
  type StatsResult,
} from '../stats/query-model.js';
import { readStatsQuery, StatsQueryError } from '../stats/stats-query-schema.js';
import { type Goal, SHARE_GOAL_WAYS, type ShareGoalWay } from '../store/goal-store.js';
import type { Site } from '../store/store.js';
import { UsageError } from './command.js';
import { formatTable } from './format-table.js';
import { parseOptions } from './parse-options.js';
import { reportInputErrors } from './print-error.js';
import { requireSite } from './require-site.js';
import { groupCommand, type SubCommand } from './sub-commands.js';
import { withServices } from './with-services.js';

const SITE = { site: { type: 'string' } } as const;

function siteOption(values: Record<string, unknown>): string {
  const site = values.site as string | undefined;
  if (!site) throw new UsageError('name the site: --site DOMAIN');
  return site;
}

/** A goal's definition in a few words, as the dashboard shows it. */
export function goalDefinitionText(goal: Goal): string {
  if (goal.kind === 'page') return `page ${goal.pathPattern ?? ''}`;
  if (goal.kind === 'event') {
    return goal.propKey
      ? `event ${goal.eventName ?? ''} with ${goal.propKey}=${goal.propValue ?? ''}`
      : `event ${goal.eventName ?? ''}`;
  }
  return `share (${goal.shareWay === 'any' ? 'button or copy' : goal.shareWay === 'copy' ? 'copy' : 'button'})`;
}

/** What the audit log keeps of a goal (the HTTP routes keep the same). */
function auditDetails(goal: Goal): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries({
      name: goal.name,
      kind: goal.kind,
      pathPattern: goal.pathPattern,
      eventName: goal.eventName,
      propKey: goal.propKey,
      propValue: goal.propKey === null ? null : goal.propValue,
      shareWay: goal.shareWay,
    }).filter(([, value]) => value !== null),
  );
}

const list: SubCommand = {
  name: 'list',
  usage: `  list --site SITE [--json]
      The site's goals, oldest first.`,
  async run(args, io) {
    const { values } = parseOptions(args, { ...SITE, json: { type: 'boolean' } });
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const goals = await services.goals.list(site.id);
      if (values.json) {
        io.stdout.write(`${JSON.stringify({ goals }, null, 2)}\n`);
        return 0;
      }
      if (goals.length === 0) {
        io.stdout.write(`${site.domain} has no goal yet: add one with "penumbra goals add".\n`);
        return 0;
      }
      const rows = goals.map((goal) => [goal.id, goal.name, goalDefinitionText(goal)]);
      io.stdout.write(`${formatTable(['ID', 'NAME', 'DEFINITION'], rows)}\n`);
      return 0;
    });
  },
};

/** `KEY=VALUE` for --prop. */
function propOption(value: unknown): Pick<GoalInput, 'propKey' | 'propValue'> {
  if (value === undefined) return {};
  const text = String(value);
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError('--prop takes KEY=VALUE (plan=pro)');
  return { propKey: text.slice(0, at), propValue: text.slice(at + 1) };
}

function goalInput(values: Record<string, unknown>): GoalInput {
  const name = values.name as string | undefined;
  if (name === undefined) throw new UsageError('name the goal: --name NAME');
  const kinds = ['page', 'event', 'share'].filter((kind) => values[kind] !== undefined);
  if (kinds.length !== 1) {
    throw new UsageError(
      'give one of --page PATH, --event NAME [--prop KEY=VALUE] or --share share|copy|any',
    );
  }
  if (values.prop !== undefined && values.event === undefined)
    throw new UsageError('--prop goes with --event');
  if (values.page !== undefined) return { name, kind: 'page', pathPattern: values.page as string };
  if (values.event !== undefined) {
    return { name, kind: 'event', eventName: values.event as string, ...propOption(values.prop) };
  }
  const way = values.share as ShareGoalWay;
  if (!SHARE_GOAL_WAYS.includes(way)) throw new UsageError(`--share takes ${SHARE_GOAL_WAYS.join(', ')}`);
  return { name, kind: 'share', shareWay: way };
}

const add: SubCommand = {
  name: 'add',
  usage: `  add --site SITE --name NAME (--page PATH | --event NAME [--prop KEY=VALUE] | --share share|copy|any)
      Add a goal: a page path where * stands for any characters (/blog/*), a custom event by name
      (optionally with one property's value), or share-button uses and/or copies. Past events
      still kept count at once.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...SITE,
      name: { type: 'string' },
      page: { type: 'string' },
      event: { type: 'string' },
      prop: { type: 'string' },
      share: { type: 'string' },
    });
    const input = goalInput(values);
    return reportInputErrors(io, 'goals add', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, siteOption(values));
        const goal = await services.goals.create(site.id, input);
        await services.audit.record({
          actor: CLI_ACTOR,
          action: 'goal.create',
          siteId: site.id,
          target: goal.id,
          details: auditDetails(goal),
        });
        io.stdout.write(`${goal.id}: ${goal.name}, ${goalDefinitionText(goal)}\n`);
        return 0;
      }),
    );
  },
};

/** A goal named by its id or its name (whatever the case). */
async function findGoal(services: Services, site: Site, reference: string): Promise<Goal | undefined> {
  const goals = await services.goals.list(site.id);
  const lower = reference.toLowerCase();
  return (
    goals.find((goal) => goal.id === reference) ?? goals.find((goal) => goal.name.toLowerCase() === lower)
  );
}

const rename: SubCommand = {
  name: 'rename',
  usage: `  rename --site SITE GOAL NEW_NAME
      Rename a goal (GOAL: its id or its name). Its definition never changes: add a new goal instead.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, SITE);
    const [reference, newName] = positionals;
    if (!reference || newName === undefined) throw new UsageError('give the goal and its new name');
    return reportInputErrors(io, 'goals rename', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, siteOption(values));
        const before = await findGoal(services, site, reference);
        const goal = before && (await services.goals.rename(site.id, before.id, newName));
        if (!before || !goal) {
          io.stderr.write(`penumbra goals rename: ${site.domain} has no goal "${reference}"\n`);
          return 1;
        }
        await services.audit.record({
          actor: CLI_ACTOR,
          action: 'goal.rename',
          siteId: site.id,
          target: goal.id,
          details: { from: before.name, to: goal.name },
        });
        io.stdout.write(`Renamed "${before.name}" to "${goal.name}".\n`);
        return 0;
      }),
    );
  },
};

const remove: SubCommand = {
  name: 'remove',
  usage: `  remove --site SITE GOAL
      Delete a goal (its id or its name) with its conversions.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, SITE);
    const [reference] = positionals;
    if (!reference) throw new UsageError('give the goal to remove (its id or its name)');
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const goal = await findGoal(services, site, reference);
      if (!goal || !(await services.goals.remove(site.id, goal.id))) {
        io.stderr.write(`penumbra goals remove: ${site.domain} has no goal "${reference}"\n`);
        return 1;
      }
      await services.audit.record({
        actor: CLI_ACTOR,
        action: 'goal.delete',
        siteId: site.id,
        target: goal.id,
        details: auditDetails(goal),
      });
      io.stdout.write(`Removed "${goal.name}".\n`);
      return 0;
    });
  },
};

export function rangeOption(values: Record<string, unknown>): DateRangeInput {
  const [from, to] = [values.from as string | undefined, values.to as string | undefined];
  if (from !== undefined || to !== undefined) {
    if (from === undefined || to === undefined) throw new UsageError('--from and --to go together');
    return [from, to];
  }
  const period = (values.period as string | undefined) ?? '30d';
  if (!DATE_PRESETS.includes(period as DatePreset)) {
    throw new UsageError(`--period takes ${DATE_PRESETS.join(', ')} (or give --from DAY --to DAY)`);
  }
  return period as DatePreset;
}

const percent = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : `${(value * 100).toFixed(1)} %`;
const amount = (value: number | null | undefined) =>
  value === null || value === undefined ? '-' : value.toFixed(2);

/** The two questions `goals stats` asks: conversions and rate by goal and channel; revenue per currency. */
export function goalStatsQuestions(site: string, dateRange: DateRangeInput, goal: string | undefined) {
  const chosen = goal === undefined ? [] : [['is', 'goal', [goal]] as const];
  return {
    conversions: readStatsQuery({
      site,
      date_range: dateRange,
      metrics: ['conversions', 'converters', 'conversion_rate'],
      dimensions: ['goal', 'channel'],
      filters: chosen,
      order_by: [
        ['goal', 'asc'],
        ['conversions', 'desc'],
      ],
      limit: 10_000,
    }),
    revenue: readStatsQuery({
      site,
      date_range: dateRange,
      metrics: ['revenue', 'average_revenue', 'conversions'],
      dimensions: ['goal', 'channel', 'currency'],
      filters: [...chosen, ['is_not', 'currency', ['']]],
      order_by: [
        ['goal', 'asc'],
        ['currency', 'asc'],
        ['revenue', 'desc'],
      ],
      limit: 10_000,
    }),
  };
}

function statsJson(site: Site, conversions: StatsResult, revenue: StatsResult) {
  return {
    site: site.domain,
    dateRange: conversions.meta.date_range,
    ...(conversions.meta.rounded_to ? { roundedTo: conversions.meta.rounded_to } : {}),
    conversions: conversions.results.map(
      ({ dimensions: [goal, channel], metrics: [count, people, rate] }) => ({
        goal,
        channel,
        conversions: count,
        converters: people,
        conversionRate: rate,
      }),
    ),
    revenue: revenue.results.map(
      ({ dimensions: [goal, channel, currency], metrics: [sum, average, count] }) => ({
        goal,
        channel,
        currency,
        revenue: sum,
        averageRevenue: average,
        conversions: count,
      }),
    ),
  };
}

const stats: SubCommand = {
  name: 'stats',
  usage: `  stats --site SITE [--period 30d | --from DAY --to DAY] [--goal NAME] [--json]
      Conversions, converters and conversion rate by goal and channel, and revenue per currency
      by goal and channel (never summed across currencies), for the period (30d by default).
      A conversion counts under the channel of the visitor's first page view of the day.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...SITE,
      period: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      goal: { type: 'string' },
      json: { type: 'boolean' },
    });
    const siteName = siteOption(values);
    const dateRange = rangeOption(values);
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteName);
      let questions: ReturnType<typeof goalStatsQuestions>;
      try {
        questions = goalStatsQuestions(site.domain, dateRange, values.goal as string | undefined);
      } catch (error) {
        if (!(error instanceof StatsQueryError)) throw error;
        io.stderr.write(`penumbra goals stats: ${error.problems[0]?.code}: ${error.message}\n`);
        return 1;
      }
      const [conversions, revenue] = await Promise.all([
        services.stats.query(questions.conversions),
        services.stats.query(questions.revenue),
      ]);
      const answer = statsJson(site, conversions, revenue);
      if (values.json) {
        io.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return 0;
      }
      const { from, to } = answer.dateRange;
      const rounded = answer.roundedTo ? ` (strict mode: counts rounded to ${answer.roundedTo})` : '';
      io.stdout.write(`Goals of ${site.domain}, ${from} to ${to}${rounded}\n\n`);
      if (answer.conversions.length === 0) {
        io.stdout.write('No conversion in this period.\n');
        return 0;
      }
      const rows = answer.conversions.map((row) => [
        row.goal ?? '',
        row.channel ?? '',
        row.conversions ?? 0,
        row.converters ?? 0,
        percent(row.conversionRate),
      ]);
      io.stdout.write(`${formatTable(['GOAL', 'CHANNEL', 'CONVERSIONS', 'CONVERTERS', 'RATE'], rows)}\n`);
      if (answer.revenue.length > 0) {
        const money = answer.revenue.map((row) => [
          row.goal ?? '',
          row.channel ?? '',
          row.currency ?? '',
          amount(row.revenue),
          amount(row.averageRevenue),
          row.conversions ?? 0,
        ]);
        io.stdout.write(
          `\nRevenue per currency\n${formatTable(['GOAL', 'CHANNEL', 'CURRENCY', 'REVENUE', 'AVERAGE', 'CONVERSIONS'], money)}\n`,
        );
      }
      return 0;
    });
  },
};

export const goalsCommand = groupCommand(
  'goals',
  "Manage a site's goals (pages, custom events, shares) and see their conversions by channel (docs/goals.md).",
  [list, add, rename, remove, stats],
);
