import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { threadId } from 'node:worker_threads';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WorkerEventWriter, WriterThreadExitedError } from '../../src/events/worker-event-writer.js';
import { openStore } from '../../src/store/open-store.js';
import { FOLD_INTERVAL_MS } from '../../src/store/rollups/rollup-fold-step.js';
import type { NewEvent, Store } from '../../src/store/store.js';
import { newEvent, newPageview, seedSite } from '../store/contract/fixtures.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Setup {
  databaseUrl: string | undefined;
  dataDir: string;
  dispose(): Promise<void>;
}

function sqliteSetup(): Setup {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-writer-'));
  dirs.push(dataDir);
  return { databaseUrl: undefined, dataDir, dispose: async () => undefined };
}

/** openStore takes no schema: the URL confines every session (both threads) to a scratch schema. */
async function postgresSetup(url: string): Promise<Setup> {
  const schema = `test_writer_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const separator = url.includes('?') ? '&' : '?';
  return {
    databaseUrl: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    dataDir: sqliteSetup().dataDir,
    async dispose() {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

function pageviews(siteId: string, count: number): NewEvent[] {
  return Array.from({ length: count }, () => newPageview(siteId, { shareId: null, parentShareId: null }));
}

const engines: [string, () => Promise<Setup>][] = [['sqlite', async () => sqliteSetup()]];
const pgUrl = process.env.PENUMBRA_TEST_PG;
if (pgUrl) engines.push(['postgres', () => postgresSetup(pgUrl)]);

describe.each(engines)('WorkerEventWriter on %s', (_engine, makeSetup) => {
  let store: Store | undefined;
  let writer: WorkerEventWriter | undefined;
  let setup: Setup | undefined;

  async function open() {
    setup = await makeSetup();
    store = await openStore({ databaseUrl: setup.databaseUrl, dataDir: setup.dataDir });
    const siteId = await seedSite(store);
    writer = new WorkerEventWriter({ databaseUrl: setup.databaseUrl, dataDir: setup.dataDir });
    return { store, writer, siteId };
  }

  afterEach(async () => {
    await writer?.close();
    await store?.close();
    await setup?.dispose();
    writer = undefined;
    store = undefined;
    setup = undefined;
  });

  it('stores each batch on its own thread and answers with the number stored', async () => {
    const { store, writer, siteId } = await open();
    expect(writer.thread?.threadId).not.toBe(threadId);
    const counts = await Promise.all([
      writer.write(pageviews(siteId, 250)),
      writer.write(pageviews(siteId, 7)),
    ]);
    expect(counts).toEqual([250, 7]);
    // Committed by the other connection, visible to the request thread's own.
    expect(await store.countEvents()).toBe(257);
    const [stored] = await store.listEvents({ siteId, limit: 1 });
    expect(stored).toMatchObject({
      siteId,
      type: 'pageview',
      country: 'FR',
      props: '{"plan":"pro","seats":3}',
    });
  });

  it("rejects a batch the store refuses with the store's error, and stores nothing of it", async () => {
    const { store, writer, siteId } = await open();
    const bad = [...pageviews(siteId, 3), newEvent(siteId, null, { type: 'nonsense' as NewEvent['type'] })];
    const failure = await writer.write(bad).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/check|constraint|violat/i);
    expect(await store.countEvents()).toBe(0);
    // The thread is still there for the next batch.
    expect(await writer.write(pageviews(siteId, 2))).toBe(2);
    expect(writer.restarts).toBe(0);
  });

  it('fails the batches in flight when the thread dies, then starts a new thread', async () => {
    const { store, writer, siteId } = await open();
    await writer.write(pageviews(siteId, 1));
    const dying = writer.thread;
    const inFlight = writer.write(pageviews(siteId, 5_000));
    await dying?.terminate();
    await expect(inFlight).rejects.toBeInstanceOf(WriterThreadExitedError);
    expect(writer.restarts).toBe(1);
    expect(writer.thread).toBeDefined();
    expect(writer.thread).not.toBe(dying);
    expect(await writer.write(pageviews(siteId, 3))).toBe(3);
    // The terminated batch's transaction never committed, or committed whole: never part of it.
    expect([4, 5_004]).toContain(await store.countEvents());
  });

  it('drains the batches in flight before closing, then refuses new ones', async () => {
    const { store, writer, siteId } = await open();
    const writes = [1, 2, 3].map(() => writer.write(pageviews(siteId, 300)));
    const closed = writer.close();
    expect(await Promise.all(writes)).toEqual([300, 300, 300]);
    await closed;
    expect(writer.thread).toBeUndefined();
    expect(await store.countEvents()).toBe(900);
    await expect(writer.write(pageviews(siteId, 1))).rejects.toThrow(/closed/);
  });

  it('folds the rollups on its thread when asked, and only then', async () => {
    const { store, writer: plain, siteId } = await open();
    expect(await plain.write(pageviews(siteId, 40))).toBe(40);
    await setTimeout(FOLD_INTERVAL_MS * 2.5);
    // Nothing folded them: the request thread's own fold finds all 40.
    expect(await store.foldRollups()).toBe(40);
    await plain.close();
    const folding = new WorkerEventWriter({
      databaseUrl: setup?.databaseUrl,
      dataDir: setup?.dataDir ?? '',
      fold: true,
    });
    writer = folding;
    expect(await folding.write(pageviews(siteId, 30))).toBe(30);
    await setTimeout(FOLD_INTERVAL_MS * 2.5);
    // The writer thread folded them within its interval: nothing is left here.
    expect(await store.foldRollups()).toBe(0);
  });

  it('fails batches with the open error when the thread cannot open the store', async () => {
    const { writer: good } = await open();
    await good.close();
    const broken = new WorkerEventWriter({ databaseUrl: 'postgres://nobody@127.0.0.1:1/none', dataDir: '/' });
    try {
      await expect(broken.write(pageviews('site', 1))).rejects.toThrow(/ECONNREFUSED|connect/i);
      // Not restarted in a loop: the next batch tries again (and fails the same way).
      expect(broken.thread).toBeUndefined();
      await expect(broken.write(pageviews('site', 1))).rejects.toThrow(/ECONNREFUSED|connect/i);
      expect(broken.restarts).toBe(2);
    } finally {
      await broken.close();
    }
  });
});
