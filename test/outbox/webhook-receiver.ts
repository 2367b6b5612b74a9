import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got, with whether its signature verified under the secret it knows. */
export interface ReceivedDelivery {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { id: string; type: string; [key: string]: unknown };
  verified: boolean;
}

/** What the receiver does with the next request: answer a status, or hang without answering. */
export type Reply = number | 'hang';

/**
 * A real HTTP receiver on a loopback port (port 0: the system picks a free one). It verifies each
 * delivery's Penumbra-Signature the way docs/webhooks.md tells integrators to, written here on
 * its own from node:crypto (not Penumbra's code), so the test proves the documented recipe.
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  secret = '';
  /** Replies for the next requests, in order; then `fallback`. */
  readonly replies: Reply[] = [];
  fallback: Reply = 200;
  readonly #server = http.createServer((request, response) => this.#handle(request, response));
  readonly #hanging = new Set<http.ServerResponse>();

  async start(): Promise<string> {
    this.#server.listen(0, '127.0.0.1');
    await once(this.#server, 'listening');
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  /** Waits until `count` deliveries matching `filter` arrived, or fails after `timeoutMs`. */
  async waitFor(count: number, filter: (d: ReceivedDelivery) => boolean = () => true, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const matching = this.received.filter(filter);
      if (matching.length >= count) return matching;
      if (Date.now() > deadline) throw new Error(`expected ${count} deliveries, got ${matching.length}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  #handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      const reply = this.replies.shift() ?? this.fallback;
      const header = String(request.headers['penumbra-signature'] ?? '');
      this.received.push({
        at: Date.now(),
        headers: request.headers,
        body,
        json: JSON.parse(body),
        verified: verify(this.secret, header, body),
      });
      if (reply === 'hang') {
        this.#hanging.add(response);
        return;
      }
      response.writeHead(reply, { 'content-type': 'text/plain' }).end(reply < 300 ? 'ok' : 'no');
    });
  }
}

/** docs/webhooks.md, "Verifying a delivery", as an integrator would write it. */
function verify(secret: string, header: string, rawBody: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=', 2)));
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
  const given = Buffer.from(String(parts.v1 ?? ''), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
