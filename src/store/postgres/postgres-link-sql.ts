import type { Link, LinkQuery } from '../store.js';

/* How a link is written to and filtered in PostgreSQL. */

/** JSON columns come back as text, so both adapters share one row mapper (store-rows.ts). */
export const POSTGRES_LINK_COLUMNS =
  'id, site_id, parent_id, channel, slug, url, title, description, image, utm::text AS utm, ' +
  'tags::text AS tags, expires_at, max_clicks, disabled, created_at, updated_at';

export const INSERT_LINK = `
  INSERT INTO links (id, site_id, parent_id, channel, slug, url, title, description, image, utm, tags,
    expires_at, max_clicks, disabled, created_at, updated_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14, $15, $16)`;

export function insertLinkParams(link: Link): unknown[] {
  return [
    link.id,
    link.siteId,
    link.parentId,
    link.channel,
    link.slug,
    link.url,
    link.title,
    link.description,
    link.image,
    JSON.stringify(link.utm),
    JSON.stringify(link.tags),
    link.expiresAt,
    link.maxClicks,
    link.disabled,
    link.createdAt,
    link.updatedAt,
  ];
}

export const UPDATE_LINK = `
  UPDATE links SET url = $2, title = $3, description = $4, image = $5, utm = $6::jsonb, tags = $7::jsonb,
    expires_at = $8, max_clicks = $9, disabled = $10, updated_at = $11
  WHERE id = $1`;

export function updateLinkParams(link: Link): unknown[] {
  return [
    link.id,
    link.url,
    link.title,
    link.description,
    link.image,
    JSON.stringify(link.utm),
    JSON.stringify(link.tags),
    link.expiresAt,
    link.maxClicks,
    link.disabled,
    link.updatedAt,
  ];
}

/** The WHERE clause of a link listing with its positional parameters ($1, $2…). */
export function postgresLinkFilter(query: LinkQuery): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bind = (value: unknown): string => `$${params.push(value)}`;
  if (query.siteId !== undefined) conditions.push(`site_id = ${bind(query.siteId)}`);
  // jsonb containment: the tags array holds this string.
  if (query.tag !== undefined) conditions.push(`tags @> jsonb_build_array(${bind(query.tag)}::text)`);
  if (query.mainOnly === true) conditions.push('parent_id IS NULL');
  return { where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '', params };
}
