import { kitConversionTarget } from '../links/kit-conversion-target.js';
import { goalRevenue } from '../stats/goal-revenue.js';
import type { StatsService } from '../stats/stats-service.js';
import { roundToStep } from '../stats/strict-rounding.js';
import type { Goal } from '../store/goal-store.js';
import type { PageAppRow } from '../store/outbox-store.js';
import type { Site, Store } from '../store/store.js';
import type { ReportPeriod } from './report-period.js';

/** One article spreading privately, with the apps behind it. */
export interface DigestArticle {
  page: string;
  darkVisits: number;
  visits: number;
  apps: { source: string; visits: number }[];
}

/** A share kit that worked: previews (shares into chats), the clicks they drew, and their ratio. */
export interface DigestKit {
  id: string;
  slug: string;
  title: string | null;
  previews: number;
  clicks: number;
  clicksPerPreview: number | null;
  /**
   * Conversions (on any goal) of the visits its variants brought: visits that landed on the kit's
   * page from one of its channels (goal-store.ts, kitConversions); null when the site has no goal.
   */
  conversions: number | null;
}

/** One goal's conversions over the period, by the channel they are credited to. */
export interface DigestGoal {
  id: string;
  name: string;
  conversions: number;
  converters: number;
  /** Converters ÷ the site's visitors over the period (0–1); null without visitors. */
  conversionRate: number | null;
  /** Sums per currency (ISO 4217), never converted between currencies, to the currency's minor unit. */
  revenue: { currency: string; amount: number }[];
  /** Largest first; dark social split by app (`apps`, largest first: the sources behind it). */
  byChannel: { channel: string; conversions: number; apps?: { source: string; conversions: number }[] }[];
}

/** The figures of a weekly or monthly digest (issue 14, "Reports"), before any language. */
export interface Digest {
  site: { id: string; domain: string; name: string };
  period: Pick<ReportPeriod, 'kind' | 'key' | 'from' | 'to'>;
  darkSocial: {
    visits: number;
    darkVisits: number;
    /** Dark-social visits ÷ visits; null without visits. */
    share: number | null;
    previousShare: number | null;
    /** share − previousShare, in percentage points; null when either is missing. */
    trendPoints: number | null;
  };
  topArticles: DigestArticle[];
  shareKits: DigestKit[];
  /**
   * Goals and their conversions by channel (issue 14, "Goals"), best first; null when the site has
   * no goal, and the digest says nothing of them.
   */
  goalsByChannel: DigestGoal[] | null;
  /** A strict site's counts are rounded to this. */
  roundedTo?: number;
  dashboardUrl: string;
}

const TOP = 5;

/**
 * The digest of a site over a period, from the stats services (the same answers as the
 * dashboard's Dark social view): the index and its trend against the period before, the top
 * articles by dark-social visits with their apps, and the share kits by clicks.
 */
export async function buildDigest(
  deps: {
    stats: StatsService;
    store: Pick<Store, 'getLinkBySlug' | 'listVariants' | 'outbox' | 'goals'>;
    baseUrl: string;
  },
  site: Site,
  period: ReportPeriod,
): Promise<Digest> {
  const { stats } = deps;
  const [report, previous, pageApps, goals] = await Promise.all([
    stats.darkSocial(site.id, [period.from, period.to]),
    stats.darkSocial(site.id, [period.previous.from, period.previous.to]),
    deps.store.outbox.countPageApps(site.id, period.from, period.to),
    deps.store.goals.listGoals(site.id),
  ]);
  const round = (n: number) => (report.roundedTo === undefined ? n : roundToStep(n, report.roundedTo));
  const kits = await topKits(deps.store, report.funnel);
  const share = report.index.share;
  const previousShare = previous.index.share;
  return {
    site: { id: site.id, domain: site.domain, name: site.name },
    period: { kind: period.kind, key: period.key, from: period.from, to: period.to },
    darkSocial: {
      visits: report.index.visits,
      darkVisits: report.index.darkVisits,
      share,
      previousShare,
      trendPoints:
        share === null || previousShare === null ? null : Math.round((share - previousShare) * 1000) / 10,
    },
    topArticles: report.topPages.slice(0, TOP).map((page) => ({
      page: page.page,
      darkVisits: page.darkVisits,
      visits: page.visits,
      apps: topApps(pageApps, page.page, report.roundedTo),
    })),
    shareKits: goals.length === 0 ? kits : await withConversions(deps.store, site, period, kits, round),
    goalsByChannel: goals.length === 0 ? null : await goalsByChannel(deps, site, period, goals, round),
    ...(report.roundedTo === undefined ? {} : { roundedTo: report.roundedTo }),
    dashboardUrl: `${deps.baseUrl.replace(/\/$/, '')}/app`,
  };
}

/**
 * The page's three main apps by dark-social page views (a strict site's rounded, the ones that
 * round to nothing left out).
 */
function topApps(
  rows: readonly PageAppRow[],
  page: string,
  roundedTo: number | undefined,
): DigestArticle['apps'] {
  const round = (n: number) => (roundedTo === undefined ? n : roundToStep(n, roundedTo));
  return rows
    .filter((row) => row.path === page)
    .map((row) => ({ source: row.source, visits: round(row.count) }))
    .filter((app) => app.visits > 0)
    .sort((a, b) => b.visits - a.visits || (a.source < b.source ? -1 : 1))
    .slice(0, 3);
}

/** The funnel's rows are per kit (its main link's slug) and variant: summed per kit, best by clicks. */
async function topKits(
  store: Pick<Store, 'getLinkBySlug'>,
  funnel: readonly { link: string; previews: number; clicks: number }[],
): Promise<DigestKit[]> {
  const kits = new Map<string, { previews: number; clicks: number }>();
  for (const row of funnel) {
    const kit = kits.get(row.link) ?? { previews: 0, clicks: 0 };
    kit.previews += row.previews;
    kit.clicks += row.clicks;
    kits.set(row.link, kit);
  }
  const best = [...kits]
    .filter(([, kit]) => kit.previews + kit.clicks > 0)
    .sort(([a, x], [b, y]) => y.clicks - x.clicks || y.previews - x.previews || (a < b ? -1 : 1))
    .slice(0, TOP);
  const found: DigestKit[] = [];
  for (const [slug, kit] of best) {
    const link = await store.getLinkBySlug(slug);
    if (!link) continue;
    found.push({
      id: link.id,
      slug: link.slug,
      title: link.title,
      ...kit,
      clicksPerPreview: kit.previews > 0 ? Math.round((kit.clicks / kit.previews) * 100) / 100 : null,
      conversions: null,
    });
  }
  return found;
}

/** The kits' conversions: visits that landed on the kit's page through one of its variants' channels. */
async function withConversions(
  store: Pick<Store, 'getLinkBySlug' | 'listVariants' | 'goals'>,
  site: Site,
  period: ReportPeriod,
  kits: readonly DigestKit[],
  round: (n: number) => number,
): Promise<DigestKit[]> {
  const asked = [];
  for (const kit of kits) {
    const link = await store.getLinkBySlug(kit.slug);
    const target = link && (await kitConversionTarget(store, link));
    if (target) asked.push(target);
  }
  const rows =
    asked.length === 0
      ? []
      : await store.goals.kitConversions({
          siteId: site.id,
          fromDay: period.from,
          toDay: period.to,
          kits: asked,
        });
  const found = new Map(rows.map((row) => [row.linkId, row.conversions]));
  return kits.map((kit) => ({ ...kit, conversions: round(found.get(kit.id) ?? 0) }));
}

/**
 * Each goal's conversions over the period by the channel they are credited to, dark social split
 * by app; revenue per currency; the conversion rate over the site's visitors. A strict site's
 * counts are rounded (the rate from the rounded counts), and a goal whose conversions round to
 * nothing is left out with its revenue; revenue itself stays exact, as in the stats API.
 */
async function goalsByChannel(
  deps: { stats: StatsService; store: Pick<Store, 'goals'> },
  site: Site,
  period: ReportPeriod,
  goals: readonly Goal[],
  round: (n: number) => number,
): Promise<DigestGoal[]> {
  const query = { siteId: site.id, fromDay: period.from, toDay: period.to, goalIds: null };
  const [byChannel, byCurrency, visitorsResult] = await Promise.all([
    deps.store.goals.goalConversions({ ...query, by: ['channel', 'source'] }),
    deps.store.goals.goalConversions({ ...query, by: ['currency'] }),
    deps.stats.query({ site: site.id, metrics: ['visitors'], date_range: [period.from, period.to] }),
  ]);
  const visitors = Number(visitorsResult.results[0]?.metrics[0] ?? 0);
  const found: DigestGoal[] = [];
  for (const goal of goals) {
    const rows = byChannel.filter((row) => row.goalId === goal.id);
    const conversions = round(rows.reduce((total, row) => total + row.conversions, 0));
    if (conversions === 0) continue;
    const converters = round(rows.reduce((total, row) => total + row.converters, 0));
    const channels = new Map<string, { conversions: number; apps: Map<string, number> }>();
    for (const row of rows) {
      const channel = row.channel ?? '';
      const entry = channels.get(channel) ?? { conversions: 0, apps: new Map<string, number>() };
      entry.conversions += row.conversions;
      entry.apps.set(row.source ?? '', (entry.apps.get(row.source ?? '') ?? 0) + row.conversions);
      channels.set(channel, entry);
    }
    found.push({
      id: goal.id,
      name: goal.name,
      conversions,
      converters,
      conversionRate: visitors > 0 ? Math.round((converters / visitors) * 10_000) / 10_000 : null,
      revenue: goalRevenue(byCurrency, goal.id),
      byChannel: [...channels]
        .map(([channel, entry]) => ({
          channel,
          conversions: round(entry.conversions),
          ...(channel === 'dark-social'
            ? {
                apps: [...entry.apps]
                  .map(([source, n]) => ({ source, conversions: round(n) }))
                  .filter((app) => app.conversions > 0)
                  .sort((a, b) => b.conversions - a.conversions || (a.source < b.source ? -1 : 1)),
              }
            : {}),
        }))
        .filter((entry) => entry.conversions > 0)
        .sort((a, b) => b.conversions - a.conversions || (a.channel < b.channel ? -1 : 1)),
    });
  }
  return found.sort((a, b) => b.conversions - a.conversions || (a.name < b.name ? -1 : 1));
}
