import { resolve } from 'node:path';
import { defaultSpoolDir } from './events/spool-dir.js';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings } from './outbox/delivery-settings.js';
import { DEFAULT_PG_TIMEOUTS, type PgTimeouts } from './store/postgres/postgres-timeouts.js';

/** Every setting Penumbra reads, from the environment, validated once and frozen. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** The public origin short links are served on (`https://go.example.org`). */
  baseUrl: string;
  redirectStatus: 301 | 302 | 307 | 308;
  allowPrivateTargets: boolean;
  /**
   * Outbound requests (the preview lab, kit auto-fill, webhooks) may reach loopback addresses
   * (PENUMBRA_OUTBOUND_ALLOW_LOOPBACK, off by default): for tests and single-host intranets.
   * Private and link-local addresses stay refused either way (src/net/outbound-fetch.ts).
   */
  outboundAllowLoopback: boolean;
  /** A MaxMind GeoLite2/GeoIP2 Country database, for countries when no CDN header says. */
  geoIpDatabase: string | undefined;
  /** Whether to read the client address from X-Forwarded-For: `true`, `false` or a hop count. */
  trustProxy: boolean | number;
  /** Tracker events accepted per second per client (sustained), and in a burst. */
  eventRate: number;
  eventBurst: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `penumbra serve` on a store without sites creates and seeds a demo site (PENUMBRA_DEMO=0: not). */
  demo: boolean;
  /**
   * The server writes events on a worker thread with its own store connection
   * (PENUMBRA_WRITER_THREAD=on, the default; `off`: on the request thread). Issue 12.
   */
  writerThread: boolean;
  /**
   * The server folds stored events into the rollups about once a second (PENUMBRA_FOLD=on, the
   * default; `off`: it leaves folding to another instance, or a bench measures ingest without it).
   * Reads stay exact either way: they add the unfolded events. Issue 12.
   */
  foldRollups: boolean;
  /**
   * Months the audit log of administrative actions is kept (PENUMBRA_AUDIT_RETENTION_MONTHS,
   * 12 by default): CNIL délibération 2021-122 recommends six months to a year for such logs.
   */
  auditRetentionMonths: number;
  /** Where events wait while the store fails (PENUMBRA_SPOOL_DIR, `<dataDir>/spool`). */
  spoolDir: string;
  /** The spool's size limit (PENUMBRA_SPOOL_MAX_BYTES, 1 GiB): past it events are dropped, counted. */
  spoolMaxBytes: number;
  /** How long SIGTERM waits for requests and the store before spooling (PENUMBRA_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  /** Connect, statement, idle-in-transaction and keepalive bounds of PostgreSQL connections. */
  postgresTimeouts: Readonly<PgTimeouts>;
  /** Where digests are mailed through (PENUMBRA_SMTP_URL, `smtp://` or `smtps://`); unset: no mail is sent. */
  smtpUrl: string | undefined;
  /** The From of digests (PENUMBRA_MAIL_FROM, `Penumbra <penumbra@<base URL host>>`). */
  mailFrom: string;
  /** The outbox's pace and bounds (src/outbox/delivery-settings.ts). */
  delivery: Readonly<DeliverySettings>;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function readPort(env: Env): number {
  const raw = env.PORT ?? '8080';
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError('PORT', `must be 0–65535, got "${raw}"`);
  return port;
}

function readRedirectStatus(env: Env): Config['redirectStatus'] {
  const raw = env.PENUMBRA_REDIRECT_STATUS ?? '302';
  const status = Number(raw);
  if (status === 301 || status === 302 || status === 307 || status === 308) return status;
  throw new ConfigError('PENUMBRA_REDIRECT_STATUS', `must be 301, 302, 307 or 308, got "${raw}"`);
}

function readBoolean(env: Env, name: string, fallback = false): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  if (raw === '') return fallback;
  if (raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

/** `on`/`off` (and the words readBoolean takes). */
function readSwitch(env: Env, name: string, fallback: boolean): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  return readBoolean({ [name]: raw }, name, fallback);
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

function readLogLevel(env: Env): Config['logLevel'] {
  const raw = env.LOG_LEVEL ?? 'info';
  if (LOG_LEVELS.has(raw)) return raw as Config['logLevel'];
  throw new ConfigError('LOG_LEVEL', `must be one of ${[...LOG_LEVELS].join(', ')}, got "${raw}"`);
}

function readBaseUrl(env: Env, port: number): string {
  const raw = env.PENUMBRA_BASE_URL ?? `http://localhost:${port}`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PENUMBRA_BASE_URL', `must be an absolute http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError('PENUMBRA_BASE_URL', `must use http or https, got "${raw}"`);
  }
  return url.origin;
}

function readPositive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new ConfigError(name, `must be a positive number, got "${raw}"`);
  return value;
}

function readTrustProxy(env: Env): boolean | number {
  const raw = (env.PENUMBRA_TRUST_PROXY ?? '').trim().toLowerCase();
  if (/^\d+$/.test(raw)) return Number(raw);
  return readBoolean(env, 'PENUMBRA_TRUST_PROXY');
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL?.trim();
  if (!raw) return undefined;
  if (!/^postgres(?:ql)?:\/\//.test(raw)) {
    throw new ConfigError(
      'DATABASE_URL',
      'must be a postgres:// URL (leave it unset for the embedded SQLite)',
    );
  }
  return raw;
}

/** At most three years: longer only where a legal obligation says so, which Penumbra has none of. */
export const AUDIT_RETENTION_MONTHS = Object.freeze({ min: 1, max: 36, fallback: 12 });

function readAuditRetentionMonths(env: Env): number {
  const name = 'PENUMBRA_AUDIT_RETENTION_MONTHS';
  const raw = env[name]?.trim();
  if (!raw) return AUDIT_RETENTION_MONTHS.fallback;
  const months = Number(raw);
  if (!/^\d+$/.test(raw) || months < AUDIT_RETENTION_MONTHS.min || months > AUDIT_RETENTION_MONTHS.max) {
    throw new ConfigError(
      name,
      `must be a whole number of months from ${AUDIT_RETENTION_MONTHS.min} to ${AUDIT_RETENTION_MONTHS.max}, got "${env[name]}"`,
    );
  }
  return months;
}

function readMillis(env: Env, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw))
    throw new ConfigError(name, `must be a whole number of milliseconds (0: off), got "${raw}"`);
  return Number(raw);
}

function readSmtpUrl(env: Env): string | undefined {
  const raw = env.PENUMBRA_SMTP_URL?.trim();
  if (!raw) return undefined;
  if (!/^smtps?:\/\/[^/]/i.test(raw))
    throw new ConfigError('PENUMBRA_SMTP_URL', 'must be an smtp:// or smtps:// URL');
  return raw;
}

function readDelivery(env: Env): Readonly<DeliverySettings> {
  const d = DEFAULT_DELIVERY_SETTINGS;
  return Object.freeze({
    tickMs: readPositive(env, 'PENUMBRA_DELIVERY_TICK_MS', d.tickMs),
    timeoutMs: readPositive(env, 'PENUMBRA_DELIVERY_TIMEOUT_MS', d.timeoutMs),
    retryBaseMs: readPositive(env, 'PENUMBRA_DELIVERY_RETRY_BASE_MS', d.retryBaseMs),
    retryWindowMs: readPositive(env, 'PENUMBRA_DELIVERY_RETRY_WINDOW_MS', d.retryWindowMs),
    batchWindowMs: readPositive(env, 'PENUMBRA_WEBHOOK_BATCH_MS', d.batchWindowMs),
    concurrency: d.concurrency,
  });
}

/** Every bound has a default, so that a dead server can never hold a request or shutdown forever. */
function readPostgresTimeouts(env: Env): Readonly<PgTimeouts> {
  return Object.freeze({
    connectMs: readMillis(env, 'PENUMBRA_PG_CONNECT_TIMEOUT_MS', DEFAULT_PG_TIMEOUTS.connectMs),
    statementMs: readMillis(env, 'PENUMBRA_PG_STATEMENT_TIMEOUT_MS', DEFAULT_PG_TIMEOUTS.statementMs),
    idleInTransactionMs: readMillis(
      env,
      'PENUMBRA_PG_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      DEFAULT_PG_TIMEOUTS.idleInTransactionMs,
    ),
    keepAliveMs: readMillis(env, 'PENUMBRA_PG_KEEPALIVE_MS', DEFAULT_PG_TIMEOUTS.keepAliveMs),
  });
}

export function loadConfig(env: Env = process.env): Readonly<Config> {
  const port = readPort(env);
  const dataDir = resolve(env.PENUMBRA_DATA_DIR ?? './data');
  return Object.freeze({
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir,
    databaseUrl: readDatabaseUrl(env),
    baseUrl: readBaseUrl(env, port),
    redirectStatus: readRedirectStatus(env),
    allowPrivateTargets: readBoolean(env, 'PENUMBRA_ALLOW_PRIVATE_TARGETS'),
    outboundAllowLoopback: readBoolean(env, 'PENUMBRA_OUTBOUND_ALLOW_LOOPBACK'),
    geoIpDatabase: env.PENUMBRA_GEOIP_DB?.trim() ? resolve(env.PENUMBRA_GEOIP_DB.trim()) : undefined,
    trustProxy: readTrustProxy(env),
    eventRate: readPositive(env, 'PENUMBRA_EVENT_RATE', 20),
    eventBurst: readPositive(env, 'PENUMBRA_EVENT_BURST', 100),
    logLevel: readLogLevel(env),
    demo: readBoolean(env, 'PENUMBRA_DEMO', true),
    writerThread: readSwitch(env, 'PENUMBRA_WRITER_THREAD', true),
    foldRollups: readSwitch(env, 'PENUMBRA_FOLD', true),
    auditRetentionMonths: readAuditRetentionMonths(env),
    spoolDir: env.PENUMBRA_SPOOL_DIR?.trim()
      ? resolve(env.PENUMBRA_SPOOL_DIR.trim())
      : defaultSpoolDir(dataDir, readDatabaseUrl(env)),
    spoolMaxBytes: Math.floor(readPositive(env, 'PENUMBRA_SPOOL_MAX_BYTES', 1024 ** 3)),
    shutdownTimeoutMs: readPositive(env, 'PENUMBRA_SHUTDOWN_TIMEOUT_MS', 30_000),
    postgresTimeouts: readPostgresTimeouts(env),
    smtpUrl: readSmtpUrl(env),
    mailFrom:
      env.PENUMBRA_MAIL_FROM?.trim() || `Penumbra <penumbra@${new URL(readBaseUrl(env, port)).hostname}>`,
    delivery: readDelivery(env),
  });
}
