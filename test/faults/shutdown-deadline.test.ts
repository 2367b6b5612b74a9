import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startServeProcess } from '../helpers/serve-process.js';
import { health, seedLink, sendTraffic } from './serve-traffic.js';

const DOMAIN = 'news.example.org';

/*
 * Issue 13, finding 3: shutdown had no deadline, so one request that never ends held the process
 * forever. With PENUMBRA_SHUTDOWN_TIMEOUT_MS the process leaves on time, its events stored.
 */
describe('the shutdown deadline', () => {
  it('exits soon after the deadline although a client never finishes its request, with every answered event stored', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-deadline-'));
    const env = {
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_EVENT_RATE: '100000',
      PENUMBRA_EVENT_BURST: '100000',
      PENUMBRA_SHUTDOWN_TIMEOUT_MS: '1500',
    };
    const slug = await seedLink(env, DOMAIN);
    const server = await startServeProcess(env);
    const sent = await sendTraffic(server.url, { slug, domain: DOMAIN, count: 400, concurrency: 8 });

    // A request whose body never comes: Node keeps waiting for it (no request timeout set).
    const { port } = new URL(server.url);
    const socket = connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      `POST /api/event HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\n\r\n{"s":`,
    );
    socket.on('error', () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await health(server.url)).status).toBe('ok');

    const started = Date.now();
    const code = await server.stop();
    const took = Date.now() - started;
    socket.destroy();
    console.log(`shutdown with a request that never ends: exit ${code} after ${took} ms (deadline 1,500 ms)`);
    expect(code).toBe(0);
    // The deadline, then the store's close, then at most the one-second exit guard.
    expect(took).toBeGreaterThanOrEqual(1_400);
    expect(took).toBeLessThan(5_000);
    const store = await openStore({ dataDir });
    expect(await store.countEvents()).toBe(sent.answered);
    await store.close();
  }, 60_000);
});
