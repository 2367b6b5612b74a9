import type { MailMessage, MailTransport } from '../mail/mail-transport.js';
import type { Delivery, OutboxStore } from '../store/outbox-store.js';
import type { RecipientStore } from '../store/recipient-store.js';
import { type AttemptResult, failedAttempt } from './attempt-result.js';
import { postJson } from './post-json.js';
import { SIGNATURE_HEADER, signWebhook } from './webhook-signature.js';

export interface SendDeps {
  outbox: Pick<OutboxStore, 'getWebhookEndpoint'>;
  recipients: Pick<RecipientStore, 'getRecipient'>;
  /** Absent when PENUMBRA_SMTP_URL is unset: no mail is sent. */
  mail: MailTransport | undefined;
  timeoutMs: number;
  allowLoopback: boolean;
  now: () => number;
}

const gone = (what: string): AttemptResult => ({ ok: false, statusCode: null, error: what, permanent: true });

/** One attempt at a delivery, by its channel; never rejects. */
export async function sendDelivery(delivery: Delivery, deps: SendDeps): Promise<AttemptResult> {
  try {
    if (delivery.channel === 'webhook') return await sendWebhook(delivery, deps);
    if (delivery.channel === 'slack') return await sendSlack(delivery, deps);
    return await sendMail(delivery, deps);
  } catch (error) {
    return failedAttempt(error);
  }
}

async function sendWebhook(delivery: Delivery, deps: SendDeps): Promise<AttemptResult> {
  const endpoint = await deps.outbox.getWebhookEndpoint(delivery.targetId);
  if (!endpoint) return gone('the endpoint was removed');
  // Signed at each attempt, so the timestamp is the time of sending (a receiver's replay window).
  return postJson(
    endpoint.url,
    delivery.payload,
    {
      [SIGNATURE_HEADER]: signWebhook(endpoint.secret, delivery.payload, deps.now()),
      'Penumbra-Event': delivery.eventType,
      'Penumbra-Delivery': delivery.id,
    },
    deps,
  );
}

async function sendSlack(delivery: Delivery, deps: SendDeps): Promise<AttemptResult> {
  const recipient = await deps.recipients.getRecipient(delivery.targetId);
  if (!recipient) return gone('the recipient was removed');
  return postJson(recipient.address, delivery.payload, {}, deps);
}

async function sendMail(delivery: Delivery, deps: SendDeps): Promise<AttemptResult> {
  if (!deps.mail) return gone('mail is not configured (PENUMBRA_SMTP_URL)');
  const recipient = await deps.recipients.getRecipient(delivery.targetId);
  if (!recipient) return gone('the recipient unsubscribed or was removed');
  try {
    const receipt = await deps.mail.send(recipient.address, JSON.parse(delivery.payload) as MailMessage);
    return { ok: true, statusCode: receipt.code, error: null };
  } catch (error) {
    // A 5xx reply is a permanent refusal (RFC 5321 §4.2.1); 4xx and network errors are retried.
    const code = (error as { responseCode?: number }).responseCode;
    const result = failedAttempt(error);
    return { ...result, statusCode: code ?? null, permanent: code !== undefined && code >= 500 };
  }
}
