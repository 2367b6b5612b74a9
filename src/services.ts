import { LoginLimiter } from './accounts/login-limiter.js';
import { PublicLinkService } from './accounts/public-link-service.js';
import { SessionService } from './accounts/session-service.js';
import { SetupToken } from './accounts/setup-token.js';
import { UserService } from './accounts/user-service.js';
import type { Config } from './config.js';
import { chooseEventWriter } from './events/choose-event-writer.js';
import { withDeadline } from './events/deadline.js';
import { EventSink } from './events/event-sink.js';
import { EventSpool } from './events/event-spool.js';
import { IngestService } from './events/ingest-service.js';
import { FunnelService } from './funnels/funnel-service.js';
import { GoalService } from './goals/goal-service.js';
import { LinkCache } from './links/link-cache.js';
import { LinkService } from './links/link-service.js';
import { RedirectService } from './links/redirect-service.js';
import { createDeliveryServices, type DeliveryServices } from './outbox/delivery-services.js';
import { AuditLog } from './privacy/audit-log.js';
import { type CountryLookup, openCountryDatabase, trustedCountryHeaders } from './privacy/country.js';
import { RateLimiter } from './privacy/rate-limiter.js';
import { runRetentionJob } from './privacy/retention-job.js';
import { DailySalts } from './privacy/salts.js';
import { DemoStatus } from './seed/demo-status.js';
import { InstallWatch } from './sites/install-watch.js';
import { SiteDirectory } from './sites/site-directory.js';
import { SitePrivacyCache } from './sites/site-privacy-cache.js';
import { SiteService } from './sites/site-service.js';
import { RealtimeService } from './stats/realtime-service.js';
import { StatsService } from './stats/stats-service.js';
import { openStore } from './store/open-store.js';
import { RollupFolder } from './store/rollups/rollup-folder.js';
import type { Store } from './store/store.js';

/** Where services report what went wrong in the background (a logger in the server). */
export interface ServiceLog {
  error(details: Record<string, unknown>, message: string): void;
  /** State changes worth a line that are not errors (the event store recovered). */
  info?(details: Record<string, unknown>, message: string): void;
}

export interface Services {
  config: Readonly<Config>;
  store: Store;
  sites: SiteService;
  links: LinkService;
  sink: EventSink;
  redirects: RedirectService;
  ingest: IngestService;
  /** Who is on a site in the last 30 minutes (a 1 s memo per site). */
  realtime: RealtimeService;
  /** The stats query API, answered from the rollups. */
  stats: StatsService;
  /** A site's goals: page, custom-event and share goals (issue 14, docs/goals.md). */
  goals: GoalService;
  /** Saved funnels of goals and their results by channel (issue 14, docs/funnels.md). */
  funnels: FunnelService;
  /** Tracker events per client, keyed by a keyed hash of the address. */
  eventLimiter: RateLimiter;
  /** Dashboard users: setup of the first owner, sign-in checks, passwords, roles. */
  users: UserService;
  /** Dashboard sessions (cookie secret → hashed session id). */
  sessions: SessionService;
  /** Sign-in attempts per email and client, keyed by a keyed hash. */
  loginLimiter: LoginLimiter;
  /** The one-time setup token of a fresh install, in memory only. */
  setup: SetupToken;
  /** Read-only share links to one site's dashboard. */
  publicLinks: PublicLinkService;
  /** The audit trail of administrative actions (src/privacy/audit-log.ts). */
  audit: AuditLog;
  /** Webhooks, report recipients, digests and the outbox that sends them (issue 14). */
  delivery: DeliveryServices;
  /** How far the background seeding of a fresh install's demo site has got (src/seed/start-demo.ts). */
  demo: DemoStatus;
  /**
   * Flushes pending events, stops background work and closes the store. Past `deadline` (ms since
   * the epoch) the server's pending events go to the spool instead (EventSink.close).
   */
  close(deadline?: number): Promise<void>;
}

/**
 * SQLite's page cache of the server's request connection, in MiB, against 64 for a connection
 * that writes events: every page read stays resident up to the bound, and loading 100,000 links
 * at start filled 35 MiB that nothing read again. Reads the OS cache does not hold cost a `pread`.
 */
const REQUEST_CACHE_MIB = 8;

/**
 * Opens the store and wires the services the HTTP server and the CLI share. `warmCache` loads
 * every link into memory and polls for changes: the server needs it, a one-shot CLI command not.
 */
export async function createServices(
  config: Readonly<Config>,
  options: { warmCache: boolean; log?: ServiceLog },
): Promise<Services> {
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    postgresTimeouts: config.postgresTimeouts,
    // The server's request connection, when the writer thread writes the events, only reads:
    // links once at start, then stats (issue 12's memory target; docs/architecture.md, "Memory").
    ...(options.warmCache && config.writerThread ? { sqliteCacheMiB: REQUEST_CACHE_MIB } : {}),
  });
  const log = options.log;
  const sitePrivacy = new SitePrivacyCache(store);
  const directory = new SiteDirectory(store);
  const sites = new SiteService(store, {
    allowPrivateTargets: config.allowPrivateTargets,
    defaultDomain: new URL(config.baseUrl).hostname,
    privacy: sitePrivacy,
    changed: () => directory.invalidate(),
  });
  const cache = new LinkCache(store, {
    onError: (error) => log?.error({ err: error }, 'link cache refresh failing; serving the links it knows'),
    onRecover: () => log?.info?.({}, 'link cache refresh recovered'),
  });
  const links = new LinkService(store, sites, config, cache);
  // The server spools events while the store fails (issue 13, finding 3); a one-shot CLI command
  // flushes and reports a failure itself.
  const spool = options.warmCache
    ? await EventSpool.open({ dir: config.spoolDir, maxBytes: config.spoolMaxBytes })
    : undefined;
  // The server folds stored events into the rollups about once a second (rollup-folder.ts), on
  // the writer thread when there is one; a one-shot CLI command leaves it to the next server, or
  // folds itself (seed, import-log).
  const foldHere = options.warmCache && config.foldRollups;
  // Once per failing streak and once at its end (rollup-folder.ts backs off in between).
  const onFoldError = (error: unknown) =>
    log?.error({ err: error }, 'rollup folds failing; retrying with backoff');
  const onFoldRecovered = (failedForMs: number) =>
    log?.info?.({ failedForMs }, `rollup folds recovered after ${Math.round(failedForMs / 1000)} s`);
  const { writer, foldsRollups } = chooseEventWriter(config, store, {
    server: options.warmCache,
    fold: foldHere,
    onThreadExit: (error) => log?.error({ err: error }, 'event writer thread ended; started a new one'),
    onFoldError,
    onFoldRecovered,
    onReady: () => log?.info?.({ fold: foldHere }, 'event writer thread ready'),
  });
  const sink = new EventSink({ writer, spool, log });
  const redirects = new RedirectService(cache, sink, {
    redirectStatus: config.redirectStatus,
    privacyOf: (siteId) => sitePrivacy.privacyOf(siteId),
  });
  const salts = new DailySalts(store);
  const countries: CountryLookup | undefined = config.geoIpDatabase
    ? await openCountryDatabase(config.geoIpDatabase)
    : undefined;
  const countryHeaders = trustedCountryHeaders(config.trustProxy);
  const install = new InstallWatch(store, (error) =>
    log?.error({ err: error }, 'install check: could not record an origin'),
  );
  const ingest = new IngestService({ sites: directory, salts, sink, countries, countryHeaders, install });
  const realtime = new RealtimeService(store);
  const stats = new StatsService(store, sites);
  const eventLimiter = new RateLimiter({ rate: config.eventRate, burst: config.eventBurst });
  const setup = new SetupToken();
  const users = new UserService(store, setup);
  const sessions = new SessionService(store);
  const publicLinks = new PublicLinkService(store, config.baseUrl);
  const audit = new AuditLog(store);
  const delivery = createDeliveryServices(config, store, stats, log);
  // Salts older than 48 h are deleted at start and every hour (DESIGN.md §4; Plausible's salts.ex),
  // and raw events past their site's retention limit (retention.ts), old audit entries
  // (retention-job.ts) and expired dashboard sessions on the same beat.
  const retention = () =>
    runRetentionJob({ store, audit, auditRetentionMonths: config.auditRetentionMonths }).then(
      () => undefined,
      (error) => log?.error({ err: error }, 'retention job failed'),
    );
  const purgeSessions = () =>
    sessions.purgeExpired().then(
      () => undefined,
      (error) => log?.error({ err: error }, 'expired session cleanup failed'),
    );
  const hourly = async () => {
    await salts.rotate().catch((error) => log?.error({ err: error }, 'salt rotation failed'));
    await purgeSessions();
    await retention();
  };
  const folder =
    foldHere && !foldsRollups
      ? new RollupFolder(store, { onError: onFoldError, onRecovered: onFoldRecovered })
      : undefined;
  folder?.start();
  let background: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;
  const rotation = options.warmCache
    ? setInterval(() => {
        background = hourly();
      }, 3_600_000)
    : undefined;
  rotation?.unref();
  if (options.warmCache) {
    await salts.rotate();
    // Today's salt now, while the store answers: a day that then starts during an outage
    // carries on from it in memory (salts.ts), instead of failing page views.
    await salts.saltFor(Date.now());
    await purgeSessions();
    await cache.start();
    await sitePrivacy.start((error) => log?.error({ err: error }, 'site privacy settings refresh failed'));
    // Changes committed by other instances, heard at once where the store can tell (PostgreSQL
    // LISTEN/NOTIFY, issue 13 finding 6); the polls above remain the fallback.
    unsubscribe = store.onChange?.((change) => {
      if (change === 'links') return void cache.refreshNow();
      directory.invalidate();
      sites.sitesChanged();
      sitePrivacy
        .refresh()
        .catch((error) => log?.error({ err: error }, 'site privacy settings refresh failed'));
    });
    // Not awaited: a large first deletion must not hold up the server's start (close waits for it).
    background = retention();
    delivery.start();
  }
  return {
    config,
    store,
    sites,
    links,
    sink,
    redirects,
    ingest,
    realtime,
    stats,
    goals: new GoalService(store.goals),
    funnels: new FunnelService({ store, range: (site, input) => stats.range(site, input) }),
    eventLimiter,
    users,
    sessions,
    loginLimiter: new LoginLimiter(),
    setup,
    publicLinks,
    audit,
    delivery,
    demo: new DemoStatus(),
    async close(deadline) {
      if (rotation) clearInterval(rotation);
      unsubscribe?.();
      cache.stop();
      sitePrivacy.stop();
      // Every wait below is bounded by the shutdown deadline (issue 13, finding 3): a retention
      // run, a fold or a close stuck on a dead database cannot hold the process past it. The sink
      // has spooled its events by then; what is cut short here is only background upkeep.
      const end = deadline ?? Number.POSITIVE_INFINITY;
      await withDeadline(background, end);
      await delivery.stop(end);
      await withDeadline(install.flush(), end);
      try {
        await sink.close(deadline);
      } finally {
        // After the sink's last batch: the writer thread drains, closes its connection, ends.
        await withDeadline(writer.close?.() ?? Promise.resolve(), end);
        await withDeadline(folder?.stop() ?? Promise.resolve(), end);
        await withDeadline(store.close(), end);
      }
    },
  };
}
