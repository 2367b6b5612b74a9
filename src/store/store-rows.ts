import type { ApiToken, EventCountRow, EventType, Link, Site } from './store.js';

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
  created_at: string;
}

export interface EventCountDbRow {
  link_id: string;
  type: EventType;
  channel: string;
  source: string;
  count: number | string;
}

export interface ClickCountDbRow {
  link_id: string;
  count: number | string;
}

export const SITE_COLUMNS = 'id, domain, name, timezone, fallback_url, created_at';
export const TOKEN_COLUMNS = 'id, name, hash, created_at';

export function siteFromRow(row: SiteRow): Site {
  return {
    id: row.id,
    domain: row.domain,
    name: row.name,
    timezone: row.timezone,
    fallbackUrl: row.fallback_url,
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
  return { id: row.id, name: row.name, hash: row.hash, createdAt: row.created_at };
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
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) {
    throw new TypeError(`links.tags is not an array of strings: ${text}`);
  }
  return value;
}
