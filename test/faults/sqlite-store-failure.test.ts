import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventSpool } from '../../src/events/event-spool.js';
import { openStore } from '../../src/store/open-store.js';
import { type ServeProcess, startServeProcess } from '../helpers/serve-process.js';
import { health, SECRET_ADDRESS, SECRET_AGENT, SECRET_MARK, seedLink, sendTraffic } from './serve-traffic.js';
import { mountSmallDisk, type SmallDisk } from './small-disk.js';
import { until } from './until.js';

/*
 * Issue 13, findings 3 and 5, on SQLite: a real `penumbra serve` whose database sits on a small
 * tmpfs that the test fills, so every write fails with SQLITE_FULL as on a full disk. The spool is
 * on another disk (PENUMBRA_SPOOL_DIR), as docs/architecture.md advises.
 */

const DOMAIN = 'news.example.org';
const disks: SmallDisk[] = [];
const servers: ServeProcess[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) if (server.child.exitCode === null) server.child.kill('SIGKILL');
  for (const disk of disks.splice(0)) disk.unmount();
});

async function storedEvents(dataDir: string): Promise<number> {
  const store = await openStore({ dataDir });
  try {
    return await store.countEvents();
  } finally {
    await store.close();
  }
}

function spoolText(dir: string): string {
  return readdirSync(dir)
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .join('');
}

/** A data directory on a small tmpfs, a spool on the ordinary disk, one link to click. */
async function setUp(skip: (reason: string) => void, options: { spoolOnSameDisk?: boolean } = {}) {
  const disk = mountSmallDisk(24);
  if (typeof disk === 'string') {
    console.log(`skipped: ${disk}`);
    skip(disk);
    throw new Error('unreachable');
  }
  disks.push(disk);
  const dataDir = join(disk.path, 'data');
  mkdirSync(dataDir);
  const spoolDir = join(mkdtempSync(join(tmpdir(), 'penumbra-spool-')), 'spool');
  const env = {
    PENUMBRA_DATA_DIR: dataDir,
    // The default is `<dataDir>/spool`, on the same (full) disk.
    ...(options.spoolOnSameDisk ? {} : { PENUMBRA_SPOOL_DIR: spoolDir }),
    PENUMBRA_EVENT_RATE: '100000',
    PENUMBRA_EVENT_BURST: '100000',
    LOG_LEVEL: 'info',
  };
  const slug = await seedLink(env, DOMAIN);
  return { disk, dataDir, spoolDir, env, slug };
}

async function serve(env: Record<string, string>): Promise<ServeProcess> {
  const server = await startServeProcess(env);
  servers.push(server);
  return server;
}

const traffic = (url: string, slug: string, count: number) =>
  sendTraffic(url, { slug, domain: DOMAIN, count, concurrency: 16 });

describe('a SQLite store that fails under a running server (a full disk)', () => {
  it('spools while failing, reports degraded, replays once the disk has room, and logs each state change once', async ({
    skip,
  }) => {
    const { disk, dataDir, spoolDir, env, slug } = await setUp(skip);
    const server = await serve(env);
    const before = await traffic(server.url, slug, 200);
    await until(
      () => health(server.url),
      (h) => h.events.pending === 0 && h.status === 'ok',
      10_000,
    );

    disk.fill();
    const during = await traffic(server.url, slug, 4_000);
    const degraded = await until(
      () => health(server.url),
      (h) => h.status === 'degraded' && h.events.pending === 0,
      20_000,
    );
    expect(degraded.events.storeFailingSince).not.toBeNull();
    expect(degraded.events.spooled).toBeGreaterThan(0);
    expect(degraded.events.dropped).toBe(0);
    // The spool holds pseudonymous events only: neither the address nor the agent was written.
    const spooled = spoolText(spoolDir);
    expect(spooled).not.toContain(SECRET_ADDRESS);
    expect(spooled).not.toContain(SECRET_MARK);
    expect(spooled).not.toContain(SECRET_AGENT);

    disk.free();
    const recovered = await until(
      () => health(server.url),
      (h) => h.status === 'ok' && h.events.spooled === 0 && h.events.pending === 0,
      60_000,
    );
    expect(recovered.events.storeFailingSince).toBeNull();
    expect(await server.stop()).toBe(0);

    const answered = before.answered + during.answered;
    console.log(
      `full disk while serving: ${answered} answered (${during.answered} while failing, ${degraded.events.spooled} spooled at the check), ${await storedEvents(dataDir)} stored`,
    );
    expect(during.other).toBe(0);
    expect(await storedEvents(dataDir)).toBe(answered);
    const log = server.output();
    expect(log.match(/event store failing since [^"]+: [^"]+/g)).toHaveLength(1);
    expect(log.match(/event store recovered: \d+ events written after [\d.]+ s/g)).toHaveLength(1);
    expect(log).not.toContain(SECRET_ADDRESS);
    expect(log).not.toContain(SECRET_MARK);
  }, 180_000);

  it('at SIGTERM with the store still failing, spools everything answered; the next start stores each exactly once', async ({
    skip,
  }) => {
    const { disk, dataDir, spoolDir, env, slug } = await setUp(skip);
    const first = await serve({ ...env, PENUMBRA_SHUTDOWN_TIMEOUT_MS: '5000' });
    const before = await traffic(first.url, slug, 200);
    await until(
      () => health(first.url),
      (h) => h.events.pending === 0,
      10_000,
    );
    disk.fill();
    const during = await traffic(first.url, slug, 3_000);
    const answered = before.answered + during.answered;
    const started = Date.now();
    expect(await first.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(first.output()).toMatch(/\d+ events wait in .*spool/);

    // Everything answered is in the database or the spool, and nothing in both.
    disk.free();
    const spool = await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 });
    const stored = await storedEvents(dataDir);
    console.log(`failing at shutdown: ${answered} answered, ${stored} stored, ${spool.events} spooled`);
    expect(spool.events).toBeGreaterThan(0);
    expect(stored + spool.events).toBe(answered);

    const second = await serve(env);
    await until(
      () => health(second.url),
      (h) => h.status === 'ok' && h.events.spooled === 0,
      30_000,
    );
    expect(await second.stop()).toBe(0);
    expect(second.output()).toMatch(/event spool replayed: \d+ of \d+ events stored/);
    expect(await storedEvents(dataDir)).toBe(answered);
    expect(readdirSync(spoolDir)).toEqual([]);
  }, 180_000);

  it('with the spool on the same full disk (the default), keeps events in memory, and says how many a SIGTERM then loses', async ({
    skip,
  }) => {
    const { disk, dataDir, env, slug } = await setUp(skip, { spoolOnSameDisk: true });
    const server = await serve(env);
    disk.fill();
    const during = await traffic(server.url, slug, 1_000);
    const held = await until(
      () => health(server.url),
      (h) => h.status === 'degraded' && h.events.pending === during.answered,
      20_000,
    );
    expect(held.events.spooled).toBe(0);
    expect(held.events.lastErrorCode).toBe('SQLITE_FULL');
    expect(JSON.stringify(held)).not.toMatch(/disk is full|penumbra\.db|\//);
    disk.free();
    await until(
      () => health(server.url),
      (h) => h.status === 'ok' && h.events.pending === 0,
      30_000,
    );
    expect(await storedEvents(dataDir)).toBe(during.answered);

    disk.fill();
    const lost = await traffic(server.url, slug, 500);
    await until(
      () => health(server.url),
      (h) => h.status === 'degraded',
      20_000,
    );
    const code = await server.stop();
    const dropped = Number(/(\d+) events were dropped/.exec(server.output())?.[1]);
    console.log(
      `spool on the full disk at SIGTERM: exit ${code}, ${lost.answered} answered, ${dropped} dropped`,
    );
    expect(code).toBe(1);
    expect(dropped).toBe(lost.answered);
    expect(server.output().match(/event spool failing: /g)?.length).toBeGreaterThanOrEqual(1);
    disk.free();
    expect(await storedEvents(dataDir)).toBe(during.answered);
  }, 180_000);
});
