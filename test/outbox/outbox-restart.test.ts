import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/auth/api-tokens.js';
import { openStore } from '../../src/store/open-store.js';
import { ENGINES, engineEnv } from '../helpers/engines.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { WebhookReceiver } from './webhook-receiver.js';

const DELIVERIES = 5;

/*
 * Issue 14: "the server restarts with deliveries pending: nothing is lost". A real `penumbra
 * serve` queues test deliveries to a receiver that answers 503, is killed with SIGKILL (no
 * shutdown of any kind), and a new server on the same database delivers every one once the
 * receiver recovers, each with its failed attempts logged before the one that landed.
 */
describe.each(ENGINES)('outbox across a SIGKILL on %s', (engine) => {
  it('delivers every pending delivery after the restart', async () => {
    const database = await engineEnv(engine, 'restart');
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-outbox-restart-'));
    const env: Record<string, string> = {
      ...database.env,
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_OUTBOUND_ALLOW_LOOPBACK: '1',
      PENUMBRA_DELIVERY_TICK_MS: '50',
      PENUMBRA_DELIVERY_RETRY_BASE_MS: '300',
      PENUMBRA_DELIVERY_TIMEOUT_MS: '5000',
      LOG_LEVEL: 'silent',
    };
    const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir });
    const site = await store.createSite({
      id: 'restart-site',
      domain: 'restart.example',
      name: 'R',
      timezone: 'UTC',
      fallbackUrl: null,
    });
    const { secret: token } = await createApiToken(store, 'restart-test');
    await store.close();
    const receiver = new WebhookReceiver();
    const url = await receiver.start();
    receiver.fallback = 503;
    const call = async (base: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    try {
      const first = await startServeProcess(env);
      const created = await call(first.url, 'POST', `/api/sites/${site.id}/webhooks`, { url });
      receiver.secret = String(created.secret);
      const endpointId = String((created.endpoint as { id: string }).id);
      const ids: string[] = [];
      for (let n = 0; n < DELIVERIES; n++) {
        ids.push(
          String((await call(first.url, 'POST', `/api/sites/${site.id}/webhooks/${endpointId}/test`)).id),
        );
      }
      // Each one tried at least once (and refused) before the kill.
      for (const id of ids) await receiver.waitFor(1, (d) => d.json.id === id);
      first.child.kill('SIGKILL');
      await once(first.child, 'close');

      receiver.fallback = 200;
      const second = await startServeProcess(env);
      try {
        const deadline = Date.now() + 30_000;
        let delivered: Record<string, unknown>[] = [];
        while (delivered.length < DELIVERIES) {
          if (Date.now() > deadline) throw new Error(`only ${delivered.length} delivered`);
          await new Promise((resolve) => setTimeout(resolve, 100));
          delivered = (
            await Promise.all(
              ids.map((id) => call(second.url, 'GET', `/api/sites/${site.id}/deliveries/${id}`)),
            )
          ).filter((d) => d.status === 'delivered');
        }
        for (const delivery of delivered) {
          const log = delivery.log as { statusCode: number | null; error: string | null }[];
          expect(log.at(-1)?.statusCode).toBe(200);
          // Every attempt before the last one failed, and says why (a loaded machine may time one out).
          expect(
            log.slice(0, -1).every((attempt) => attempt.statusCode !== 200 && attempt.error),
            JSON.stringify(log),
          ).toBe(true);
          // An attempt the kill cut short (request sent, outcome not yet written) is not in the log:
          // its lease ran out and the new server tried again. The receiver saw both (below).
          expect(log.length).toBeGreaterThanOrEqual(1);
        }
        for (const id of ids) {
          const landed = receiver.received.filter((d) => d.json.id === id);
          // Refused before the kill, taken after it; every one signed.
          expect(landed.length, JSON.stringify(landed.map((d) => [d.at, d.verified]))).toBeGreaterThanOrEqual(
            2,
          );
          expect(landed.every((d) => d.verified)).toBe(true);
        }
      } finally {
        await second.stop();
      }
    } finally {
      await receiver.close();
      await database.drop();
    }
  }, 90_000);
});
