import type { AlertCandidate } from '../alerts/alert-candidate.js';
import type { AlertRuleInput } from '../alerts/alert-service.js';
import { appsLine } from '../alerts/alert-strings.js';
import { CLI_ACTOR } from '../privacy/audit-log.js';
import { ALERT_RULE_KINDS, type AlertRule, type AlertRuleKind } from '../store/alert-store.js';
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

function numberOption(
  value: unknown,
  name: string,
  min: number,
  max: number,
  integer = true,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(`--${name} takes ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  }
  return n;
}

/** `22-7` (local hours, may wrap midnight) or `off`. */
function quietOption(value: unknown): Pick<AlertRuleInput, 'quietStart' | 'quietEnd'> {
  if (value === undefined) return {};
  if (value === 'off') return { quietStart: null, quietEnd: null };
  const match = /^(\d{1,2})-(\d{1,2})$/.exec(String(value));
  const [start, end] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || start > 23 || end > 23)
    throw new UsageError('--quiet takes START-END local hours (22-7) or off');
  return { quietStart: start, quietEnd: end };
}

/** The options given, without the unset ones (the service fills those with defaults). */
function defined<T extends Record<string, unknown>>(
  values: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

const quietText = (rule: AlertRule) =>
  rule.quietStart === null || rule.quietEnd === null ? 'off' : `${rule.quietStart}-${rule.quietEnd}`;

const list: SubCommand = {
  name: 'list',
  usage: `  list --site SITE
      The site's alert rules and their settings.`,
  async run(args, io) {
    const { values } = parseOptions(args, SITE);
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const rows = (await services.delivery.alerts.list(site.id)).map((rule) => [
        rule.id,
        rule.kind,
        `${rule.minCount} in ${rule.windowMinutes} min, ${rule.factor}× usual${rule.goalId === null ? '' : ` (goal ${rule.goalId})`}`,
        `${rule.cooldownHours} h`,
        quietText(rule),
        String(rule.dailyCap),
        rule.recipientIds === null ? 'all' : rule.recipientIds.join(','),
      ]);
      io.stdout.write(
        `${formatTable(['ID', 'KIND', 'THRESHOLD', 'COOLDOWN', 'QUIET', 'DAILY CAP', 'RECIPIENTS'], rows)}\n`,
      );
      return 0;
    });
  },
};

const add: SubCommand = {
  name: 'add',
  usage: `  add --site SITE --kind ${ALERT_RULE_KINDS.join('|')} [--goal NAME] [--window 15|30] [--min N]
      [--factor K] [--cooldown HOURS] [--quiet 22-7|off] [--daily-cap N] [--recipient ID]...
      Add a rule; unset settings take the defaults of docs/alerts.md. --goal: the goal a
      goal-dark-social rule watches (its name or id, penumbra goals list). --recipient (repeatable):
      report recipients to tell (penumbra reports list); default every one. Webhook endpoints
      subscribed to alert.triggered get every alert.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...SITE,
      kind: { type: 'string' },
      goal: { type: 'string' },
      window: { type: 'string' },
      min: { type: 'string' },
      factor: { type: 'string' },
      cooldown: { type: 'string' },
      quiet: { type: 'string' },
      'daily-cap': { type: 'string' },
      recipient: { type: 'string', multiple: true },
    });
    const kind = values.kind as AlertRuleKind | undefined;
    if (!kind || !ALERT_RULE_KINDS.includes(kind))
      throw new UsageError(`--kind takes ${ALERT_RULE_KINDS.join(', ')}`);
    if ((kind === 'goal-dark-social') !== (values.goal !== undefined))
      throw new UsageError('--goal NAME goes with --kind goal-dark-social, and only with it');
    const window = numberOption(values.window, 'window', 15, 30);
    if (window !== undefined && window !== 15 && window !== 30)
      throw new UsageError('--window takes 15 or 30');
    const input: AlertRuleInput = {
      kind,
      ...defined({
        windowMinutes: window as 15 | 30 | undefined,
        minCount: numberOption(values.min, 'min', 1, 1_000_000),
        factor: numberOption(values.factor, 'factor', 1, 1000, false),
        cooldownHours: numberOption(values.cooldown, 'cooldown', 0, 720, false),
        dailyCap: numberOption(values['daily-cap'], 'daily-cap', 1, 1000),
      }),
      ...quietOption(values.quiet),
      ...(values.recipient ? { recipientIds: values.recipient as string[] } : {}),
    };
    return reportInputErrors(io, 'alerts add', () =>
      withServices(io, async (services) => {
        const site = await requireSite(services, siteOption(values));
        const goal = values.goal as string | undefined;
        if (goal !== undefined) {
          // By name (as the dashboard shows goals) or id; an unknown one is the service's alert_goal_unknown.
          const goals = await services.store.goals.listGoals(site.id);
          input.goalId = (goals.find((g) => g.name === goal) ?? goals.find((g) => g.id === goal))?.id ?? goal;
        }
        const rule = await services.delivery.alerts.add(site, input);
        await services.audit.record({
          actor: CLI_ACTOR,
          action: 'alert_rule.create',
          siteId: site.id,
          target: rule.id,
          details: {
            kind: rule.kind,
            minCount: rule.minCount,
            factor: rule.factor,
            windowMinutes: rule.windowMinutes,
            ...(rule.goalId === null ? {} : { goalId: rule.goalId }),
          },
        });
        io.stdout.write(
          `${rule.id}: ${rule.kind}, ${rule.minCount} in ${rule.windowMinutes} min and ${rule.factor}× usual, cooldown ${rule.cooldownHours} h, quiet ${quietText(rule)}, at most ${rule.dailyCap} a day\n`,
        );
        return 0;
      }),
    );
  },
};

const remove: SubCommand = {
  name: 'remove',
  usage: `  remove --site SITE ID
      Remove a rule.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, SITE);
    const [id] = positionals;
    if (!id) throw new UsageError('give the id of the rule to remove');
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      if (!(await services.delivery.alerts.remove(site.id, id))) {
        io.stderr.write(`penumbra alerts remove: ${site.domain} has no alert rule "${id}"\n`);
        return 1;
      }
      await services.audit.record({
        actor: CLI_ACTOR,
        action: 'alert_rule.delete',
        siteId: site.id,
        target: id,
        details: {},
      });
      io.stdout.write(`Removed ${id}.\n`);
      return 0;
    });
  },
};

const HELD: Record<NonNullable<AlertCandidate['held']>, string> = {
  cooldown: 'held: cooldown',
  'quiet-hours': 'held: quiet hours',
  'daily-cap': 'held: daily cap reached',
};

const test: SubCommand = {
  name: 'test',
  usage: `  test --site SITE
      Evaluate the site's rules now and print what would fire (or why it is held). Sends nothing.`,
  async run(args, io) {
    const { values } = parseOptions(args, SITE);
    return withServices(io, async (services) => {
      const site = await requireSite(services, siteOption(values));
      const candidates = await services.delivery.alerts.evaluate(site);
      if (candidates.length === 0) {
        io.stdout.write(`Nothing would fire on ${site.domain} now.\n`);
        return 0;
      }
      for (const c of candidates) {
        io.stdout.write(
          [
            `${c.held ? HELD[c.held] : 'would fire'}: ${c.rule.kind} ${c.subject.label}`,
            `  ${c.count} in ${c.rule.windowMinutes} min; usual ${c.baseline}${c.roundedTo ? ` (rounded to ${c.roundedTo})` : ''}`,
            `  ${appsLine(c.apps, 'en')}`,
            `  ${c.dashboardUrl}`,
            '',
          ].join('\n'),
        );
      }
      return 0;
    });
  },
};

export const alertsCommand = groupCommand(
  'alerts',
  'Manage a site\'s "spreading privately" alert rules and test them now (docs/alerts.md).',
  [list, add, remove, test],
);
