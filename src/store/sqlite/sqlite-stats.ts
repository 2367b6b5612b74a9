import { assertCount } from '../assert-page.js';
import { WATERMARK } from '../rollups/rollup-fold-sql.js';
import type { RollupQuery, RollupResultRow } from '../rollups/rollup-query.js';
import type { EventCountRow, EventQuery, StoredEvent } from '../store.js';
import {
  type ClickCountDbRow,
  clickCountsFromRows,
  EVENT_SELECT,
  type EventCountDbRow,
  type EventRow,
  eventCountFromRow,
  eventFromRow,
} from '../store-rows.js';
import type { SqlitePrepare } from './sqlite-database.js';
import { IN_IDS } from './sqlite-link-sql.js';
import { querySqliteRollup } from './sqlite-rollups.js';

/**
 * The link rollup's rows of some links plus their unfolded events (one hit each): the counts of
 * click limits and link reports are current. The tail walks the ids past the watermark (the
 * unary + keeps the planner off the link index, which would read every event of the link).
 */
function linkRowsWithTail(columns: string): string {
  return `(SELECT ${columns}, hits FROM rollup_links WHERE link_id ${IN_IDS}
    UNION ALL SELECT ${columns}, 1 AS hits FROM events WHERE +link_id ${IN_IDS} AND id > ${WATERMARK})`;
}

/**
 * The stats reads on SQLite (the read methods of `Store`): rollups with their unfolded tail,
 * raw events, and link counts. Writes nothing.
 */
export class SqliteStats {
  readonly #sql: SqlitePrepare;

  constructor(sql: SqlitePrepare) {
    this.#sql = sql;
  }

  async queryRollup(query: RollupQuery): Promise<RollupResultRow[]> {
    return querySqliteRollup(this.#sql, query);
  }

  async firstDataDay(siteId: string): Promise<string | undefined> {
    // The unfolded tail may hold an earlier day (an imported log): it is read too.
    const row = this.#sql(
      `SELECT min(day) AS day FROM (SELECT min(day) AS day FROM rollup_daily WHERE site_id = ?
         UNION ALL SELECT min(substr(local_hour, 1, 10)) FROM events WHERE +site_id = ? AND id > ${WATERMARK})`,
    ).get(siteId, siteId) as {
      day: string | null;
    };
    return row.day ?? undefined;
  }

  async oldestEventAt(siteId: string): Promise<number | undefined> {
    // One step down events_site_occurred_idx.
    const row = this.#sql('SELECT min(occurred_at) AS at FROM events WHERE site_id = ?').get(siteId) as {
      at: number | null;
    };
    return row.at ?? undefined;
  }

  async listEvents(query: EventQuery): Promise<StoredEvent[]> {
    assertCount('limit', query.limit);
    if (query.types?.length === 0) return [];
    const conditions = ['site_id = @siteId'];
    if (query.types !== undefined) conditions.push('type IN (SELECT value FROM json_each(@types))');
    if (query.since !== undefined) conditions.push('occurred_at >= @since');
    const rows = this.#sql(
      `SELECT ${EVENT_SELECT} FROM events WHERE ${conditions.join(' AND ')}
       ORDER BY occurred_at DESC, id DESC LIMIT @limit`,
    ).all({
      siteId: query.siteId,
      types: JSON.stringify(query.types ?? []),
      since: query.since ?? null,
      limit: query.limit,
    }) as EventRow[];
    return rows.map(eventFromRow);
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = this.#sql(
      `SELECT link_id, type, channel, source, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type, channel, source')}
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
    ).all(JSON.stringify(linkIds), JSON.stringify(linkIds)) as EventCountDbRow[];
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = this.#sql(
      `SELECT link_id, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type')} WHERE type = 'click' GROUP BY link_id`,
    ).all(JSON.stringify(linkIds), JSON.stringify(linkIds)) as ClickCountDbRow[];
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    return (this.#sql('SELECT count(*) AS total FROM events').get() as { total: number }).total;
  }
}
