import type { DayRange } from '../stats/query-model.js';
import { ratio } from '../stats/ratio.js';
import { roundCount } from '../stats/strict-rounding.js';
import type { EventCountRow, EventType, Store } from '../store/store.js';
import { kitConversionTarget } from './kit-conversion-target.js';
import type { LinkView } from './link-view.js';

export interface EventTotals {
  clicks: number;
  previews: number;
  bots: number;
}

/**
 * One link of a kit, all time: its previews beside its own clicks (issue 16, docs/stats.md
 * "Clicks per preview"), and which apps drew the previews.
 */
export interface VariantStats extends EventTotals {
  variant: string;
  slug: string;
  /** This link's clicks ÷ this link's previews; null without previews. */
  clicksPerPreview: number | null;
  /** The apps that fetched this link to draw its preview (`imessage` for an SMS link …), most first. */
  previewsByApp: { source: string; previews: number }[];
}

export interface LinkStats {
  linkId: string;
  totals: EventTotals;
  /** Per share-kit variant (`main` for the kit's own slug): which link was used. */
  byVariant: VariantStats[];
  /** Per taxonomy channel (`dark-social`, `social` …). */
  byChannel: (EventTotals & { channel: string })[];
  /**
   * Per app or site (`whatsapp`, `imessage`, `googlebot` …) that made the request: a preview under
   * the app that fetched the link, a click under the link's channel. A row's previews and clicks
   * are not the same shares (iMessage draws the SMS link's preview, the tap is an SMS click):
   * compare them per variant.
   */
  bySource: (EventTotals & { source: string })[];
  /**
   * Goal conversions of the visits the kit's variants brought over `from`–`to` (docs/stats.md
   * "Goals and conversions"); null when the site has no goal.
   */
  conversions: KitConversions | null;
}

/** A kit's conversions over a period: on any goal, and per goal of the site. */
export interface KitConversions {
  from: string;
  to: string;
  /** Conversions on every goal: each goal once per visitor and day. */
  total: number;
  /** Visitors of a day who converted on any goal (not the sum of the goals': one may meet two). */
  converters: number;
  /** Every goal of the site, most conversions first. */
  byGoal: { goalId: string; goal: string; conversions: number; converters: number }[];
}

/** Short-link events only; other event types never carry a link id. */
const FIELD: Partial<Record<EventType, keyof EventTotals>> = {
  click: 'clicks',
  preview: 'previews',
  bot: 'bots',
};

function emptyTotals(): EventTotals {
  return { clicks: 0, previews: 0, bots: 0 };
}

function addTo<K extends string>(
  groups: Map<K, EventTotals>,
  key: K,
  field: keyof EventTotals,
  row: EventCountRow,
) {
  const totals = groups.get(key) ?? emptyTotals();
  totals[field] += row.count;
  groups.set(key, totals);
}

function sorted<K extends string, N extends string>(groups: Map<K, EventTotals>, name: N) {
  return [...groups]
    .map(([key, totals]) => ({ [name]: key, ...totals }) as EventTotals & Record<N, K>)
    .sort((a, b) => b.clicks + b.previews - (a.clicks + a.previews));
}

/**
 * Clicks, previews and bots of a link and its variants, by variant, channel and source. A strict
 * site's counts are rounded to the nearest 10 like its every report (docs/stats.md): the kit's
 * page shows them beside the stats API's, and an exact all-time count would give away what the
 * rounded period hides.
 */
export async function linkStats(
  store: LinkStatsStore,
  link: LinkView,
  /** The period of `conversions` (the other counts are all time); none: `conversions` is null. */
  range?: DayRange,
): Promise<LinkStats> {
  const [stats, site, conversions] = await Promise.all([
    exactLinkStats(store, link),
    store.getSite(link.siteId),
    range ? kitConversions(store, link, range) : null,
  ]);
  const exact = { ...stats, conversions };
  return site?.privacyMode === 'strict' ? roundLinkStats(exact, roundCount) : exact;
}

export type LinkStatsStore = Pick<Store, 'countLinkEvents' | 'getSite' | 'listVariants' | 'goals'>;

/**
 * The kit's conversions over `range`, from the goal claims (kitConversionTarget: landed on its
 * page from one of its channels); every goal listed, those without conversions too.
 */
async function kitConversions(
  store: LinkStatsStore,
  link: LinkView,
  range: DayRange,
): Promise<KitConversions | null> {
  const goals = await store.goals.listGoals(link.siteId);
  if (goals.length === 0) return null;
  const target = await kitConversionTarget(store, link);
  const query = { siteId: link.siteId, fromDay: range.from, toDay: range.to, kits: target ? [target] : [] };
  const [[any], byGoal] = target
    ? await Promise.all([store.goals.kitConversions(query), store.goals.kitConversionsByGoal(query)])
    : [[], []];
  const found = new Map(byGoal.map((row) => [row.goalId, row]));
  return {
    from: range.from,
    to: range.to,
    total: byGoal.reduce((sum, row) => sum + row.conversions, 0),
    converters: any?.converters ?? 0,
    byGoal: sortedGoals(
      goals.map((goal) => ({
        goalId: goal.id,
        goal: goal.name,
        conversions: found.get(goal.id)?.conversions ?? 0,
        converters: found.get(goal.id)?.converters ?? 0,
      })),
    ),
  };
}

/** Most conversions first; ties keep the site's goal order (sort is stable). */
function sortedGoals(rows: KitConversions['byGoal']): KitConversions['byGoal'] {
  return rows.sort((a, b) => b.conversions - a.conversions);
}

/** Every count rounded by `round`, ratios made again of the rounded counts, empty app rows left out. */
export function roundLinkStats(stats: LinkStats, round: (count: number) => number): LinkStats {
  const totals = (row: EventTotals): EventTotals => ({
    clicks: round(row.clicks),
    previews: round(row.previews),
    bots: round(row.bots),
  });
  return {
    ...stats,
    totals: totals(stats.totals),
    byVariant: stats.byVariant.map((row) => {
      const rounded = totals(row);
      return {
        ...row,
        ...rounded,
        clicksPerPreview: ratio(rounded.clicks, rounded.previews),
        previewsByApp: row.previewsByApp
          .map((app) => ({ ...app, previews: round(app.previews) }))
          .filter((app) => app.previews > 0),
      };
    }),
    byChannel: stats.byChannel.map((row) => ({ ...row, ...totals(row) })),
    bySource: stats.bySource.map((row) => ({ ...row, ...totals(row) })),
    conversions: stats.conversions && {
      ...stats.conversions,
      total: round(stats.conversions.total),
      converters: round(stats.conversions.converters),
      byGoal: sortedGoals(
        stats.conversions.byGoal.map((row) => ({
          ...row,
          conversions: round(row.conversions),
          converters: round(row.converters),
        })),
      ),
    },
  };
}

async function exactLinkStats(
  store: Pick<Store, 'countLinkEvents'>,
  link: LinkView,
): Promise<Omit<LinkStats, 'conversions'>> {
  const variants = new Map<string, { variant: string; slug: string }>([
    [link.id, { variant: 'main', slug: link.slug }],
  ]);
  for (const variant of link.variants)
    variants.set(variant.id, { variant: variant.channel, slug: variant.slug });
  const rows = await store.countLinkEvents([...variants.keys()]);
  const totals = emptyTotals();
  const byVariant = new Map<string, EventTotals>();
  const byChannel = new Map<string, EventTotals>();
  const bySource = new Map<string, EventTotals>();
  const appsOf = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const field = FIELD[row.type];
    if (!field) continue;
    totals[field] += row.count;
    addTo(byVariant, row.linkId, field, row);
    addTo(byChannel, row.channel, field, row);
    addTo(bySource, row.source, field, row);
    if (field === 'previews') {
      const apps = appsOf.get(row.linkId) ?? new Map<string, number>();
      apps.set(row.source, (apps.get(row.source) ?? 0) + row.count);
      appsOf.set(row.linkId, apps);
    }
  }
  return {
    linkId: link.id,
    totals,
    byVariant: [...variants].map(([id, names]) => {
      const counts = byVariant.get(id) ?? emptyTotals();
      return {
        ...names,
        ...counts,
        clicksPerPreview: ratio(counts.clicks, counts.previews),
        previewsByApp: [...(appsOf.get(id) ?? [])]
          .map(([source, previews]) => ({ source, previews }))
          .sort((a, b) => b.previews - a.previews || (a.source < b.source ? -1 : 1)),
      };
    }),
    byChannel: sorted(byChannel, 'channel'),
    bySource: sorted(bySource, 'source'),
  };
}
