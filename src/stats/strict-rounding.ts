import type { DarkSocialReport } from './dark-social-report.js';
import { ratio } from './ratio.js';

/**
 * Strict mode (DESIGN.md §4, the CNIL self-assessment reading) shows rounded counts: to the
 * nearest 10, so a report never singles out one or two people's visits; ratios are made of the
 * rounded counts. The stats query API rounds its sums as it computes (StatsQuery.roundTo).
 */
export const STRICT_ROUNDING = 10;

/** `value` to the nearest multiple of `step`. */
export const roundToStep = (value: number, step: number): number => Math.round(value / step) * step;

export const roundCount = (value: number): number => roundToStep(value, STRICT_ROUNDING);

/** `2026-05-10T08:05:12.000Z` → `2026-05-10`: a first preview or click of one person, to the day. */
const dayOf = (time: string | null): string | null => time?.slice(0, 10) ?? null;

/**
 * The dark-social report as a strict site shows it: every count rounded, and every ratio computed
 * again from the rounded counts — a share of 0.333 beside "0 visits" would give "1 of 3" away.
 * First preview and click times are cut to the day, and the minutes between them rounded to 10.
 */
export function roundDarkSocialReport(report: DarkSocialReport): DarkSocialReport {
  const { index, ga4, generations } = report;
  const visits = roundCount(index.visits);
  const darkVisits = roundCount(index.darkVisits);
  const directVisits = roundCount(ga4.directVisits);
  const darkSocialInDirect = roundCount(ga4.darkSocialInDirect);
  const steps = generations.steps.map((step) => ({ ...step, visits: roundCount(step.visits) }));
  const visitsAt = new Map(steps.map((step) => [step.generation, step.visits]));
  const later = steps.reduce((total, step) => total + (step.generation > 0 ? step.visits : 0), 0);
  return {
    ...report,
    index: {
      ...index,
      visits,
      darkVisits,
      share: ratio(darkVisits, visits),
      byConfidence: {
        certain: roundCount(index.byConfidence.certain),
        likely: roundCount(index.byConfidence.likely),
        inferred: roundCount(index.byConfidence.inferred),
      },
      byMedium: index.byMedium.map((row) => ({ ...row, visits: roundCount(row.visits) })),
      bySource: index.bySource.map((row) => ({ ...row, visits: roundCount(row.visits) })),
    },
    ga4: { directVisits, darkSocialInDirect, share: ratio(darkSocialInDirect, directVisits) },
    topPages: report.topPages.map((row) => {
      const [dark, all] = [roundCount(row.darkVisits), roundCount(row.visits)];
      return { ...row, darkVisits: dark, visits: all, darkShare: ratio(dark, all) };
    }),
    funnel: report.funnel.map((row) => {
      const [previews, clicks] = [roundCount(row.previews), roundCount(row.clicks)];
      return {
        ...row,
        previews,
        clicks,
        clicksPerPreview: ratio(clicks, previews),
        firstPreviewAt: dayOf(row.firstPreviewAt),
        firstClickAt: dayOf(row.firstClickAt),
        minutesToFirstClick: row.minutesToFirstClick === null ? null : roundCount(row.minutesToFirstClick),
        previewsByApp: row.previewsByApp
          .map((app) => ({ ...app, previews: roundCount(app.previews) }))
          .filter((app) => app.previews > 0),
      };
    }),
    generations: {
      ...generations,
      steps: steps.map((step) => ({
        ...step,
        ratio: step.generation === 0 ? null : ratio(step.visits, visitsAt.get(step.generation - 1) ?? 0),
      })),
      amplification: ratio(later, visitsAt.get(0) ?? 0),
    },
    roundedTo: STRICT_ROUNDING,
  };
}
