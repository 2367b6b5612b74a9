import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Every webhook delivery is signed (issue 14; the scheme Stripe documents for its webhooks):
 * `Penumbra-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" under the
 * endpoint's secret>`. Signing the timestamp with the body lets a receiver refuse replays older
 * than its tolerance (docs/webhooks.md).
 */
export const SIGNATURE_HEADER = 'Penumbra-Signature';

/** Five minutes, the tolerance docs/webhooks.md advises. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/** The header value for a body sent at `now` (ms since the epoch). */
export function signWebhook(secret: string, body: string, now: number): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * Whether `header` signs `body` with `secret` within `toleranceSeconds` of `now`: what a receiver
 * runs (the CLI's and the tests' reference; docs/webhooks.md has the same in a few lines).
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  now: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): boolean {
  const parts = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(timestamp) || Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(signatureOf(secret, timestamp, body), 'hex');
  const actual = Buffer.from(given, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
