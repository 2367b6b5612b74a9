import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventSink } from '../../src/events/event-sink.js';
import { EventSpool } from '../../src/events/event-spool.js';
import { openStore } from '../../src/store/open-store.js';
import type { NewEvent, Store } from '../../src/store/store.js';
import { newEvent, seedSite } from '../store/contract/fixtures.js';
import { CapturedLog, FlakyWriter, sleep, waitFor } from './flaky-writer.js';

let store: Store;
let siteId: string;
let dir: string;
const sinks: EventSink[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'penumbra-sink-'));
  store = await openStore({ dataDir: dir });
  siteId = await seedSite(store);
});

afterEach(async () => {
  for (const sink of sinks.splice(0)) await sink.close().catch(() => undefined);
  await store.close();
});

function events(count: number, from = 0): NewEvent[] {
  return Array.from({ length: count }, (_, i) =>
    newEvent(siteId, null, { occurredAt: Date.UTC(2026, 0, 15, 12) + from + i }),
  );
}

function sink(options: Partial<ConstructorParameters<typeof EventSink>[0]> & { writer: FlakyWriter }) {
  const made = new EventSink({ flushIntervalMs: 20, ...options });
  sinks.push(made);
  return made;
}

describe('EventSink on a failing SQLite store', () => {
  it('backs off: traffic never starts an attempt, and attempts thin out over time', async () => {
    const writer = new FlakyWriter(store);
    const log = new CapturedLog();
    const spool = await EventSpool.open({ dir: join(dir, 'spool'), maxBytes: 64 * 1024 * 1024 });
    const subject = sink({ writer, spool, log, backoff: { baseMs: 50, maxMs: 800 } });
    writer.failing = true;
    // 3 s of traffic at 40 k events/s: before the backoff every push past 1,000 pending tried a
    // write (issue 13, finding 5).
    const started = Date.now();
    let pushed = 0;
    while (Date.now() - started < 3_000) {
      for (const event of events(2_000, pushed)) subject.push(event);
      pushed += 2_000;
      await sleep(50);
    }
    // Delays 25–50, 50–100, …, 400–800 ms then 400–800 ms: at most ~12 in 3 s, counting a
    // drain and a replay probe as two.
    console.log(`write attempts in 3 s of failing store: ${writer.attempts}`);
    expect(writer.attempts).toBeGreaterThanOrEqual(4);
    expect(writer.attempts).toBeLessThanOrEqual(16);
    expect(
      log.matching(/^event store failing since \d{4}-\d\d-\d\dT[\d:.]+Z: database or disk is full$/),
    ).toHaveLength(1);
    expect(log.lines.every((line) => !('err' in line.details) && !('stack' in line.details))).toBe(true);
    const health = subject.health();
    expect(health.storeFailingSince).not.toBeNull();
    expect(health.lastErrorCode).toBe('SQLITE_FULL');
    // Pending events are moved to the spool at each tick while failing: memory holds a few ticks
    // of traffic (some on their way to disk), not the ~120 k pushed.
    expect(health.pending).toBeLessThanOrEqual(20_000);
    expect(pushed).toBeGreaterThan(100_000);
    expect(health.spooled + health.pending).toBe(pushed);
    expect(health.dropped).toBe(0);

    writer.failing = false;
    await waitFor(() => subject.health().storeFailingSince === null, 15_000);
    await subject.flush();
    expect(await store.countEvents()).toBe(pushed);
    expect(subject.health().spooled).toBe(0);
    const recovered = log.matching(/^event store recovered: \d+ events written after [\d.]+ s$/);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toContain(`recovered: ${pushed} events`);
    expect(log.matching(/failing since/)).toHaveLength(1);
    expect(readdirSync(join(dir, 'spool'))).toEqual([]);
  }, 60_000);

  it('writes at once again after recovery: no backoff left over', async () => {
    const writer = new FlakyWriter(store);
    const subject = sink({ writer, backoff: { baseMs: 2_000, maxMs: 2_000 } });
    writer.failing = true;
    for (const event of events(10)) subject.push(event);
    await waitFor(() => writer.attempts >= 1);
    writer.failing = false;
    await subject.flush(); // flush ignores the backoff
    expect(await store.countEvents()).toBe(10);
    const before = writer.attempts;
    for (const event of events(5, 100)) subject.push(event);
    await waitFor(async () => (await store.countEvents()) === 15, 1_000);
    expect(writer.attempts).toBe(before + 1);
  });

  it('without a spool, keeps events in memory up to maxPending, then drops the oldest, counted and logged once', async () => {
    const writer = new FlakyWriter(store);
    const log = new CapturedLog();
    const subject = sink({ writer, log, maxPending: 100, backoff: { baseMs: 10_000, maxMs: 10_000 } });
    writer.failing = true;
    for (const event of events(250)) subject.push(event);
    await waitFor(() => writer.attempts >= 1);
    expect(subject.health().dropped).toBe(150);
    expect(subject.health().pending).toBe(100);
    expect(log.matching(/^events dropped: 1 \(memory-full\)/)).toHaveLength(1);
    expect(log.matching(/^events dropped/)).toHaveLength(1);
    writer.failing = false;
    await subject.flush();
    // The newest 100 are kept: the drop takes the oldest.
    const stored = await store.listEvents({ siteId, limit: 1_000 });
    expect(stored).toHaveLength(100);
    expect(Math.min(...stored.map((event) => event.occurredAt))).toBe(Date.UTC(2026, 0, 15, 12) + 150);
  });

  it('drops what does not fit in a full spool, counts it, and says so', async () => {
    const writer = new FlakyWriter(store);
    const log = new CapturedLog();
    // Room for about one 1,000-event record (~330 B an event).
    const spool = await EventSpool.open({ dir: join(dir, 'spool'), maxBytes: 400_000 });
    const subject = sink({ writer, spool, log, backoff: { baseMs: 60_000, maxMs: 60_000 } });
    writer.failing = true;
    for (const event of events(3_000)) subject.push(event);
    await waitFor(() => subject.health().pending === 0 && subject.health().dropped > 0, 5_000);
    const health = subject.health();
    expect(health.spooled).toBeGreaterThan(0);
    expect(health.spooled + health.dropped).toBe(3_000);
    expect(log.matching(/^events dropped: \d+ \(spool-full\)/)).toHaveLength(1);
  });

  it('spools what is pending at close when the store fails, and a new sink replays it exactly once', async () => {
    const writer = new FlakyWriter(store);
    const spoolDir = join(dir, 'spool');
    const first = new EventSink({
      writer,
      spool: await EventSpool.open({ dir: spoolDir, maxBytes: 64 * 1024 * 1024 }),
      flushIntervalMs: 60_000,
    });
    for (const event of events(700)) first.push(event);
    writer.failing = true;
    const closed = await first.close(Date.now() + 2_000);
    expect(closed).toEqual({ spooled: 700, dropped: 0 });
    expect(await store.countEvents()).toBe(0);
    const spoolText = readdirSync(spoolDir)
      .map((name) => readFileSync(join(spoolDir, name), 'utf8'))
      .join('');
    expect(spoolText.match(/"dedupeKey":"spool:[0-9a-f-]{36}"/g)).toHaveLength(700);

    writer.failing = false;
    const second = sink({ writer, spool: await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 }) });
    expect(second.health().spooled).toBe(700);
    expect(second.health().storeFailingSince).toBeNull();
    await waitFor(() => second.health().spooled === 0);
    expect(await store.countEvents()).toBe(700);
  });

  it('tries the store once more at close although it is backing off, and spools only if that fails', async () => {
    const writer = new FlakyWriter(store);
    const spool = await EventSpool.open({ dir: join(dir, 'spool'), maxBytes: 64 * 1024 * 1024 });
    // A long backoff: without the last attempt at close, these events would go to the spool.
    const subject = new EventSink({
      writer,
      spool,
      flushIntervalMs: 20,
      backoff: { baseMs: 60_000, maxMs: 60_000 },
    });
    writer.failing = true;
    for (const event of events(300)) subject.push(event);
    await waitFor(() => subject.health().storeFailingSince !== null);
    writer.failing = false; // the store is back, the sink still waiting out its backoff
    for (const event of events(200, 300)) subject.push(event);
    const closed = await subject.close(Date.now() + 5_000);
    // The failed slice went to the spool when it failed (replayed by the next start); the 200
    // pushed since are written by the last attempt instead of joining it.
    expect(await store.countEvents()).toBe(200);
    expect(spool.events).toBe(300);
    expect(closed.dropped).toBe(0);
  });

  it('leaves out an event the store refuses (a CHECK constraint) and writes the others of its slice', async () => {
    const writer = new FlakyWriter(store);
    const log = new CapturedLog();
    const subject = sink({ writer, log });
    const poison = newEvent(siteId, null, { type: 'nonsense' as NewEvent['type'] });
    for (const event of [...events(10), poison, ...events(10, 100)]) subject.push(event);
    await subject.flush();
    expect(await store.countEvents()).toBe(20);
    const health = subject.health();
    expect(health.dropped).toBe(1);
    expect(health.storeFailingSince).toBeNull();
    expect(log.matching(/^events dropped: 1 \(refused\)/)).toHaveLength(1);
    expect(log.lines[0]?.details.code).toBe('SQLITE_CONSTRAINT_CHECK');
    // Halves down to the one event: 1 + 2·⌈log₂ 21⌉ writes at most, not a retry a tick forever.
    expect(writer.attempts).toBeLessThanOrEqual(11);
  });

  it('replays a spool around a refused event instead of failing on it forever', async () => {
    const writer = new FlakyWriter(store);
    const spoolDir = join(dir, 'spool');
    const poison = newEvent(siteId, null, { type: 'nonsense' as NewEvent['type'] });
    const before = await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 });
    await before.append([...events(300), poison, ...events(300, 1_000)]);
    const subject = sink({ writer, spool: await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 }) });
    await waitFor(() => subject.health().spooled === 0);
    expect(await store.countEvents()).toBe(600);
    expect(subject.health().dropped).toBe(1);
    expect(readdirSync(spoolDir)).toEqual([]);
  });

  it('a close past its deadline spools instead of waiting for a writer that never answers', async () => {
    const spoolDir = join(dir, 'spool');
    let calls = 0;
    const hanging = { write: () => new Promise<number>(() => calls++) };
    const subject = new EventSink({
      writer: hanging,
      spool: await EventSpool.open({ dir: spoolDir, maxBytes: 1 << 30 }),
      flushIntervalMs: 60_000,
    });
    for (const event of events(600)) subject.push(event);
    const started = Date.now();
    const closed = await subject.close(Date.now() + 300);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(calls).toBe(1);
    // The slice in flight (250) and the 350 behind it.
    expect(closed).toEqual({ spooled: 600, dropped: 0 });
  });
});
