import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { seedLink, sendTraffic } from '../faults/serve-traffic.js';
import { startServeProcess } from '../helpers/serve-process.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The built CLI (`node bin/penumbra serve`, dist/), not the sources: the worker entry must be
 * found next to the compiled writer. Every answered redirect and event is stored after SIGTERM.
 */
describe.each(['on', 'off'])('penumbra serve with PENUMBRA_WRITER_THREAD=%s', (writerThread) => {
  it('stores every answered event by the time SIGTERM has closed it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-writer-process-'));
    dirs.push(dataDir);
    const env = {
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_WRITER_THREAD: writerThread,
      PENUMBRA_EVENT_BURST: '100000',
    };
    const domain = 'writer.example.org';
    const slug = await seedLink(env, domain);
    const server = await startServeProcess(env);
    let sent: Awaited<ReturnType<typeof sendTraffic>>;
    try {
      sent = await sendTraffic(server.url, { slug, domain, count: 600, concurrency: 8 });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(sent.other).toBe(0);
    const store = await openStore({ dataDir });
    try {
      expect(await store.countEvents()).toBe(sent.answered);
    } finally {
      await store.close();
    }
    // Node names a worker's thread after nothing, so count: one more thread with the writer on.
    // The writer thread says when it has opened the store; without it nothing does.
    expect(server.output().includes('event writer thread ready')).toBe(writerThread === 'on');
    expect(server.output()).not.toMatch(/writer thread ended|Cannot find module/);
  });
});
