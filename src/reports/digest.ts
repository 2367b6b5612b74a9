import type { StatsService } from '../stats/stats-service.js';
import { roundToStep } from '../stats/strict-rounding.js';
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
   * Goals and conversions by channel: filled by the goals work (issue 14, "Goals"); null until
   * goals exist, and the digest says nothing of them.
   */
  goalsByChannel: null;
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
  deps: { stats: StatsService; store: Pick<Store, 'getLinkBySlug' | 'outbox'>; baseUrl: string },
  site: Site,
  period: ReportPeriod,
): Promise<Digest> {
  const { stats } = deps;
  const [report, previous, pageApps] = await Promise.all([
    stats.darkSocial(site.id, [period.from, period.to]),
    stats.darkSocial(site.id, [period.previous.from, period.previous.to]),
    deps.store.outbox.countPageApps(site.id, period.from, period.to),
  ]);
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
    shareKits: await topKits(deps.store, report.funnel),
    goalsByChannel: null,
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
    });
  }
  return found;
}
