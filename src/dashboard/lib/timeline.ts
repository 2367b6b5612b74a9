import type { ChartSpec } from '../components/uplot-chart';
import type { I18n } from '../i18n/i18n';
import { seriesColour } from '../i18n/labels';
import { bucketsOf, hourNow } from './dates';
import type { StatsResult } from './types';

/**
 * The range of an answer up to the site's today: later days have no data yet, and a chart that
 * drew them as zeros would show a collapse that did not happen (issue 16).
 */
export function pastPart(meta: StatsResult['meta']): { from: string; to: string } {
  const { from, to } = meta.date_range;
  return { from, to: meta.today !== undefined && meta.today < to ? meta.today : to };
}

/**
 * Rows of `[time, key] → metric` as one series per key over every bucket of the range (a
 * breakdown leaves out empty rows; a chart must not). Keys are ordered by `order`, else by total.
 */
export function timelineSpec(
  i18n: I18n,
  result: StatsResult,
  options: {
    timeline: 'time:hour' | 'time:day' | 'time:week';
    label: (key: string) => string;
    kind: ChartSpec['kind'];
    order?: readonly string[];
    metric?: number;
  },
): ChartSpec {
  const hours = options.timeline === 'time:hour';
  // Hours of today after now have no data yet either.
  const now = hours ? hourNow(result.meta.time_zone) : '';
  const buckets = bucketsOf(options.timeline, pastPart(result.meta)).filter(
    (bucket) => !hours || bucket <= now,
  );
  const position = new Map(buckets.map((bucket, index) => [bucket, index]));
  const byKey = new Map<string, number[]>();
  for (const row of result.results) {
    const [time = '', key = ''] = row.dimensions;
    const at = position.get(time);
    if (at === undefined) continue;
    const values = byKey.get(key) ?? buckets.map(() => 0);
    values[at] = (values[at] ?? 0) + (row.metrics[options.metric ?? 0] ?? 0);
    byKey.set(key, values);
  }
  const total = (key: string) => (byKey.get(key) ?? []).reduce((sum, value) => sum + value, 0);
  const rank = (key: string) => {
    const at = options.order?.indexOf(key) ?? -1;
    return at === -1 ? Number.MAX_SAFE_INTEGER : at;
  };
  const keys = [...byKey.keys()].sort((a, b) => rank(a) - rank(b) || total(b) - total(a));
  return {
    kind: options.kind,
    xLabel: i18n.t(`dimension.${options.timeline}`),
    labels: buckets,
    formatX: (label) => (hours ? `${i18n.day(label)} ${label.slice(11)}` : i18n.day(label)),
    formatY: (value) => i18n.number(value),
    series: keys.map((key, index) => ({
      label: options.label(key),
      values: byKey.get(key) ?? [],
      colour: seriesColour(key, index),
    })),
  };
}

/** "Dark social 1,204; Search 310 …": what a chart shows, for its text alternative. */
export function seriesSummary(spec: ChartSpec, i18n: I18n): string {
  return spec.series
    .map(
      (series) =>
        `${series.label} ${i18n.number(series.values.reduce<number>((sum, value) => sum + (value ?? 0), 0))}`,
    )
    .join('; ');
}
