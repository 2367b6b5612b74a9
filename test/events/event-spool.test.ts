import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventSpool } from '../../src/events/event-spool.js';
import { defaultSpoolDir } from '../../src/events/spool-dir.js';
import { openStore } from '../../src/store/open-store.js';
import type { NewEvent, Store } from '../../src/store/store.js';
import { newEvent, seedSite } from '../store/contract/fixtures.js';
import { FlakyWriter } from './flaky-writer.js';

let store: Store;
let siteId: string;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'penumbra-spool-'));
  store = await openStore({ dataDir: dir });
  siteId = await seedSite(store);
});

afterEach(async () => {
  await store.close();
});

function events(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) =>
    newEvent(siteId, null, { occurredAt: Date.UTC(2026, 0, 15, 12) + from + i }),
  );
}

const spoolDir = () => join(dir, 'spool');
const segments = () => readdirSync(spoolDir()).sort();

describe('EventSpool', () => {
  it('counts what a previous process left, and replays it through the store', async () => {
    const first = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(await first.append(events(2_500))).toEqual({ written: 2_500 });
    expect(await first.append(events(10, 5_000))).toEqual({ written: 10 });
    expect(first.events).toBe(2_510);
    expect(segments()).toHaveLength(1);
    // Three records of at most 1,000 events, then one of 10: one line each.
    expect(readFileSync(join(spoolDir(), segments()[0] ?? ''), 'utf8').split('\n')).toHaveLength(5);

    const second = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(second.events).toBe(2_510);
    expect(second.bytes).toBe(first.bytes);
    const result = await second.replay((batch) => store.insertEvents(batch));
    expect(result).toEqual({ events: 2_510, stored: 2_510, corruptRecords: 0 });
    expect(await store.countEvents()).toBe(2_510);
    expect(segments()).toEqual([]);
    expect(second.events).toBe(0);
    expect(second.bytes).toBe(0);
  });

  it('skips a record torn by a crash, and keeps the ones before it', async () => {
    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    await spool.append(events(1_000));
    await spool.append(events(500, 1_000));
    const path = join(spoolDir(), segments()[0] ?? '');
    // Cut the last record in its middle, as a power loss during the write would.
    truncateSync(path, statSync(path).size - 2_000);
    // And a record with a flipped byte.
    appendFileSync(path, '\n00000000 1 [{"siteId":"x"}]\n');
    const reopened = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(reopened.events).toBe(1_000);
    const result = await reopened.replay((batch) => store.insertEvents(batch));
    expect(result).toEqual({ events: 1_000, stored: 1_000, corruptRecords: 2 });
    expect(await store.countEvents()).toBe(1_000);
  });

  it('stores each event exactly once when a replay is cut in its middle and run again', async () => {
    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    await spool.append(events(1_000));
    const writer = new FlakyWriter(store);
    writer.failAfter = 2; // two slices of 250 committed, then the store fails
    await expect(spool.replay((batch) => writer.write(batch))).rejects.toThrow('disk is full');
    expect(await store.countEvents()).toBe(500);
    // The segment stays, renamed: a new process finds it and replays all of it again.
    expect(segments()).toEqual([expect.stringMatching(/\.replaying$/)]);
    const restarted = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(restarted.events).toBe(1_000);
    const result = await restarted.replay((batch) => store.insertEvents(batch));
    // The first 500 are skipped by their dedupe keys (ON CONFLICT DO NOTHING).
    expect(result).toEqual({ events: 1_000, stored: 500, corruptRecords: 0 });
    expect(await store.countEvents()).toBe(1_000);
    expect(segments()).toEqual([]);
  });

  it('appends to a new segment while a replay runs, and keeps it for the next replay', async () => {
    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    await spool.append(events(300));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const replay = spool.replay(async (batch) => {
      await gate;
      return store.insertEvents(batch);
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await spool.append(events(7, 1_000))).toEqual({ written: 7 });
    release();
    expect((await replay).events).toBe(300);
    expect(spool.events).toBe(7);
    expect(segments()).toEqual([expect.stringMatching(/\.spool$/)]);
    await spool.replay((batch) => store.insertEvents(batch));
    expect(await store.countEvents()).toBe(307);
  });

  it('writes nothing past its size limit and says how much fitted', async () => {
    const probe = await EventSpool.open({ dir: join(dir, 'probe'), maxBytes: 1 << 30 });
    await probe.append(events(1_000));
    // Room for two and a half 1,000-event records: two fit, the third does not.
    const limit = Math.floor(probe.bytes * 2.5);
    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: limit });
    const result = await spool.append(events(3_000));
    expect(result.error).toBeUndefined();
    expect(result.written).toBe(2_000);
    expect(result.written % 1_000).toBe(0);
    expect(spool.bytes).toBeLessThanOrEqual(limit);
    expect(spool.events).toBe(result.written);
  });

  it('keeps a custom event revenue and currency across a restart (issue 14)', async () => {
    const first = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    const sale = newEvent(siteId, null, {
      type: 'event',
      name: 'subscribe',
      props: '{"plan":"pro"}',
      revenue: 9.99,
      currency: 'EUR',
    });
    await first.append([sale, ...events(1)]);
    const reopened = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(await reopened.replay((batch) => store.insertEvents(batch))).toMatchObject({ stored: 2 });
    const [stored] = await store.listEvents({ siteId, types: ['event'], limit: 10 });
    expect(stored).toMatchObject({
      name: 'subscribe',
      revenue: 9.99,
      currency: 'EUR',
      props: '{"plan":"pro"}',
    });
  });

  it('keeps an event that already has a dedupe key as it is', async () => {
    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    await spool.append([newEvent(siteId, null, { dedupeKey: 'import:abc' }), ...events(1)]);
    const text = readFileSync(join(spoolDir(), segments()[0] ?? ''), 'utf8');
    expect(text).toContain('"dedupeKey":"import:abc"');
    expect(text.match(/"dedupeKey":"spool:[0-9a-f-]{36}"/g)).toHaveLength(1);
  });

  it('leaves alone the segments of another running process sharing the directory, and takes those of a dead one', async () => {
    const writer = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    await writer.append(events(5));
    await writer.append(events(7, 100));
    const [first] = segments();
    // Re-label the segment as written by a process that is alive (ours' parent) …
    const live = (first ?? '').replace(`-${process.pid}-`, `-${process.ppid}-`);
    renameSync(join(spoolDir(), first ?? ''), join(spoolDir(), live));
    // … and add one from a process that has exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const other = await EventSpool.open({ dir: join(dir, 'other'), maxBytes: 1 << 30 });
    await other.append(events(3, 200));
    const [otherName] = readdirSync(join(dir, 'other'));
    const deadName = (otherName ?? '').replace(`-${process.pid}-`, `-${dead}-`);
    renameSync(join(dir, 'other', otherName ?? ''), join(spoolDir(), deadName));

    const spool = await EventSpool.open({ dir: spoolDir(), maxBytes: 1 << 30 });
    expect(spool.events).toBe(3);
    expect(await spool.replay((batch) => store.insertEvents(batch))).toMatchObject({ events: 3 });
    expect(segments()).toEqual([live]);
    expect(await store.countEvents()).toBe(3);
  });
});

describe('defaultSpoolDir', () => {
  it('is <dataDir>/spool for SQLite and one directory per PostgreSQL database, credentials left out', () => {
    expect(defaultSpoolDir('/var/lib/penumbra', undefined)).toBe('/var/lib/penumbra/spool');
    const a = defaultSpoolDir('/d', 'postgres://app:s3cret@db.example:5432/penumbra');
    expect(a).toMatch(/^\/d\/spool\/postgres-[0-9a-f]{12}$/);
    expect(a).not.toContain('s3cret');
    expect(defaultSpoolDir('/d', 'postgres://other:pw@db.example:5432/penumbra')).toBe(a);
    expect(defaultSpoolDir('/d', 'postgres://app:s3cret@db.example:5432/analytics')).not.toBe(a);
  });
});
