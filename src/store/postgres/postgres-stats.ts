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
import { postgresWatermark } from './postgres-fold.js';
import { type PgPool, queryRows } from './postgres-pool.js';
import { queryPostgresRollup } from './postgres-rollups.js';

/**
 * The link rollup's rows of some links (`$1`) plus their unfolded events, one hit each: click
 * limits and link reports are current. `$2` is the watermark read just before, for the planner;
 * the subquery holds the tail to the statement's snapshot (rollup-query.ts, POSTGRES_DIALECT).
 */
function linkRowsWithTail(columns: string): string {
  return `(SELECT ${columns}, hits FROM rollup_links WHERE link_id = ANY($1::text[])
    UNION ALL SELECT ${columns}, 1 AS hits FROM events
    WHERE link_id = ANY($1::text[]) AND id > $2 AND id > ${WATERMARK}) AS r`;
}

/**
 * The stats reads on PostgreSQL (the read methods of `Store`): rollups with their unfolded
 * tail, raw events, and link counts. Writes nothing.
 */
export class PostgresStats {
  readonly #pool: PgPool;

  constructor(pool: PgPool) {
    this.#pool = pool;
  }

  async queryRollup(query: RollupQuery): Promise<RollupResultRow[]> {
    return queryPostgresRollup(this.#pool, query);
  }

  async firstDataDay(siteId: string): Promise<string | undefined> {
    // The unfolded tail may hold an earlier day (an imported log): it is read too.
    const [row] = await queryRows<{ day: string | null }>(
      this.#pool,
      `SELECT min(day) AS day FROM (SELECT min(day) AS day FROM rollup_daily WHERE site_id = $1
         UNION ALL SELECT min(substr(local_hour, 1, 10)) FROM events
         WHERE site_id = $1 AND id > $2 AND id > ${WATERMARK}) AS days`,
      [siteId, await postgresWatermark(this.#pool)],
    );
    return row?.day ?? undefined;
  }

  async oldestEventAt(siteId: string): Promise<number | undefined> {
    // One step down events_site_occurred_idx; occurred_at is a bigint, so a string here.
    const [row] = await queryRows<{ at: string | null }>(
      this.#pool,
      'SELECT min(occurred_at) AS at FROM events WHERE site_id = $1',
      [siteId],
    );
    return row?.at == null ? undefined : Number(row.at);
  }

  async listEvents(query: EventQuery): Promise<StoredEvent[]> {
    assertCount('limit', query.limit);
    if (query.types?.length === 0) return [];
    const params: unknown[] = [query.siteId];
    const bind = (value: unknown): string => `$${params.push(value)}`;
    const conditions = ['site_id = $1'];
    if (query.types !== undefined) conditions.push(`type = ANY(${bind(query.types)}::text[])`);
    if (query.since !== undefined) conditions.push(`occurred_at >= ${bind(query.since)}`);
    const rows = await queryRows<EventRow>(
      this.#pool,
      `SELECT ${EVENT_SELECT} FROM events WHERE ${conditions.join(' AND ')}
       ORDER BY occurred_at DESC, id DESC LIMIT ${bind(query.limit)}`,
      params,
    );
    return rows.map(eventFromRow);
  }

  async countLinkEvents(linkIds: readonly string[]): Promise<EventCountRow[]> {
    if (linkIds.length === 0) return [];
    const rows = await queryRows<EventCountDbRow>(
      this.#pool,
      `SELECT link_id, type, channel, source, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type, channel, source')}
       GROUP BY link_id, type, channel, source ORDER BY link_id, type, channel, source`,
      [linkIds, await postgresWatermark(this.#pool)],
    );
    return rows.map(eventCountFromRow);
  }

  async countClicks(linkIds: readonly string[]): Promise<Map<string, number>> {
    if (linkIds.length === 0) return new Map();
    const rows = await queryRows<ClickCountDbRow>(
      this.#pool,
      `SELECT link_id, sum(hits) AS count FROM ${linkRowsWithTail('link_id, type')} WHERE type = 'click'
       GROUP BY link_id`,
      [linkIds, await postgresWatermark(this.#pool)],
    );
    return clickCountsFromRows(linkIds, rows);
  }

  async countEvents(): Promise<number> {
    const [row] = await queryRows<{ total: string }>(this.#pool, 'SELECT count(*) AS total FROM events');
    return Number(row?.total ?? 0);
  }
}
