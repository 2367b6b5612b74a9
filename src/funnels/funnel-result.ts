import { ratio } from '../stats/ratio.js';
import { roundCount, STRICT_ROUNDING } from '../stats/strict-rounding.js';
import type { FunnelStepRow, Goal } from '../store/goal-store.js';

/** One step of a funnel's result. */
export interface FunnelStepResult {
  /** 0-based. */
  step: number;
  goalId: string;
  name: string;
  kind: Goal['kind'];
  /** Visitors who reached this step after the ones before it, in order, on the same local day. */
  visitors: number;
  /** Lost since the previous step (null for the first). */
  dropOff: { visitors: number; rate: number | null } | null;
  /** This step's visitors ÷ the first step's (null when nobody reached the first). */
  conversionRate: number | null;
}

/** One channel's row (dark social split by app where the store tells it): visitors per step. */
export interface FunnelChannelRow {
  channel: string;
  /** The app for dark social (`whatsapp` …); absent for other channels. */
  source?: string;
  /** Visitors per step, in step order. */
  visitors: number[];
  /** Last step ÷ first step within the channel. */
  conversionRate: number | null;
}

export interface FunnelResult {
  /** The saved funnel asked for, or null for steps given in the request. */
  funnel: { id: string; name: string } | null;
  range: { from: string; to: string };
  steps: FunnelStepResult[];
  /** Most visitors at the first step first. */
  byChannel: FunnelChannelRow[];
  /** Strict sites: every count rounded to the nearest 10, ratios made of the rounded counts. */
  roundedTo?: number;
}

/** Channel (and dark-social app) of a row, as one key. */
function keyOf(row: FunnelStepRow): string {
  return row.channel === 'dark-social' && row.source ? `${row.channel}\u0000${row.source}` : row.channel;
}

/**
 * The result from the store's rows: totals per step, drop-off and conversion, and the channel
 * table. `strict` rounds every count first (step totals from their exact sums, each channel's
 * cell on its own) and makes every rate of the rounded counts, so no rate gives away a count the
 * rounding hid; channel rows that round to nothing at every step are left out.
 */
export function funnelResult(
  goals: readonly Goal[],
  rows: readonly FunnelStepRow[],
  strict: boolean,
): Pick<FunnelResult, 'steps' | 'byChannel' | 'roundedTo'> {
  const count = strict ? roundCount : (value: number) => value;
  const exact = goals.map(() => 0);
  const channels = new Map<string, { channel: string; source?: string; visitors: number[] }>();
  for (const row of rows) {
    if (row.step < 0 || row.step >= goals.length) continue;
    exact[row.step] = (exact[row.step] ?? 0) + row.visitors;
    const key = keyOf(row);
    let channel = channels.get(key);
    if (!channel) {
      channel = {
        channel: row.channel,
        ...(key === row.channel ? {} : { source: row.source as string }),
        visitors: goals.map(() => 0),
      };
      channels.set(key, channel);
    }
    channel.visitors[row.step] = (channel.visitors[row.step] ?? 0) + row.visitors;
  }
  const totals = exact.map(count);
  const first = totals[0] ?? 0;
  const steps = goals.map((goal, step): FunnelStepResult => {
    const visitors = totals[step] ?? 0;
    const previous = step === 0 ? undefined : (totals[step - 1] ?? 0);
    return {
      step,
      goalId: goal.id,
      name: goal.name,
      kind: goal.kind,
      visitors,
      dropOff:
        previous === undefined
          ? null
          : { visitors: previous - visitors, rate: ratio(previous - visitors, previous) },
      conversionRate: ratio(visitors, first),
    };
  });
  const byChannel = [...channels.values()]
    .map((row): FunnelChannelRow => {
      const visitors = row.visitors.map(count);
      return {
        ...row,
        visitors,
        conversionRate: ratio(visitors.at(-1) ?? 0, visitors[0] ?? 0),
      };
    })
    .filter((row) => row.visitors.some((value) => value > 0))
    .sort(
      (a, b) =>
        (b.visitors[0] ?? 0) - (a.visitors[0] ?? 0) ||
        a.channel.localeCompare(b.channel) ||
        (a.source ?? '').localeCompare(b.source ?? ''),
    );
  return { steps, byChannel, ...(strict ? { roundedTo: STRICT_ROUNDING } : {}) };
}
