import { outboundFetch } from '../net/outbound-fetch.js';
import { type AttemptResult, answeredAttempt, failedAttempt } from './attempt-result.js';

export interface PostOptions {
  timeoutMs: number;
  allowLoopback: boolean;
}

/**
 * POSTs a JSON body through the SSRF-safe client (src/net/outbound-fetch.ts): public addresses
 * only (loopback when the installation allows it), the socket pinned to the checked address,
 * one deadline over the whole exchange. Redirects are not followed: a receiver that moved
 * answers 3xx, logged as a failure, and its owner updates the URL. The answer's body is read
 * only to the first KiB (nothing of it is kept).
 */
export async function postJson(
  url: string,
  body: string,
  headers: Readonly<Record<string, string>>,
  options: PostOptions,
): Promise<AttemptResult> {
  try {
    const response = await outboundFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Penumbra-Webhooks/1', ...headers },
      body,
      redirect: 'manual',
      maxBytes: 1024,
      oversize: 'truncate',
      firstByteTimeoutMs: options.timeoutMs,
      totalTimeoutMs: options.timeoutMs,
      allowLoopback: options.allowLoopback,
    });
    return answeredAttempt(response.status);
  } catch (error) {
    return failedAttempt(error);
  }
}
