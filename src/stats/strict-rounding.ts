import type { DarkSocialReport } from './dark-social-report.js';
import type { Metric, StatsRow } from './query-model.js';

/**
 * Strict mode (DESIGN.md §4, the CNIL self-assessment reading) shows rounded counts: to the
 * nearest 10, so a report never singles out one or two people's visits. Ratios stay as they are.
 */
export const STRICT_ROUNDING = 10;

const RATIO_METRICS: ReadonlySet<Metric> = new Set([
  'dark_social_share',
  'amplification',
  'clicks_per_preview',
]);

export const roundCount = (value: number): number => Math.round(value / STRICT_ROUNDING) * STRICT_ROUNDING;

/** The stats query API's rows, counts rounded in place (ratios and empty cells kept). */
export function roundQueryRows(rows: StatsRow[], metrics: readonly Metric[]): void {
  const round = (values: (number | null)[]) =>
    values.map((value, index) =>
      value === null || RATIO_METRICS.has(metrics[index] as Metric) ? value : roundCount(value),
    );
  for (const row of rows) {
    row.metrics = round(row.metrics);
    if (row.comparison) row.comparison = round(row.comparison);
  }
}

/** The dark-social report with every count rounded; its ratios, times and depth as they were. */
export function roundDarkSocialReport(report: DarkSocialReport): DarkSocialReport {
  const { index, ga4, generations } = report;
  return {
    ...report,
    index: {
      ...index,
      visits: roundCount(index.visits),
      darkVisits: roundCount(index.darkVisits),
      byConfidence: {
        certain: roundCount(index.byConfidence.certain),
        likely: roundCount(index.byConfidence.likely),
        inferred: roundCount(index.byConfidence.inferred),
      },
      byMedium: index.byMedium.map((row) => ({ ...row, visits: roundCount(row.visits) })),
      bySource: index.bySource.map((row) => ({ ...row, visits: roundCount(row.visits) })),
    },
    ga4: {
      ...ga4,
      directVisits: roundCount(ga4.directVisits),
      darkSocialInDirect: roundCount(ga4.darkSocialInDirect),
    },
    topPages: report.topPages.map((row) => ({
      ...row,
      darkVisits: roundCount(row.darkVisits),
      visits: roundCount(row.visits),
    })),
    funnel: report.funnel.map((row) => ({
      ...row,
      previews: roundCount(row.previews),
      clicks: roundCount(row.clicks),
    })),
    generations: {
      ...generations,
      steps: generations.steps.map((step) => ({ ...step, visits: roundCount(step.visits) })),
    },
    roundedTo: STRICT_ROUNDING,
  };
}
