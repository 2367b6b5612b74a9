/**
 * The SQL both adapters share for the outbox and report recipients (outbox-store.ts,
 * recipient-store.ts), written with `?` placeholders; PostgreSQL numbers them (`numberedSql`).
 * Only the claim differs between engines (sqlite-outbox.ts, postgres-outbox.ts).
 */
import type {
  Delivery,
  DeliveryAttempt,
  DeliveryStatus,
  LinkActivityRow,
  WebhookEndpoint,
  WebhookEventType,
} from './outbox-store.js';
import type { ReportRecipient } from './recipient-store.js';

/** `?` → `$1`, `$2` … (none of these statements has a `?` inside a literal). */
export function numberedSql(sql: string): string {
  let index = 0;
  return sql.replaceAll('?', () => `$${++index}`);
}

export const ENDPOINT_COLUMNS = 'id, site_id, url, secret, events, description, created_at, failing_since';
export const DELIVERY_COLUMNS = `id, site_id, channel, target_id, event_type, payload, dedupe_key, status, attempts,
  next_attempt_at, give_up_at, last_status_code, last_error, created_at, delivered_at`;
export const RECIPIENT_COLUMNS = 'id, site_id, kind, address, language, schedule, created_at';

export const INSERT_ENDPOINT = `INSERT INTO webhook_endpoints (${ENDPOINT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)`;
export const GET_ENDPOINT = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE id = ?`;
export const LIST_ENDPOINTS = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE site_id = ? ORDER BY created_at, id`;
export const LIST_ALL_ENDPOINTS = `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`;
export const DELETE_ENDPOINT = 'DELETE FROM webhook_endpoints WHERE site_id = ? AND id = ?';
export const MARK_ENDPOINT = 'UPDATE webhook_endpoints SET failing_since = ? WHERE id = ?';

export const INSERT_DELIVERY = `INSERT INTO outbox (${DELIVERY_COLUMNS}, lease_until, lease_owner)
  VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, NULL, NULL, ?, NULL, 0, NULL)
  ON CONFLICT DO NOTHING`;
export const HAS_DELIVERY = 'SELECT 1 AS found FROM outbox WHERE dedupe_key = ?';
export const GET_DELIVERY = `SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE site_id = ? AND id = ?`;
export const COUNT_DELIVERIES = (byTarget: boolean) =>
  `SELECT count(*) AS total FROM outbox WHERE site_id = ?${byTarget ? ' AND target_id = ?' : ''}`;
export const LIST_DELIVERIES = (byTarget: boolean) =>
  `SELECT ${DELIVERY_COLUMNS} FROM outbox WHERE site_id = ?${byTarget ? ' AND target_id = ?' : ''}
   ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`;
export const LIST_ATTEMPTS = `SELECT delivery_id, attempt, at, status_code, error, duration_ms
  FROM outbox_attempts WHERE delivery_id = ? ORDER BY attempt`;
/** The row still leased to this claimant: a lost lease changes nothing. */
export const APPLY_OUTCOME = `UPDATE outbox SET status = ?, attempts = attempts + 1, next_attempt_at = ?,
  last_status_code = ?, last_error = ?, delivered_at = ?, lease_until = 0, lease_owner = NULL
  WHERE id = ? AND lease_owner = ?`;
export const INSERT_ATTEMPT = `INSERT INTO outbox_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
  SELECT id, attempts, ?, ?, ?, ? FROM outbox WHERE id = ?`;
export const REPLAY_DELIVERY = `UPDATE outbox SET status = 'pending', next_attempt_at = ?, give_up_at = ?,
  lease_until = 0, lease_owner = NULL WHERE site_id = ? AND id = ?`;
export const PRUNE_DELIVERIES = "DELETE FROM outbox WHERE status <> 'pending' AND created_at < ?";
export const GET_CURSOR = 'SELECT position FROM outbox_cursors WHERE name = ?';
export const ADVANCE_CURSOR = `INSERT INTO outbox_cursors (name, position) VALUES (?, ?)
  ON CONFLICT (name) DO UPDATE SET position = excluded.position WHERE excluded.position > outbox_cursors.position`;
export const COUNT_LINK_ACTIVITY = `SELECT link_id, type, channel, medium, source, count(*) AS count FROM events
  WHERE site_id = ? AND occurred_at >= ? AND occurred_at < ? AND type IN ('preview', 'click') AND link_id IS NOT NULL
  GROUP BY link_id, type, channel, medium, source ORDER BY link_id, type, count DESC, source`;

/**
 * The occurred_at bounds come a day wide on either side (every time zone fits) so the
 * (site_id, occurred_at) index narrows the read; local_hour then keeps the site's local days exactly.
 */
export const COUNT_PAGE_APPS = `SELECT path, source, count(*) AS count FROM events
  WHERE site_id = ? AND occurred_at >= ? AND occurred_at < ? AND local_hour >= ? AND local_hour < ?
    AND type = 'pageview' AND channel = 'dark-social' AND path IS NOT NULL
  GROUP BY path, source`;

/** Parameters of COUNT_PAGE_APPS for local days [fromDay, toDay]. */
export function pageAppParams(siteId: string, fromDay: string, toDay: string): unknown[] {
  const day = 86_400_000;
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const after = Date.parse(`${toDay}T00:00:00Z`) + day;
  const nextDay = new Date(after).toISOString().slice(0, 10);
  return [siteId, from - day, after + day, fromDay, nextDay];
}

export const INSERT_RECIPIENT = `INSERT INTO report_recipients (${RECIPIENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`;
export const GET_RECIPIENT = `SELECT ${RECIPIENT_COLUMNS} FROM report_recipients WHERE id = ?`;
export const LIST_RECIPIENTS = `SELECT ${RECIPIENT_COLUMNS} FROM report_recipients WHERE site_id = ? ORDER BY created_at, id`;
export const LIST_ALL_RECIPIENTS = `SELECT ${RECIPIENT_COLUMNS} FROM report_recipients ORDER BY created_at, id`;
export const DELETE_RECIPIENT = 'DELETE FROM report_recipients WHERE id = ?';
export const DELETE_SITE_RECIPIENT = 'DELETE FROM report_recipients WHERE id = ? AND site_id = ?';

export interface EndpointRow {
  id: string;
  site_id: string;
  url: string;
  secret: string;
  events: string;
  description: string;
  created_at: string;
  failing_since: string | null;
}

export function endpointFromRow(row: EndpointRow): WebhookEndpoint {
  return {
    id: row.id,
    siteId: row.site_id,
    url: row.url,
    secret: row.secret,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    createdAt: row.created_at,
    failingSince: row.failing_since,
  };
}

export interface DeliveryRow {
  id: string;
  site_id: string;
  channel: Delivery['channel'];
  target_id: string;
  event_type: string;
  payload: string;
  dedupe_key: string | null;
  status: DeliveryStatus;
  attempts: number | string;
  next_attempt_at: number | string;
  give_up_at: number | string;
  last_status_code: number | string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

/** PostgreSQL returns bigint columns as strings. */
const numberOrNull = (value: number | string | null): number | null =>
  value === null ? null : Number(value);

export function deliveryFromRow(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    siteId: row.site_id,
    channel: row.channel,
    targetId: row.target_id,
    eventType: row.event_type,
    payload: row.payload,
    dedupeKey: row.dedupe_key,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    giveUpAt: Number(row.give_up_at),
    lastStatusCode: numberOrNull(row.last_status_code),
    lastError: row.last_error,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

export interface AttemptRow {
  delivery_id: string;
  attempt: number | string;
  at: string;
  status_code: number | string | null;
  error: string | null;
  duration_ms: number | string;
}

export function attemptFromRow(row: AttemptRow): DeliveryAttempt {
  return {
    deliveryId: row.delivery_id,
    attempt: Number(row.attempt),
    at: row.at,
    statusCode: numberOrNull(row.status_code),
    error: row.error,
    durationMs: Number(row.duration_ms),
  };
}

export interface ActivityRow {
  link_id: string;
  type: LinkActivityRow['type'];
  channel: string;
  medium: string;
  source: string;
  count: number | string;
}

export function activityFromRow(row: ActivityRow): LinkActivityRow {
  return {
    linkId: row.link_id,
    type: row.type,
    channel: row.channel,
    medium: row.medium,
    source: row.source,
    count: Number(row.count),
  };
}

export interface RecipientRow {
  id: string;
  site_id: string;
  kind: ReportRecipient['kind'];
  address: string;
  language: ReportRecipient['language'];
  schedule: ReportRecipient['schedule'];
  created_at: string;
}

export function recipientFromRow(row: RecipientRow): ReportRecipient {
  return {
    id: row.id,
    siteId: row.site_id,
    kind: row.kind,
    address: row.address,
    language: row.language,
    schedule: row.schedule,
    createdAt: row.created_at,
  };
}

/** Parameters of APPLY_OUTCOME for an attempt's outcome. */
export function outcomeParams(
  outcome: { status: DeliveryStatus; nextAttemptAt?: number },
  current: number,
  statusCode: number | null,
  error: string | null,
  at: string,
): unknown[] {
  const next = outcome.status === 'pending' ? (outcome.nextAttemptAt ?? current) : current;
  return [outcome.status, next, statusCode, error, outcome.status === 'delivered' ? at : null];
}
