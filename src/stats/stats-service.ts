import type { Site, Store } from '../store/store.js';
import { type CustomEventsReport, customEventsReport } from './custom-events-report.js';
import { type DarkSocialReport, darkSocialReport } from './dark-social-report.js';
import { localDay, previousPeriod, resolveDateRange } from './date-range.js';
import { type GoalStatsStore, runGoalQuery } from './goal-engine.js';
import { isGoalQuery } from './goal-query-check.js';
import type { DayRange, StatsQuery, StatsQueryInput, StatsResult } from './query-model.js';
import { type CascadeOptions, type ShareCascades, shareCascades } from './share-cascades.js';
import { runStatsQuery } from './stats-engine.js';
import type { StatsStore } from './stats-store.js';
import { roundDarkSocialReport, STRICT_ROUNDING } from './strict-rounding.js';

/**
 * The rollups, the goal rollups (goal metrics, docs/goals.md), and the raw events that share
 * cascades and the custom-events report are drawn from.
 */
export type StatsServiceStore = StatsStore & Pick<Store, 'listEvents'> & Pick<GoalStatsStore, 'goals'>;

export { STRICT_ROUNDING } from './strict-rounding.js';

export class SiteNotFoundError extends Error {
  constructor(readonly domain: string) {
    super(`There is no site "${domain}".`);
    this.name = 'SiteNotFoundError';
  }
}

/**
 * The stats query API's service (issue #5): finds the site, makes the date range concrete in
 * the site's time zone, and answers from the rollups.
 */
export class StatsService {
  constructor(
    private readonly store: StatsServiceStore,
    /** Finds a site by id or domain (SiteService.find): the one place that knows how. */
    private readonly sites: { find(reference: string): Promise<Site | undefined> },
    private readonly now: () => number = Date.now,
  ) {}

  /** A site by its domain (any case, with or without `www.`) or its id. */
  async site(reference: string): Promise<Site> {
    const site = await this.sites.find(reference);
    if (!site) throw new SiteNotFoundError(reference);
    return site;
  }

  async darkSocial(reference: string, dateRange: StatsQueryInput['date_range']): Promise<DarkSocialReport> {
    const site = await this.site(reference);
    const range = await this.range(site, dateRange);
    const report = await darkSocialReport(this.store, site.id, range, localDay(this.now(), site.timezone));
    return site.privacyMode === 'strict' ? roundDarkSocialReport(report) : report;
  }

  /** Share cascades of a `consented` site as anonymous trees (share-cascades.ts); other modes say why not. */
  async cascades(
    reference: string,
    dateRange: StatsQueryInput['date_range'],
    options: Pick<CascadeOptions, 'page' | 'limit'> = {},
  ): Promise<ShareCascades> {
    const site = await this.site(reference);
    const range = await this.range(site, dateRange);
    return shareCascades(this.store, site, range, options);
  }

  /** Custom events by name, and one event's property values (custom-events-report.ts), from raw events. */
  async customEvents(
    reference: string,
    dateRange: StatsQueryInput['date_range'],
    options: { event?: string | undefined } = {},
  ): Promise<CustomEventsReport> {
    const site = await this.site(reference);
    const range = await this.range(site, dateRange);
    return customEventsReport(this.store, site, range, options);
  }

  async range(site: Site, input: StatsQueryInput['date_range']): Promise<DayRange> {
    const firstDay = input === 'all' ? await this.store.firstDataDay(site.id) : undefined;
    return resolveDateRange(input, site.timezone, this.now(), firstDay);
  }

  async query(input: StatsQueryInput): Promise<StatsResult> {
    const site = await this.site(input.site);
    const range = await this.range(site, input.date_range);
    const comparison = input.compare === 'previous_period' ? previousPeriod(range) : null;
    const today = localDay(this.now(), site.timezone);
    const query: StatsQuery = {
      siteId: site.id,
      metrics: input.metrics,
      dimensions: input.dimensions ?? [],
      filters: input.filters ?? [],
      range,
      comparison,
      orderBy: input.order_by ?? [],
      limit: input.limit ?? 1_000,
      offset: input.offset ?? 0,
      today,
      ...(site.privacyMode === 'strict' ? { roundTo: STRICT_ROUNDING } : {}),
    };
    const { rows, total } = isGoalQuery(query)
      ? await runGoalQuery(this.store, query)
      : await runStatsQuery(this.store, query);
    return {
      results: rows,
      meta: {
        total_rows: total,
        source: 'rollup',
        date_range: range,
        ...(comparison ? { comparison_range: comparison } : {}),
        time_zone: site.timezone,
        today,
        ...(site.privacyMode === 'strict' ? { rounded_to: STRICT_ROUNDING } : {}),
      },
      query: input,
    };
  }
}
