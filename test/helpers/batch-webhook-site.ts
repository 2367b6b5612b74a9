import { WebhookReceiver } from '../outbox/webhook-receiver.js';
import { apiRequest } from './api-request.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * The batch webhooks' setup (test/outbox/link-batches.test.ts, goal-batches.test.ts): an app whose
 * batches close every `windowMs`, a site in `privacyMode`, and a signed endpoint on a local
 * receiver subscribed to `events`.
 */
export async function startBatchWebhookSite(options: {
  domain: string;
  privacyMode: 'anonymous' | 'strict';
  events: readonly string[];
  windowMs: number;
}): Promise<{ t: TestApp; receiver: WebhookReceiver; siteId: string }> {
  const receiver = new WebhookReceiver();
  const url = await receiver.start();
  const t = await startTestApp({
    PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
    PENUMBRA_DELIVERY_TICK_MS: '50',
    PENUMBRA_WEBHOOK_BATCH_MS: String(options.windowMs),
  });
  const site = await apiRequest(t, 'POST', '/api/sites', {
    domain: options.domain,
    privacyMode: options.privacyMode,
  });
  const siteId = String(site.body.id);
  const created = await apiRequest<{ secret: string }>(t, 'POST', `/api/sites/${siteId}/webhooks`, {
    url,
    events: options.events,
  });
  receiver.secret = created.body.secret;
  return { t, receiver, siteId };
}
