import { randomBytes } from 'node:crypto';
import {
  type ActivityRow,
  ADVANCE_CURSOR,
  APPLY_OUTCOME,
  type AttemptRow,
  activityFromRow,
  attemptFromRow,
  COUNT_DELIVERIES,
  COUNT_LINK_ACTIVITY,
  COUNT_PAGE_APPS,
  DELETE_ENDPOINT,
  DELIVERY_COLUMNS,
  type DeliveryRow,
  deliveryFromRow,
  type EndpointRow,
  endpointFromRow,
  GET_CURSOR,
  GET_DELIVERY,
  GET_ENDPOINT,
  HAS_DELIVERY,
  INSERT_ATTEMPT,
  INSERT_DELIVERY,
  INSERT_ENDPOINT,
  LIST_ALL_ENDPOINTS,
  LIST_ATTEMPTS,
  LIST_DELIVERIES,
  LIST_ENDPOINTS,
  MARK_ENDPOINT,
  outcomeParams,
  PRUNE_DELIVERIES,
  pageAppParams,
  REPLAY_DELIVERY,
  numberedSql as sql,
} from '../outbox-sql.js';
import type {
  AttemptOutcome,
  ClaimedDelivery,
  Delivery,
  DeliveryAttempt,
  DeliveryQuery,
  LinkActivityRow,
  NewDelivery,
  NewWebhookEndpoint,
  OutboxStore,
  PageAppRow,
  WebhookEndpoint,
  WebhookEventType,
} from '../outbox-store.js';
import type { PgPool } from './postgres-pool.js';
import { withTransaction } from './postgres-transaction.js';

/**
 * Several instances claim at once: SKIP LOCKED passes over rows another instance's claim holds
 * (https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE), and the lease keeps
 * them from being claimed again until it runs out.
 */
const CLAIM = `UPDATE outbox SET lease_until = $1, lease_owner = $2 WHERE id IN (
    SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3 AND lease_until <= $3
    ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
  RETURNING ${DELIVERY_COLUMNS}`;

/** The outbox on PostgreSQL (src/store/outbox-store.ts), on the store's pool. */
export class PostgresOutbox implements OutboxStore {
  constructor(private readonly pool: PgPool) {}

  async #rows<T>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql(text), params)).rows as T[];
  }

  async createWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const createdAt = new Date().toISOString();
    await this.pool.query(sql(INSERT_ENDPOINT), [
      endpoint.id,
      endpoint.siteId,
      endpoint.url,
      endpoint.secret,
      JSON.stringify(endpoint.events),
      endpoint.description,
      createdAt,
    ]);
    return { ...endpoint, events: [...endpoint.events], createdAt, failingSince: null };
  }

  async getWebhookEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const [row] = await this.#rows<EndpointRow>(GET_ENDPOINT, [id]);
    return row && endpointFromRow(row);
  }

  async listWebhookEndpoints(siteId: string): Promise<WebhookEndpoint[]> {
    return (await this.#rows<EndpointRow>(LIST_ENDPOINTS, [siteId])).map(endpointFromRow);
  }

  async listSubscribedEndpoints(event: WebhookEventType): Promise<WebhookEndpoint[]> {
    // A handful of endpoints per site: filtered here, as on SQLite.
    const all = (await this.#rows<EndpointRow>(LIST_ALL_ENDPOINTS)).map(endpointFromRow);
    return all.filter((endpoint) => endpoint.events.includes(event));
  }

  async deleteWebhookEndpoint(siteId: string, id: string): Promise<boolean> {
    return ((await this.pool.query(sql(DELETE_ENDPOINT), [siteId, id])).rowCount ?? 0) > 0;
  }

  async markWebhookEndpoint(id: string, failingSince: string | null): Promise<void> {
    await this.pool.query(sql(MARK_ENDPOINT), [failingSince, id]);
  }

  async enqueueDeliveries(deliveries: readonly NewDelivery[]): Promise<number> {
    const createdAt = new Date().toISOString();
    return withTransaction(this.pool, async (client) => {
      let queued = 0;
      for (const d of deliveries) {
        const result = await client.query(sql(INSERT_DELIVERY), [
          d.id,
          d.siteId,
          d.channel,
          d.targetId,
          d.eventType,
          d.payload,
          d.dedupeKey,
          d.nextAttemptAt,
          d.giveUpAt,
          createdAt,
        ]);
        queued += result.rowCount ?? 0;
      }
      return queued;
    });
  }

  async hasDelivery(dedupeKey: string): Promise<boolean> {
    return (await this.#rows(HAS_DELIVERY, [dedupeKey])).length > 0;
  }

  async claimDueDeliveries(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const lease = randomBytes(12).toString('base64url');
    const result = await this.pool.query(CLAIM, [now + leaseMs, lease, now, limit]);
    return (result.rows as DeliveryRow[])
      .map((row) => ({ ...deliveryFromRow(row), lease }))
      .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || (a.id < b.id ? -1 : 1));
  }

  async recordAttempt(
    claimed: ClaimedDelivery,
    attempt: Omit<DeliveryAttempt, 'deliveryId' | 'attempt'>,
    outcome: AttemptOutcome,
  ): Promise<boolean> {
    const params = outcomeParams(
      outcome,
      claimed.nextAttemptAt,
      attempt.statusCode,
      attempt.error,
      attempt.at,
    );
    return withTransaction(this.pool, async (client) => {
      const applied = await client.query(sql(APPLY_OUTCOME), [...params, claimed.id, claimed.lease]);
      if ((applied.rowCount ?? 0) === 0) return false;
      await client.query(sql(INSERT_ATTEMPT), [
        attempt.at,
        attempt.statusCode,
        attempt.error,
        Math.round(attempt.durationMs),
        claimed.id,
      ]);
      return true;
    });
  }

  async getDelivery(siteId: string, id: string): Promise<Delivery | undefined> {
    const [row] = await this.#rows<DeliveryRow>(GET_DELIVERY, [siteId, id]);
    return row && deliveryFromRow(row);
  }

  async listDeliveries(query: DeliveryQuery): Promise<{ items: Delivery[]; total: number }> {
    const byTarget = query.targetId !== undefined;
    const filter = byTarget ? [query.siteId, query.targetId] : [query.siteId];
    const [count] = await this.#rows<{ total: string }>(COUNT_DELIVERIES(byTarget), filter);
    const rows = await this.#rows<DeliveryRow>(LIST_DELIVERIES(byTarget), [
      ...filter,
      query.limit,
      query.offset,
    ]);
    return { items: rows.map(deliveryFromRow), total: Number(count?.total ?? 0) };
  }

  async listDeliveryAttempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return (await this.#rows<AttemptRow>(LIST_ATTEMPTS, [deliveryId])).map(attemptFromRow);
  }

  async replayDelivery(
    siteId: string,
    id: string,
    now: number,
    giveUpAt: number,
  ): Promise<Delivery | undefined> {
    const result = await this.pool.query(sql(REPLAY_DELIVERY), [now, giveUpAt, siteId, id]);
    if ((result.rowCount ?? 0) === 0) return undefined;
    return this.getDelivery(siteId, id);
  }

  async pruneDeliveries(before: string): Promise<number> {
    return (await this.pool.query(sql(PRUNE_DELIVERIES), [before])).rowCount ?? 0;
  }

  async getCursor(name: string): Promise<number | undefined> {
    const [row] = await this.#rows<{ position: string }>(GET_CURSOR, [name]);
    return row === undefined ? undefined : Number(row.position);
  }

  async advanceCursor(name: string, position: number): Promise<void> {
    await this.pool.query(sql(ADVANCE_CURSOR), [name, position]);
  }

  async countLinkActivity(siteId: string, from: number, to: number): Promise<LinkActivityRow[]> {
    return (await this.#rows<ActivityRow>(COUNT_LINK_ACTIVITY, [siteId, from, to])).map(activityFromRow);
  }

  async countPageApps(siteId: string, fromDay: string, toDay: string): Promise<PageAppRow[]> {
    const rows = await this.#rows<{ path: string; source: string; count: number | string }>(
      COUNT_PAGE_APPS,
      pageAppParams(siteId, fromDay, toDay),
    );
    return rows.map((row) => ({ path: row.path, source: row.source, count: Number(row.count) }));
  }
}
