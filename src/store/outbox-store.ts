/**
 * The outbox of issue 14: every message Penumbra sends out (a signed webhook, a Slack message, an
 * e-mail) is first a row here, so nothing is lost across restarts; a dispatcher claims due rows
 * under a lease, delivers them and records each attempt. Several instances on one PostgreSQL
 * claim with `FOR UPDATE SKIP LOCKED` and a lease owner, so a row is sent by one of them at a time.
 */

/** The events a webhook endpoint can subscribe to (docs/webhooks.md). */
export const WEBHOOK_EVENT_TYPES = [
  'alert.triggered',
  'goal.converted',
  'link.shared',
  'link.clicked',
  'report.weekly',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A receiver of signed deliveries for one site. `secret` keys the HMAC; shown once to its owner. */
export interface WebhookEndpoint {
  id: string;
  siteId: string;
  url: string;
  secret: string;
  events: WebhookEventType[];
  description: string;
  createdAt: string;
  /** When deliveries to it last ran out of retries (ISO); null once one lands again. */
  failingSince: string | null;
}

export type NewWebhookEndpoint = Omit<WebhookEndpoint, 'createdAt' | 'failingSince'>;

/** How a delivery travels. */
export type DeliveryChannel = 'webhook' | 'slack' | 'email';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: string;
  siteId: string;
  channel: DeliveryChannel;
  /** The webhook endpoint's or the report recipient's id. */
  targetId: string;
  /** `link.clicked`, `report.weekly`, `test` … */
  eventType: string;
  /** What is sent: the JSON body of a webhook or Slack message, the JSON of an e-mail. */
  payload: string;
  /** A second delivery with the same key is not queued (a period's digest, a batch window). */
  dedupeKey: string | null;
  status: DeliveryStatus;
  attempts: number;
  /** Milliseconds since the epoch. */
  nextAttemptAt: number;
  /** Past this instant (ms) a failed attempt is the last: the delivery is `failed`. */
  giveUpAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export type NewDelivery = Pick<
  Delivery,
  | 'id'
  | 'siteId'
  | 'channel'
  | 'targetId'
  | 'eventType'
  | 'payload'
  | 'dedupeKey'
  | 'nextAttemptAt'
  | 'giveUpAt'
>;

/** A claimed delivery: only the claimant's `lease` may record its attempt. */
export interface ClaimedDelivery extends Delivery {
  lease: string;
}

/** One try at a delivery, as the log shows it. */
export interface DeliveryAttempt {
  deliveryId: string;
  attempt: number;
  at: string;
  /** The receiver's HTTP status (250 for an SMTP acceptance); null when none came. */
  statusCode: number | null;
  /** Why it failed (a timeout, a refused address, a status); null on success. */
  error: string | null;
  durationMs: number;
}

/** What an attempt led to: delivered, another try at `nextAttemptAt`, or given up. */
export type AttemptOutcome =
  | { status: 'delivered' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed' };

export interface DeliveryQuery {
  siteId: string;
  targetId?: string;
  limit: number;
  offset: number;
}

/** Previews or clicks of one link in a window, by how they came (link.shared / link.clicked). */
export interface LinkActivityRow {
  linkId: string;
  type: 'preview' | 'click';
  channel: string;
  medium: string;
  source: string;
  count: number;
}

/** Dark-social page views of one page from one app. */
export interface PageAppRow {
  path: string;
  source: string;
  count: number;
}

export interface OutboxStore {
  createWebhookEndpoint(endpoint: NewWebhookEndpoint): Promise<WebhookEndpoint>;
  getWebhookEndpoint(id: string): Promise<WebhookEndpoint | undefined>;
  /** Oldest first. */
  listWebhookEndpoints(siteId: string): Promise<WebhookEndpoint[]>;
  /** Every site's endpoints subscribed to `event`. */
  listSubscribedEndpoints(event: WebhookEventType): Promise<WebhookEndpoint[]>;
  deleteWebhookEndpoint(siteId: string, id: string): Promise<boolean>;
  /** Sets or clears (null) the failing mark. */
  markWebhookEndpoint(id: string, failingSince: string | null): Promise<void>;

  /** Queues deliveries; one whose `dedupeKey` is already queued is skipped. Returns how many were queued. */
  enqueueDeliveries(deliveries: readonly NewDelivery[]): Promise<number>;
  hasDelivery(dedupeKey: string): Promise<boolean>;
  /**
   * Takes at most `limit` pending deliveries due at `now` whose lease (if any) ran out, and leases
   * them to the caller until `now + leaseMs`, oldest due first.
   */
  claimDueDeliveries(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>;
  /**
   * Logs one attempt and applies its outcome, if the caller still holds the lease; false when
   * it lost it (the lease ran out and another instance claimed the row).
   */
  recordAttempt(
    claimed: ClaimedDelivery,
    attempt: Omit<DeliveryAttempt, 'deliveryId' | 'attempt'>,
    outcome: AttemptOutcome,
  ): Promise<boolean>;
  getDelivery(siteId: string, id: string): Promise<Delivery | undefined>;
  /** Newest first. */
  listDeliveries(query: DeliveryQuery): Promise<{ items: Delivery[]; total: number }>;
  listDeliveryAttempts(deliveryId: string): Promise<DeliveryAttempt[]>;
  /** Sends a delivery again: pending now, with a fresh retry window until `giveUpAt`. */
  replayDelivery(siteId: string, id: string, now: number, giveUpAt: number): Promise<Delivery | undefined>;
  /** Deletes finished deliveries created before `before` (ISO); returns how many. */
  pruneDeliveries(before: string): Promise<number>;

  /** A named position (the end of the last batch window of a site), if set. */
  getCursor(name: string): Promise<number | undefined>;
  /** Moves a cursor forward only: a lower position than the stored one is ignored. */
  advanceCursor(name: string, position: number): Promise<void>;
  /** The site's previews and clicks on its links in [from, to) (ms since the epoch). */
  countLinkActivity(siteId: string, from: number, to: number): Promise<LinkActivityRow[]>;
  /**
   * Dark-social page views per page and app over the site's local days [fromDay, toDay]: the apps
   * behind the digest's top articles (no rollup holds page × source). One range read of the
   * week's or month's raw events of one site, in the background, once per period.
   */
  countPageApps(siteId: string, fromDay: string, toDay: string): Promise<PageAppRow[]>;
}
