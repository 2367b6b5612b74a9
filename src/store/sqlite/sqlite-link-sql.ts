import type { Link, LinkQuery } from '../store.js';

/* How a link is written to and filtered in SQLite. */

/** `IN (SELECT value FROM json_each(?))`: one statement for any number of ids, no variable limit. */
export const IN_IDS = 'IN (SELECT value FROM json_each(?))';

export const SQLITE_LINK_COLUMNS =
  'id, site_id, parent_id, channel, slug, url, title, description, image, utm, tags, ' +
  'expires_at, max_clicks, disabled, created_at, updated_at';

const LINK_VALUES =
  '@id, @site_id, @parent_id, @channel, @slug, @url, @title, @description, @image, @utm, @tags, ' +
  '@expires_at, @max_clicks, @disabled, @created_at, @updated_at';

export const INSERT_LINK = `INSERT INTO links (${SQLITE_LINK_COLUMNS}) VALUES (${LINK_VALUES})`;

export const UPDATE_LINK = `
  UPDATE links SET url = @url, title = @title, description = @description, image = @image,
    utm = @utm, tags = @tags, expires_at = @expires_at, max_clicks = @max_clicks,
    disabled = @disabled, updated_at = @updated_at
  WHERE id = @id`;

/** Named parameters for INSERT_LINK / UPDATE_LINK: JSON as text, the boolean as 0/1. */
export function sqliteLinkParams(link: Link): Record<string, string | number | null> {
  return {
    id: link.id,
    site_id: link.siteId,
    parent_id: link.parentId,
    channel: link.channel,
    slug: link.slug,
    url: link.url,
    title: link.title,
    description: link.description,
    image: link.image,
    utm: JSON.stringify(link.utm),
    tags: JSON.stringify(link.tags),
    expires_at: link.expiresAt,
    max_clicks: link.maxClicks,
    disabled: link.disabled ? 1 : 0,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
  };
}

/**
 * The WHERE clause of a link listing. The SQL text depends only on which filters are present
 * (eight variants at most), so the prepared statements stay few and cached.
 */
export function sqliteLinkFilter(query: LinkQuery): { where: string; params: Record<string, unknown> } {
  const conditions: string[] = [];
  if (query.siteId !== undefined) conditions.push('site_id = @siteId');
  if (query.tag !== undefined) {
    conditions.push('EXISTS (SELECT 1 FROM json_each(links.tags) WHERE json_each.value = @tag)');
  }
  if (query.mainOnly === true) conditions.push('parent_id IS NULL');
  return {
    where: conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '',
    params: { siteId: query.siteId ?? null, tag: query.tag ?? null },
  };
}
