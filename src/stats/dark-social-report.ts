import type { Aggregate } from '../store/rollups/rollup-query.js';
import type { DayRange, Dimension, Filter, Metric, StatsQuery, StatsRow } from './query-model.js';
import { rangeSegments, segmentBounds } from './range-segments.js';
import { ratio } from './ratio.js';
import { runStatsQuery } from './stats-engine.js';
import type { StatsStore } from './stats-store.js';

/** The dark social index: how much of a site's human arrivals came through private channels. */
export interface DarkSocialIndex {
  visits: number;
  darkVisits: number;
  /** darkVisits ÷ visits, null without visits. */
  share: number | null;
  /** Dark-social visits by how sure the classification is. */
  byConfidence: { certain: number; likely: number; inferred: number };
  byMedium: { medium: string; visits: number }[];
  bySource: { source: string; visits: number }[];
}

/**
 * One link of a share kit: its previews beside its own clicks (issue 16). A preview counts for the
 * link that was fetched, whichever app fetched it: iMessage drawing the preview of the SMS link is
 * a preview of the SMS link, and a click on it is that link's click. The apps that drew the
 * previews are a breakdown, `previewsByApp`.
 */
export interface ShareFunnelRow {
  /** The share kit, by its slug. */
  link: string;
  /** The kit's link that was shared, by its slug (the kit's own slug for its main link). */
  variant: string;
  previews: number;
  clicks: number;
  /** clicks ÷ previews of this one link; null without previews. */
  clicksPerPreview: number | null;
  firstPreviewAt: string | null;
  firstClickAt: string | null;
  /** From the first preview to the first click after it, in minutes; null if either is missing. */
  minutesToFirstClick: number | null;
  /** Which apps drew this link's previews (`whatsapp`, `imessage`, `facebook` …), most first. */
  previewsByApp: { source: string; previews: number }[];
}

export interface GenerationStep {
  generation: number;
  visits: number;
  /** Visits at this generation ÷ visits at the one before (null for generation 0). */
  ratio: number | null;
}

export interface DarkSocialReport {
  range: DayRange;
  index: DarkSocialIndex;
  /** What GA4's default channel grouping would have shown as "Direct", and how much of it is dark social. */
  ga4: { directVisits: number; darkSocialInDirect: number; share: number | null };
  topPages: { page: string; darkVisits: number; visits: number; darkShare: number | null }[];
  funnel: ShareFunnelRow[];
  generations: { steps: GenerationStep[]; depth: number; amplification: number | null };
  /** A strict site's counts are rounded to this (strict-rounding.ts); absent when exact. */
  roundedTo?: number;
}

const TOP = 10;

/**
 * The dark-social questions of issue #5 in one answer, each from the rollups: the index split by
 * confidence, the GA4 "Direct" comparison, top pages by dark visits, the share funnel of every
 * kit's link (its previews → its clicks, time to the first click, the apps that drew the
 * previews), and share generations.
 */
export async function darkSocialReport(
  store: StatsStore,
  siteId: string,
  range: DayRange,
  /** The site's local day now (see StatsQuery.today). */
  today?: string,
  /** How edge months are read (range-segments.ts): `add` only to compare with the default. */
  edges: 'cheapest' | 'add' = 'cheapest',
): Promise<DarkSocialReport> {
  const ask: Ask = async (metrics, dimensions, filters = [], limit = 1_000) =>
    (
      await runStatsQuery(
        store,
        {
          siteId,
          metrics,
          dimensions,
          filters,
          range,
          comparison: null,
          orderBy: [],
          limit,
          offset: 0,
          ...(today === undefined ? {} : { today }),
        } satisfies StatsQuery,
        edges,
      )
    ).rows;
  const number = (value: number | null | undefined): number => value ?? 0;

  // One read of the daily traffic table answers the index, its splits and the GA4 comparison;
  // one read of the page totals the top pages (SQLite runs reads one after the other: fewer is faster).
  const [traffic, pages, generations, funnel] = await Promise.all([
    ask(['visits', 'ga4_direct_visits'], ['channel', 'medium', 'source', 'confidence'], [], 100_000),
    ask(['visits', 'dark_social_share'], ['page'], [], 100_000),
    ask(['visits'], ['generation']),
    shareFunnel(store, siteId, range, today),
  ]);
  const sum = (rows: readonly StatsRow[], metric: number) =>
    rows.reduce((total, row) => total + number(row.metrics[metric]), 0);
  const dark = traffic.filter((row) => row.dimensions[0] === 'dark-social');
  const visits = sum(traffic, 0);
  const darkVisits = sum(dark, 0);
  const split = (dimension: number) => {
    const totals = new Map<string, number>();
    for (const row of dark) {
      const key = row.dimensions[dimension] ?? '';
      totals.set(key, (totals.get(key) ?? 0) + number(row.metrics[0]));
    }
    return [...totals].filter(([, count]) => count > 0).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  };
  const byConfidence = new Map(split(3));
  const directVisits = sum(traffic, 1);
  const darkSocialInDirect = sum(dark, 1);
  const topPages = pages
    .map((row) => {
      const pageVisits = number(row.metrics[0]);
      const share = row.metrics[1] ?? null;
      // share = dark visits ÷ visits of whole numbers: the product is that whole number.
      return {
        page: row.dimensions[0] ?? '',
        darkVisits: Math.round(pageVisits * (share ?? 0)),
        visits: pageVisits,
        darkShare: share,
      };
    })
    .filter((row) => row.darkVisits > 0)
    .sort((a, b) => b.darkVisits - a.darkVisits || (a.page < b.page ? -1 : 1))
    .slice(0, TOP);

  const steps = generations
    .map((row) => ({ generation: Number(row.dimensions[0]), visits: number(row.metrics[0]) }))
    .filter((row) => row.visits > 0)
    .sort((a, b) => a.generation - b.generation);
  const visitsAt = new Map(steps.map((step) => [step.generation, step.visits]));
  const later = steps.filter((step) => step.generation > 0).reduce((total, step) => total + step.visits, 0);

  return {
    range,
    index: {
      visits,
      darkVisits,
      share: ratio(darkVisits, visits),
      byConfidence: {
        certain: byConfidence.get('certain') ?? 0,
        likely: byConfidence.get('likely') ?? 0,
        inferred: byConfidence.get('inferred') ?? 0,
      },
      byMedium: split(1).map(([medium, count]) => ({ medium, visits: count })),
      bySource: split(2)
        .slice(0, TOP)
        .map(([source, count]) => ({ source, visits: count })),
    },
    ga4: { directVisits, darkSocialInDirect, share: ratio(darkSocialInDirect, directVisits) },
    topPages,
    funnel,
    generations: {
      steps: steps.map((step) => ({
        ...step,
        ratio: step.generation === 0 ? null : ratio(step.visits, visitsAt.get(step.generation - 1) ?? 0),
      })),
      depth: steps.at(-1)?.generation ?? 0,
      amplification: ratio(later, visitsAt.get(0) ?? 0),
    },
  };
}

type Ask = (
  metrics: Metric[],
  dimensions: Dimension[],
  filters?: Filter[],
  limit?: number,
) => Promise<StatsRow[]>;

const linkType = (type: 'click' | 'preview', fn: Aggregate['fn'], column: string): Aggregate => ({
  fn,
  column,
  when: { column: 'type', op: 'eq', value: type },
});

type Merged = { previews: number; clicks: number; firstPreview: number | null; firstClick: number | null };

const earliest = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a == null ? (b ?? null) : b == null ? a : Math.min(a, b);

/**
 * Previews and clicks per link of each share kit, with the first of each (the rollup keeps each
 * day's first) and the apps that drew the previews.
 */
async function shareFunnel(
  store: StatsStore,
  siteId: string,
  range: DayRange,
  today: string | undefined,
): Promise<ShareFunnelRow[]> {
  // Whole months from the monthly link table, the days at either end from the daily one; counts
  // add up across the reads, first times take the earliest. Grouped by app too, for the breakdown.
  const reads = await Promise.all(
    rangeSegments({ source: 'links' }, [], range, today).map((segment) =>
      store.queryRollup({
        source: segment.source,
        siteId,
        ...segmentBounds(segment.source, segment.range),
        groupBy: ['link', 'variant', 'source'],
        aggregates: [
          linkType('preview', 'sum', 'hits'),
          linkType('click', 'sum', 'hits'),
          linkType('preview', 'min', 'first_at'),
          linkType('click', 'min', 'first_at'),
        ],
        filters: [{ column: 'type', operator: 'is', values: ['preview', 'click'] }],
      }),
    ),
  );
  const links = new Map<string, Merged & { link: string; variant: string; apps: Map<string, number> }>();
  for (const row of reads.flat()) {
    const [link = '', variant = '', source = ''] = row.groups.map(String);
    const [previews, clicks, firstPreview, firstClick] = row.values;
    const key = JSON.stringify([link, variant]);
    const seen = links.get(key) ?? {
      link,
      variant,
      previews: 0,
      clicks: 0,
      firstPreview: null,
      firstClick: null,
      apps: new Map<string, number>(),
    };
    seen.previews += previews ?? 0;
    seen.clicks += clicks ?? 0;
    seen.firstPreview = earliest(seen.firstPreview, firstPreview);
    seen.firstClick = earliest(seen.firstClick, firstClick);
    if (previews) seen.apps.set(source, (seen.apps.get(source) ?? 0) + previews);
    links.set(key, seen);
  }
  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  return [...links.values()]
    .map(({ link, variant, previews, clicks, firstPreview, firstClick, apps }) => ({
      link,
      variant,
      previews,
      clicks,
      clicksPerPreview: ratio(clicks, previews),
      firstPreviewAt: iso(firstPreview),
      firstClickAt: iso(firstClick),
      minutesToFirstClick:
        firstPreview != null && firstClick != null && firstClick >= firstPreview
          ? Math.round((firstClick - firstPreview) / 60_000)
          : null,
      previewsByApp: [...apps]
        .map(([source, count]) => ({ source, previews: count }))
        .sort((a, b) => b.previews - a.previews || (a.source < b.source ? -1 : 1)),
    }))
    .sort(
      (a, b) =>
        b.previews + b.clicks - (a.previews + a.clicks) ||
        (a.link < b.link ? -1 : a.link > b.link ? 1 : a.variant < b.variant ? -1 : 1),
    );
}
