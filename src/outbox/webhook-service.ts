import { randomBytes, randomUUID } from 'node:crypto';
import type {
  Delivery,
  DeliveryAttempt,
  NewDelivery,
  OutboxStore,
  WebhookEndpoint,
  WebhookEventType,
} from '../store/outbox-store.js';
import { WEBHOOK_EVENT_TYPES } from '../store/outbox-store.js';
import type { Site } from '../store/store.js';
import { DeliveryInputError } from './delivery-input-error.js';
import { checkTargetUrl } from './target-url.js';
import type { WebhookEnvelope } from './webhook-payloads.js';

/** An endpoint as the API shows it: never its secret, which is shown once, at creation. */
export type EndpointView = Omit<WebhookEndpoint, 'secret'> & { failing: boolean };
/** A delivery in the log: what was sent is read one delivery at a time. */
export type DeliveryView = Omit<Delivery, 'payload'>;
export type DeliveryDetail = Delivery & { attempts: number; log: DeliveryAttempt[] };

export interface EndpointInput {
  url: string;
  events?: readonly string[];
  description?: string;
}

export interface WebhookServiceOptions {
  allowLoopback: boolean;
  retryWindowMs: number;
  now?: () => number;
}

export const endpointView = ({ secret: _secret, ...endpoint }: WebhookEndpoint): EndpointView => ({
  ...endpoint,
  failing: endpoint.failingSince !== null,
});
export const deliveryView = ({ payload: _payload, ...delivery }: Delivery): DeliveryView => delivery;

/** `whsec_` and 32 random bytes: the HMAC key of an endpoint's signatures. */
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

/**
 * Webhook endpoints of a site, their delivery log and replays (issue 14, docs/webhooks.md).
 * Publishing only queues: the dispatcher (outbox-dispatcher.ts) sends.
 */
export class WebhookService {
  readonly #outbox: OutboxStore;
  readonly #options: WebhookServiceOptions;
  readonly #now: () => number;

  constructor(outbox: OutboxStore, options: WebhookServiceOptions) {
    this.#outbox = outbox;
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** The new endpoint, and its secret: the only time the secret is shown. */
  async create(site: Site, input: EndpointInput): Promise<{ endpoint: EndpointView; secret: string }> {
    const url = await checkTargetUrl(input.url, {
      allowLoopback: this.#options.allowLoopback,
      field: 'url',
      code: 'webhook_url_invalid',
    });
    const events = checkEvents(input.events ?? WEBHOOK_EVENT_TYPES);
    const secret = newSecret();
    const endpoint = await this.#outbox.createWebhookEndpoint({
      id: randomUUID(),
      siteId: site.id,
      url,
      secret,
      events,
      description: (input.description ?? '').slice(0, 200),
    });
    return { endpoint: endpointView(endpoint), secret };
  }

  async list(siteId: string): Promise<EndpointView[]> {
    return (await this.#outbox.listWebhookEndpoints(siteId)).map(endpointView);
  }

  async remove(siteId: string, id: string): Promise<boolean> {
    return this.#outbox.deleteWebhookEndpoint(siteId, id);
  }

  /** Queues a `test` delivery to one endpoint; undefined when the site has no such endpoint. */
  async ping(site: Site, endpointId: string): Promise<DeliveryView | undefined> {
    const endpoint = await this.#outbox.getWebhookEndpoint(endpointId);
    if (endpoint?.siteId !== site.id) return undefined;
    const delivery = this.newDelivery(site, endpoint, 'test', {
      message: 'A test delivery from Penumbra: the signature verifies with your endpoint secret.',
    });
    await this.#outbox.enqueueDeliveries([delivery]);
    return deliveryView((await this.#outbox.getDelivery(site.id, delivery.id)) as Delivery);
  }

  /** Queues `data` for every endpoint of the site subscribed to `type`; `dedupeKey` makes it once per key and endpoint. */
  async publish(site: Site, type: WebhookEventType, data: unknown, dedupeKey?: string): Promise<number> {
    const endpoints = (await this.#outbox.listWebhookEndpoints(site.id)).filter((e) =>
      e.events.includes(type),
    );
    const deliveries = endpoints.map((endpoint) =>
      this.newDelivery(site, endpoint, type, data, dedupeKey && `${dedupeKey}:${endpoint.id}`),
    );
    return deliveries.length === 0 ? 0 : this.#outbox.enqueueDeliveries(deliveries);
  }

  /** A webhook delivery of `data` in its envelope, due now, retried for the retry window. */
  newDelivery(
    site: Site,
    endpoint: WebhookEndpoint,
    type: string,
    data: unknown,
    dedupeKey?: string | undefined,
  ): NewDelivery {
    const now = this.#now();
    const id = randomUUID();
    const envelope: WebhookEnvelope<string, unknown> = {
      id,
      type,
      createdAt: new Date(now).toISOString(),
      site: { id: site.id, domain: site.domain },
      data,
    };
    return {
      id,
      siteId: site.id,
      channel: 'webhook',
      targetId: endpoint.id,
      eventType: type,
      payload: JSON.stringify(envelope),
      dedupeKey: dedupeKey ?? null,
      nextAttemptAt: now,
      giveUpAt: now + this.#options.retryWindowMs,
    };
  }

  async deliveries(
    siteId: string,
    query: { targetId?: string; limit: number; offset: number },
  ): Promise<{ items: DeliveryView[]; total: number }> {
    const page = await this.#outbox.listDeliveries({ siteId, ...query });
    return { items: page.items.map(deliveryView), total: page.total };
  }

  async delivery(siteId: string, id: string): Promise<(Delivery & { log: DeliveryAttempt[] }) | undefined> {
    const delivery = await this.#outbox.getDelivery(siteId, id);
    if (!delivery) return undefined;
    return { ...delivery, log: await this.#outbox.listDeliveryAttempts(id) };
  }

  /** Sends a finished delivery again, now, with a fresh retry window; a pending one is refused. */
  async replay(siteId: string, id: string): Promise<DeliveryView | undefined> {
    const delivery = await this.#outbox.getDelivery(siteId, id);
    if (!delivery) return undefined;
    if (delivery.status === 'pending') {
      throw new DeliveryInputError('delivery_not_replayable', 'This delivery is still being tried.', 'id');
    }
    const now = this.#now();
    const replayed = await this.#outbox.replayDelivery(siteId, id, now, now + this.#options.retryWindowMs);
    return replayed && deliveryView(replayed);
  }
}

function checkEvents(events: readonly string[]): WebhookEventType[] {
  const known = new Set<string>(WEBHOOK_EVENT_TYPES);
  const unknown = events.filter((event) => !known.has(event));
  if (events.length === 0 || unknown.length > 0) {
    throw new DeliveryInputError(
      'webhook_events_invalid',
      `Choose among ${WEBHOOK_EVENT_TYPES.join(', ')}${unknown.length > 0 ? `; unknown: ${unknown.join(', ')}` : ''}.`,
      'events',
    );
  }
  return [...new Set(events)] as WebhookEventType[];
}
