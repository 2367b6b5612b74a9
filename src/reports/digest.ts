import type { StatsService } from '../stats/stats-service.js';
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
  deps: { stats: StatsService; store: Pick<Store, 'getLink'>; baseUrl: string },
  site: Site,
  period: ReportPeriod,
): Promise<Digest> {
  const { stats } = deps;
  const [report, previous, apps] = await Promise.all([
    stats.darkSocial(site.id, [period.from, period.to]),
    stats.darkSocial(site.id, [period.previous.from, period.previous.to]),
    stats.query({
      site: site.domain,
      metrics: ['visits'],
      dimensions: ['page', 'source'],
      filters: [['is', 'channel', ['dark-social']]],
      date_range: [period.from, period.to],
      limit: 10_000,
    }),
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
      apps: apps.results
        .filter((row) => row.dimensions[0] === page.page && (row.metrics[0] ?? 0) > 0)
        .map((row) => ({ source: row.dimensions[1] ?? '', visits: row.metrics[0] ?? 0 }))
        .sort((a, b) => b.visits - a.visits || (a.source < b.source ? -1 : 1))
        .slice(0, 3),
    })),
    shareKits: await topKits(deps.store, report.funnel),
    goalsByChannel: null,
    ...(report.roundedTo === undefined ? {} : { roundedTo: report.roundedTo }),
    dashboardUrl: `${deps.baseUrl.replace(/\/$/, '')}/app`,
  };
}

/** The funnel's rows are per kit and variant: summed per kit, best by clicks. */
async function topKits(
  store: Pick<Store, 'getLink'>,
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
  for (const [id, kit] of best) {
    const link = await store.getLink(id);
    if (!link) continue;
    found.push({
      id,
      slug: link.slug,
      title: link.title,
      ...kit,
      clicksPerPreview: kit.previews > 0 ? Math.round((kit.clicks / kit.previews) * 100) / 100 : null,
    });
  }
  return found;
}
