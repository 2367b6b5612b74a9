import { type EventRecord, isPrivacyMode, isTokenScope, isUserRole } from './records.js';
import type {
  ApiToken,
  DailySalt,
  EventCountRow,
  EventType,
  Link,
  LinkDeletion,
  PublicLink,
  Session,
  Site,
  SiteRole,
  StoredEvent,
  User,
} from './store.js';

/*
 * Rows as both adapters select them (snake_case columns) and their mapping to the plain
 * objects of store.ts. The SQL of each adapter makes its rows fit these shapes: JSON columns
 * come back as JSON text (PostgreSQL selects `utm::text`), and the driver-specific spellings of
 * booleans and counts (SQLite 0/1, PostgreSQL bigint as a string) are normalized here.
 */

export interface SiteRow {
  id: string;
  domain: string;
  name: string;
  timezone: string;
  fallback_url: string | null;
  privacy_mode: string;
  /** JSON text: an array of strings. */
  landing_paths: string;
  respect_dnt: number | boolean;
  retention_months: number;
  /** JSON text: an array of strings. */
  extra_origins: string;
  /** JSON text: an array of strings. */
  query_params: string;
  created_at: string;
}

export interface LinkRow {
  id: string;
  site_id: string;
  parent_id: string | null;
  channel: string | null;
  slug: string;
  url: string;
  title: string | null;
  description: string | null;
  image: string | null;
  utm: string;
  tags: string;
  expires_at: string | null;
  max_clicks: number | null;
  disabled: number | boolean;
  created_at: string;
  updated_at: string;
}

export interface TokenRow {
  id: string;
  name: string;
  hash: string;
  /** JSON array of scopes. */
  scopes: string;
  /** JSON array of site ids, or NULL for every site. */
  site_ids: string | null;
  created_at: string;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: string;
  updated_at: string;
  all_sites: number | boolean;
}

export interface SiteRoleRow {
  site_id: string;
  role: string;
}

export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

/** A session joined with its user: the user's columns prefixed `u_` (SESSION_WITH_USER_SELECT). */
export interface SessionWithUserRow extends SessionRow {
  u_id: string;
  u_email: string;
  u_name: string;
  u_role: string;
  u_password_hash: string;
  u_created_at: string;
  u_updated_at: string;
  u_all_sites: number | boolean;
}

export interface PublicLinkRow {
  id: string;
  token_hash: string;
  site_id: string;
  created_at: string;
  revoked_at: string | null;
}

export interface EventCountDbRow {
  link_id: string;
  type: EventType;
  channel: string;
  source: string;
  count: number | string;
}

export interface EventRow {
  /** bigint in PostgreSQL, so a string there. */
  id: number | string;
  site_id: string;
  link_id: string | null;
  type: EventType;
  kind: string;
  channel: string;
  medium: string;
  source: string;
  evidence: string;
  confidence: string;
  occurred_at: number | string;
  path: string | null;
  visitor_hash: string | null;
  country: string | null;
  device: string | null;
  browser: string | null;
  generation: number | null;
  share_id: string | null;
  parent_share_id: string | null;
  origin_channel: string | null;
  name: string | null;
  props: string | null;
  value: number | null;
  revenue: number | null;
  currency: string | null;
  dedupe_key: string | null;
}

export interface LinkDeletionRow {
  id: string;
  slug: string;
  deleted_at: string;
}

export interface ClickCountDbRow {
  link_id: string;
  count: number | string;
}

/** The columns of `sites`, in the order of `siteValues`; PostgreSQL selects its jsonb ones as text. */
export const SITE_COLUMNS =
  'id, domain, name, timezone, fallback_url, privacy_mode, landing_paths, respect_dnt, retention_months, ' +
  'extra_origins, query_params, created_at';

/** A site's values in the order of SITE_COLUMNS: arrays as JSON text; the boolean as each engine wants. */
export function siteValues<B>(site: Site, bool: (value: boolean) => B): unknown[] {
  return [
    site.id,
    site.domain,
    site.name,
    site.timezone,
    site.fallbackUrl,
    site.privacyMode,
    JSON.stringify(site.landingPaths),
    bool(site.respectDnt),
    site.retentionMonths,
    JSON.stringify(site.extraOrigins),
    JSON.stringify(site.queryParams),
    site.createdAt,
  ];
}

/**
 * Every column of `events` but `id`, by the field it holds, in table order. A Record over the
 * record's keys makes the compiler flag a field added to NewEvent but forgotten here.
 */
export const EVENT_COLUMNS: Readonly<Record<keyof EventRecord, string>> = {
  siteId: 'site_id',
  linkId: 'link_id',
  type: 'type',
  kind: 'kind',
  channel: 'channel',
  medium: 'medium',
  source: 'source',
  evidence: 'evidence',
  confidence: 'confidence',
  occurredAt: 'occurred_at',
  path: 'path',
  visitorHash: 'visitor_hash',
  country: 'country',
  device: 'device',
  browser: 'browser',
  generation: 'generation',
  shareId: 'share_id',
  parentShareId: 'parent_share_id',
  originChannel: 'origin_channel',
  name: 'name',
  props: 'props',
  value: 'value',
  revenue: 'revenue',
  currency: 'currency',
  dedupeKey: 'dedupe_key',
  localHour: 'local_hour',
};

export const EVENT_FIELDS = Object.keys(EVENT_COLUMNS) as (keyof EventRecord)[];

/** The SELECT list of an event: the same in both engines (props is text in both). */
export const EVENT_SELECT = `id, ${EVENT_FIELDS.filter((field) => field !== 'localHour')
  .map((field) => EVENT_COLUMNS[field])
  .join(', ')}`;

export const TOKEN_COLUMNS = 'id, name, hash, created_at, scopes, site_ids';

export const USER_COLUMNS = 'id, email, name, role, password_hash, created_at, updated_at, all_sites';
export const SESSION_COLUMNS = 'id, user_id, csrf_token, created_at, expires_at, last_seen_at';
export const PUBLIC_LINK_COLUMNS = 'id, token_hash, site_id, created_at, revoked_at';

/** `FROM sessions AS s JOIN users AS u ON u.id = s.user_id`, in the shape of SessionWithUserRow. */
export const SESSION_WITH_USER_SELECT = `${SESSION_COLUMNS.split(', ')
  .map((column) => `s.${column}`)
  .join(', ')}, ${USER_COLUMNS.split(', ')
  .map((column) => `u.${column} AS u_${column}`)
  .join(', ')}`;

export function userFromRow(row: UserRow): User {
  if (!isUserRole(row.role)) throw new TypeError(`users.role is not a role: ${row.role}`);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    allSites: Boolean(row.all_sites),
  };
}

export function siteRoleFromRow(row: SiteRoleRow): SiteRole {
  if (row.role !== 'viewer' && row.role !== 'editor') {
    throw new TypeError(`user_site_roles.role is not a site role: ${row.role}`);
  }
  return { siteId: row.site_id, role: row.role };
}

export function sessionFromRow(row: SessionRow): Session {
  return {
    id: row.id,
    userId: row.user_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastSeenAt: row.last_seen_at,
  };
}

export function sessionWithUserFromRow(row: SessionWithUserRow): { session: Session; user: User } {
  return {
    session: sessionFromRow(row),
    user: userFromRow({
      id: row.u_id,
      email: row.u_email,
      name: row.u_name,
      role: row.u_role,
      password_hash: row.u_password_hash,
      created_at: row.u_created_at,
      updated_at: row.u_updated_at,
      all_sites: row.u_all_sites,
    }),
  };
}

export function publicLinkFromRow(row: PublicLinkRow): PublicLink {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    siteId: row.site_id,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export function siteFromRow(row: SiteRow): Site {
  return {
    id: row.id,
    domain: row.domain,
    name: row.name,
    timezone: row.timezone,
    fallbackUrl: row.fallback_url,
    privacyMode: parsePrivacyMode(row.privacy_mode),
    landingPaths: parseStrings(row.landing_paths, 'sites.landing_paths'),
    respectDnt: Boolean(row.respect_dnt),
    retentionMonths: Number(row.retention_months),
    extraOrigins: parseStrings(row.extra_origins, 'sites.extra_origins'),
    queryParams: parseStrings(row.query_params, 'sites.query_params'),
    createdAt: row.created_at,
  };
}

export function linkFromRow(row: LinkRow): Link {
  return {
    id: row.id,
    siteId: row.site_id,
    parentId: row.parent_id,
    channel: row.channel,
    slug: row.slug,
    url: row.url,
    title: row.title,
    description: row.description,
    image: row.image,
    utm: parseUtm(row.utm),
    tags: parseTags(row.tags),
    expiresAt: row.expires_at,
    maxClicks: row.max_clicks === null ? null : Number(row.max_clicks),
    disabled: Boolean(row.disabled),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function tokenFromRow(row: TokenRow): ApiToken {
  const scopes = parseStrings(row.scopes, 'api_tokens.scopes');
  if (!scopes.every(isTokenScope))
    throw new TypeError(`api_tokens.scopes has an unknown scope: ${row.scopes}`);
  const siteIds = row.site_ids === null ? null : parseStrings(row.site_ids, 'api_tokens.site_ids');
  return { id: row.id, name: row.name, hash: row.hash, scopes, siteIds, createdAt: row.created_at };
}

export function eventFromRow(row: EventRow): StoredEvent {
  return {
    id: Number(row.id),
    siteId: row.site_id,
    linkId: row.link_id,
    type: row.type,
    kind: row.kind,
    channel: row.channel,
    medium: row.medium,
    source: row.source,
    evidence: row.evidence,
    confidence: row.confidence,
    occurredAt: Number(row.occurred_at),
    path: row.path,
    visitorHash: row.visitor_hash,
    country: row.country,
    device: row.device,
    browser: row.browser,
    generation: row.generation === null ? null : Number(row.generation),
    shareId: row.share_id,
    parentShareId: row.parent_share_id,
    originChannel: row.origin_channel,
    name: row.name,
    props: row.props,
    value: row.value === null ? null : Number(row.value),
    revenue: row.revenue === null ? null : Number(row.revenue),
    currency: row.currency,
    dedupeKey: row.dedupe_key,
  };
}

export function saltFromRow(row: DailySalt): DailySalt {
  return { day: row.day, salt: row.salt };
}

export function linkDeletionFromRow(row: LinkDeletionRow): LinkDeletion {
  return { id: row.id, slug: row.slug, deletedAt: row.deleted_at };
}

export function eventCountFromRow(row: EventCountDbRow): EventCountRow {
  return {
    linkId: row.link_id,
    type: row.type,
    channel: row.channel,
    source: row.source,
    count: Number(row.count),
  };
}

/** Every asked link gets an entry, 0 when it has no click, so callers need no `?? 0`. */
export function clickCountsFromRows(
  linkIds: readonly string[],
  rows: readonly ClickCountDbRow[],
): Map<string, number> {
  const counts = new Map<string, number>(linkIds.map((id) => [id, 0]));
  for (const row of rows) counts.set(row.link_id, Number(row.count));
  return counts;
}

function parseUtm(text: string): Record<string, string> {
  const value: unknown = JSON.parse(text);
  const isStringRecord =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string');
  if (!isStringRecord) throw new TypeError(`links.utm is not an object of strings: ${text}`);
  return value as Record<string, string>;
}

function parseTags(text: string): string[] {
  return parseStrings(text, 'links.tags');
}

function parseStrings(text: string, column: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`${column} is not an array of strings: ${text}`);
  }
  return value;
}

function parsePrivacyMode(text: string): Site['privacyMode'] {
  if (!isPrivacyMode(text)) throw new TypeError(`sites.privacy_mode is not a privacy mode: ${text}`);
  return text;
}
