import { resolveOutboundTarget } from '../net/resolve-outbound-target.js';
import { NonPublicHostError } from '../net/resolve-public-host.js';
import { DeliveryInputError } from './delivery-input-error.js';

const MAX_URL_LENGTH = 2048;

/**
 * Checks a receiver's URL when it is saved: http(s), no credentials, a host that resolves to
 * public addresses only (loopback too when PENUMBRA_OUTBOUND_ALLOW_LOOPBACK is on). Every
 * delivery checks again, pinned (src/net/outbound-fetch.ts): a name may change its answer later.
 */
export async function checkTargetUrl(
  raw: string,
  options: { allowLoopback: boolean; field: string; code: 'webhook_url_invalid' | 'slack_url_invalid' },
): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new DeliveryInputError(
      options.code,
      `"${raw.slice(0, 100)}" is not an absolute URL.`,
      options.field,
    );
  }
  if (
    raw.length > MAX_URL_LENGTH ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.username ||
    url.password
  ) {
    throw new DeliveryInputError(
      options.code,
      'Give an http or https URL without credentials, at most 2,048 characters.',
      options.field,
    );
  }
  try {
    await resolveOutboundTarget(url.hostname, { allowLoopback: options.allowLoopback });
  } catch (error) {
    const reason = error instanceof NonPublicHostError ? error.message : `${url.hostname} does not resolve.`;
    throw new DeliveryInputError(
      'webhook_url_not_public',
      `Deliveries go to public addresses only: ${reason}`,
      options.field,
    );
  }
  return url.href;
}
