import type { StatsQueryInput } from '../../stats/query-model';
import { api, downloadCsv, seg } from './api';
import type { DateRange } from './dates';
import type { DarkSocialReport, ShareCascades, StatsResult } from './types';

/**
 * Where the Overview and Dark-social views read their numbers: a signed-in user's site
 * (`/api/stats/…`), or a public read-only link (`/api/public/:token/stats/…`). The questions are
 * the same either way (src/stats/dashboard-queries.ts).
 */
export interface StatsSource {
  /** The site's domain, as the stats API names it. */
  site: string;
  name: string;
  /** A public link: no editing, no links to the admin pages. */
  readOnly: boolean;
  query(question: StatsQueryInput, signal?: AbortSignal): Promise<StatsResult>;
  csv(question: StatsQueryInput, fileName: string): Promise<void>;
  darkSocial(range: DateRange, signal?: AbortSignal): Promise<DarkSocialReport>;
  /** Share cascades, those starting on pages containing `page` when given. */
  cascades(range: DateRange, page: string | undefined, signal?: AbortSignal): Promise<ShareCascades>;
}

function makeSource(prefix: string, site: string, name: string, readOnly: boolean): StatsSource {
  return {
    site,
    name,
    readOnly,
    query: (question, signal) =>
      api.post<StatsResult>(`${prefix}/stats/query`, question, {
        ...(signal ? { signal } : {}),
        quiet401: readOnly,
      }),
    csv: (question, fileName) => downloadCsv(`${prefix}/stats/query`, question, fileName),
    darkSocial: (range, signal) =>
      api.get<DarkSocialReport>(
        `${prefix}/stats/dark-social?${readOnly ? '' : `site=${seg(site)}&`}${range.search}`,
        signal ? { signal } : {},
      ),
    cascades: (range, page, signal) =>
      api.get<ShareCascades>(
        `${prefix}/stats/cascades?${readOnly ? '' : `site=${seg(site)}&`}${range.search}${page ? `&page=${seg(page)}` : ''}`,
        { ...(signal ? { signal } : {}), quiet401: readOnly },
      ),
  };
}

export function siteStatsSource(site: { domain: string; name: string }): StatsSource {
  return makeSource('/api', site.domain, site.name, false);
}

export function publicStatsSource(token: string, site: { domain: string; name: string }): StatsSource {
  return makeSource(`/api/public/${seg(token)}`, site.domain, site.name, true);
}

/** A file name for a table's CSV: site, table and range, nothing a file system could choke on. */
export function csvName(site: string, table: string, range: DateRange): string {
  const span = range.from && range.to ? `${range.from}_${range.to}` : range.choice;
  return `${site}_${table}_${span}.csv`.replace(/[^a-z0-9._-]/gi, '_');
}
