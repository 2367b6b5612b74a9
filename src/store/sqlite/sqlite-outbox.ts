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
import type { SqliteDatabase } from './sqlite-database.js';
import { writeTransaction } from './sqlite-transaction.js';

/**
 * Due, unleased rows leased in one statement (RETURNING: SQLite 3.35+) under BEGIN IMMEDIATE:
 * the write lock makes a second process's claim wait, then see the lease.
 */
const CLAIM = `UPDATE outbox SET lease_until = ?, lease_owner = ? WHERE id IN (
    SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? AND lease_until <= ?
    ORDER BY next_attempt_at, id LIMIT ?)
  RETURNING ${DELIVERY_COLUMNS}`;

/** The outbox on SQLite (src/store/outbox-store.ts). */
export class SqliteOutbox implements OutboxStore {
  constructor(private readonly db: SqliteDatabase) {}

  async createWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint> {
    const createdAt = new Date().toISOString();
    this.db
      .prepare(INSERT_ENDPOINT)
      .run(
        endpoint.id,
        endpoint.siteId,
        endpoint.url,
        endpoint.secret,
        JSON.stringify(endpoint.events),
        endpoint.description,
        createdAt,
      );
    return { ...endpoint, events: [...endpoint.events], createdAt, failingSince: null };
  }

  async getWebhookEndpoint(id: string): Promise<WebhookEndpoint | undefined> {
    const row = this.db.prepare(GET_ENDPOINT).get(id) as EndpointRow | undefined;
    return row && endpointFromRow(row);
  }

  async listWebhookEndpoints(siteId: string): Promise<WebhookEndpoint[]> {
    return (this.db.prepare(LIST_ENDPOINTS).all(siteId) as EndpointRow[]).map(endpointFromRow);
  }

  async listSubscribedEndpoints(event: WebhookEventType): Promise<WebhookEndpoint[]> {
    const all = (this.db.prepare(LIST_ALL_ENDPOINTS).all() as EndpointRow[]).map(endpointFromRow);
    return all.filter((endpoint) => endpoint.events.includes(event));
  }

  async deleteWebhookEndpoint(siteId: string, id: string): Promise<boolean> {
    return this.db.prepare(DELETE_ENDPOINT).run(siteId, id).changes > 0;
  }

  async markWebhookEndpoint(id: string, failingSince: string | null): Promise<void> {
    this.db.prepare(MARK_ENDPOINT).run(failingSince, id);
  }

  async enqueueDeliveries(deliveries: readonly NewDelivery[]): Promise<number> {
    const createdAt = new Date().toISOString();
    return writeTransaction(this.db, () => {
      let queued = 0;
      const insert = this.db.prepare(INSERT_DELIVERY);
      for (const d of deliveries) {
        queued += insert.run(
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
        ).changes;
      }
      return queued;
    });
  }

  async hasDelivery(dedupeKey: string): Promise<boolean> {
    return this.db.prepare(HAS_DELIVERY).get(dedupeKey) !== undefined;
  }

  async claimDueDeliveries(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const lease = randomBytes(12).toString('base64url');
    const rows = writeTransaction(
      this.db,
      () => this.db.prepare(CLAIM).all(now + leaseMs, lease, now, now, limit) as DeliveryRow[],
    );
    return rows
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
    return writeTransaction(this.db, () => {
      const applied = this.db.prepare(APPLY_OUTCOME).run(...params, claimed.id, claimed.lease).changes > 0;
      if (applied) {
        this.db
          .prepare(INSERT_ATTEMPT)
          .run(attempt.at, attempt.statusCode, attempt.error, Math.round(attempt.durationMs), claimed.id);
      }
      return applied;
    });
  }

  async getDelivery(siteId: string, id: string): Promise<Delivery | undefined> {
    const row = this.db.prepare(GET_DELIVERY).get(siteId, id) as DeliveryRow | undefined;
    return row && deliveryFromRow(row);
  }

  async listDeliveries(query: DeliveryQuery): Promise<{ items: Delivery[]; total: number }> {
    const byTarget = query.targetId !== undefined;
    const filter = byTarget ? [query.siteId, query.targetId] : [query.siteId];
    const { total } = this.db.prepare(COUNT_DELIVERIES(byTarget)).get(...filter) as { total: number };
    const rows = this.db
      .prepare(LIST_DELIVERIES(byTarget))
      .all(...filter, query.limit, query.offset) as DeliveryRow[];
    return { items: rows.map(deliveryFromRow), total: Number(total) };
  }

  async listDeliveryAttempts(deliveryId: string): Promise<DeliveryAttempt[]> {
    return (this.db.prepare(LIST_ATTEMPTS).all(deliveryId) as AttemptRow[]).map(attemptFromRow);
  }

  async replayDelivery(
    siteId: string,
    id: string,
    now: number,
    giveUpAt: number,
  ): Promise<Delivery | undefined> {
    if (this.db.prepare(REPLAY_DELIVERY).run(now, giveUpAt, siteId, id).changes === 0) return undefined;
    return this.getDelivery(siteId, id);
  }

  async pruneDeliveries(before: string): Promise<number> {
    return this.db.prepare(PRUNE_DELIVERIES).run(before).changes;
  }

  async getCursor(name: string): Promise<number | undefined> {
    const row = this.db.prepare(GET_CURSOR).get(name) as { position: number } | undefined;
    return row === undefined ? undefined : Number(row.position);
  }

  async advanceCursor(name: string, position: number): Promise<void> {
    this.db.prepare(ADVANCE_CURSOR).run(name, position);
  }

  async countLinkActivity(siteId: string, from: number, to: number): Promise<LinkActivityRow[]> {
    return (this.db.prepare(COUNT_LINK_ACTIVITY).all(siteId, from, to) as ActivityRow[]).map(activityFromRow);
  }

  async countPageApps(siteId: string, fromDay: string, toDay: string): Promise<PageAppRow[]> {
    const rows = this.db.prepare(COUNT_PAGE_APPS).all(...pageAppParams(siteId, fromDay, toDay)) as {
      path: string;
      source: string;
      count: number | string;
    }[];
    return rows.map((row) => ({ path: row.path, source: row.source, count: Number(row.count) }));
  }
}
