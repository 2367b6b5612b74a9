import { describe, expect, it } from 'vitest';
import type { SaltStore } from '../../src/privacy/salts.js';
import { DailySalts } from '../../src/privacy/salts.js';
import type { DailySalt } from '../../src/store/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (iso: string) => Date.parse(iso);

/**
 * The store contract the salts rely on: `putSalt` keeps the first salt of a day and returns the
 * stored one. `delayMs` makes each call yield, so two callers really interleave.
 */
class FakeSaltStore implements SaltStore {
  readonly salts = new Map<string, string>();
  calls = { list: 0, put: 0, delete: 0 };
  failNext = false;

  constructor(private readonly delayMs = 0) {}

  async listSalts(): Promise<DailySalt[]> {
    this.calls.list++;
    await this.#pause();
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    return [...this.salts].map(([day, salt]) => ({ day, salt }));
  }

  async putSalt(salt: DailySalt): Promise<DailySalt> {
    this.calls.put++;
    await this.#pause();
    if (!this.salts.has(salt.day)) this.salts.set(salt.day, salt.salt);
    return { day: salt.day, salt: this.salts.get(salt.day) ?? '' };
  }

  async deleteSaltsBefore(day: string): Promise<number> {
    this.calls.delete++;
    let deleted = 0;
    for (const stored of [...this.salts.keys()]) {
      if (stored < day) {
        this.salts.delete(stored);
        deleted++;
      }
    }
    return deleted;
  }

  #pause(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }
}

/** A settable clock. */
function clockAt(iso: string): { now: () => number; set: (iso: string) => void } {
  let now = at(iso);
  return {
    now: () => now,
    set: (next) => {
      now = at(next);
    },
  };
}

describe('DailySalts', () => {
  it("creates today's salt — 16 random bytes, hex — and stores it under the UTC day", async () => {
    const store = new FakeSaltStore();
    const salts = new DailySalts(store, () => at('2026-03-10T12:00:00Z'));
    const salt = await salts.saltFor(at('2026-03-10T11:59:00Z'));
    expect(salt).toMatch(/^[\da-f]{32}$/);
    expect([...store.salts]).toEqual([['2026-03-10', salt]]);
  });

  it('makes a different salt each day', async () => {
    const store = new FakeSaltStore();
    const clock = clockAt('2026-03-10T12:00:00Z');
    const salts = new DailySalts(store, clock.now);
    const first = await salts.saltFor(clock.now());
    clock.set('2026-03-11T12:00:00Z');
    const second = await salts.saltFor(clock.now());
    expect(second).toMatch(/^[\da-f]{32}$/);
    expect(second).not.toBe(first);
  });

  it("does not reach the store once today's salt is known", async () => {
    const store = new FakeSaltStore();
    const salts = new DailySalts(store, () => at('2026-03-10T12:00:00Z'));
    const first = await salts.saltFor(at('2026-03-10T12:00:00Z'));
    const calls = { ...store.calls };
    for (let i = 0; i < 1000; i++)
      expect(await salts.saltFor(at('2026-03-10T00:00:00Z') + i * 60_000)).toBe(first);
    expect(store.calls).toEqual(calls);
  });

  it('uses a salt already stored for today (another process made it) instead of making one', async () => {
    const store = new FakeSaltStore();
    store.salts.set('2026-03-10', 'a'.repeat(32));
    const salts = new DailySalts(store, () => at('2026-03-10T08:00:00Z'));
    expect(await salts.saltFor(at('2026-03-10T08:00:00Z'))).toBe('a'.repeat(32));
    expect(store.calls.put).toBe(0);
  });

  it("returns yesterday's salt for yesterday's events, and never creates one for yesterday", async () => {
    const store = new FakeSaltStore();
    store.salts.set('2026-03-09', 'b'.repeat(32));
    const salts = new DailySalts(store, () => at('2026-03-10T00:05:00Z'));
    expect(await salts.saltFor(at('2026-03-09T23:59:59.999Z'))).toBe('b'.repeat(32));
    expect(await salts.saltFor(at('2026-03-09T00:00:00Z'))).toBe('b'.repeat(32));

    const empty = new FakeSaltStore();
    const fresh = new DailySalts(empty, () => at('2026-03-10T00:05:00Z'));
    expect(await fresh.saltFor(at('2026-03-09T23:59:00Z'))).toBeUndefined();
    expect([...empty.salts.keys()]).toEqual(['2026-03-10']);
  });

  it('gives no salt for older days, even while the store still holds theirs, nor for future days', async () => {
    const store = new FakeSaltStore();
    store.salts.set('2026-03-08', 'c'.repeat(32));
    const salts = new DailySalts(store, () => at('2026-03-10T12:00:00Z'));
    expect(await salts.saltFor(at('2026-03-08T12:00:00Z'))).toBeUndefined();
    expect(await salts.saltFor(at('2026-03-08T23:59:59.999Z'))).toBeUndefined();
    expect(await salts.saltFor(at('2026-03-11T00:00:00Z'))).toBeUndefined();
    expect(await salts.saltFor(at('1970-01-01T00:00:00Z'))).toBeUndefined();
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY]])(
    'gives no salt for a time that is not a number: %s',
    async (time) => {
      const salts = new DailySalts(new FakeSaltStore(), () => at('2026-03-10T12:00:00Z'));
      expect(await salts.saltFor(time)).toBeUndefined();
    },
  );

  it('rolls over exactly at midnight UTC: yesterday keeps its salt, today gets a new one', async () => {
    const store = new FakeSaltStore();
    const clock = clockAt('2026-03-10T23:59:59.999Z');
    const salts = new DailySalts(store, clock.now);
    const before = await salts.saltFor(clock.now());

    clock.set('2026-03-11T00:00:00.000Z');
    const after = await salts.saltFor(clock.now());
    expect(after).not.toBe(before);
    // A visit that started before midnight still hashes with the salt it started with.
    expect(await salts.saltFor(at('2026-03-10T23:59:59.999Z'))).toBe(before);
    expect([...store.salts.keys()].sort()).toEqual(['2026-03-10', '2026-03-11']);

    clock.set('2026-03-12T00:00:00.000Z');
    expect(await salts.saltFor(at('2026-03-10T23:59:59.999Z'))).toBeUndefined();
    expect(await salts.saltFor(at('2026-03-11T00:00:00Z'))).toBe(after);
  });

  it('works on UTC days whatever the process time zone (the clock is epoch milliseconds)', async () => {
    const store = new FakeSaltStore();
    // 23:30 in New York on the 10th is already the 11th in UTC.
    const salts = new DailySalts(store, () => at('2026-03-10T23:30:00-05:00'));
    await salts.saltFor(at('2026-03-10T23:30:00-05:00'));
    expect([...store.salts.keys()]).toEqual(['2026-03-11']);
  });

  it('asks the store once however many events arrive while the day loads', async () => {
    const store = new FakeSaltStore(5);
    const salts = new DailySalts(store, () => at('2026-03-10T12:00:00Z'));
    const results = await Promise.all(
      Array.from({ length: 50 }, () => salts.saltFor(at('2026-03-10T12:00:00Z'))),
    );
    expect(new Set(results).size).toBe(1);
    expect(store.calls.list).toBe(1);
    expect(store.calls.put).toBe(1);
  });

  it("makes two processes racing to create today's salt hash with the same one", async () => {
    const store = new FakeSaltStore(5);
    const clock = () => at('2026-03-10T00:00:01Z');
    const processA = new DailySalts(store, clock);
    const processB = new DailySalts(store, clock);
    const [a, b] = await Promise.all([processA.saltFor(clock()), processB.saltFor(clock())]);
    // Both saw no salt and both tried to store one; the store kept the first.
    expect(store.calls.put).toBe(2);
    expect(a).toBe(b);
    expect(store.salts.get('2026-03-10')).toBe(a);
  });

  it('passes a store failure on and tries again on the next call', async () => {
    const store = new FakeSaltStore();
    store.failNext = true;
    const salts = new DailySalts(store, () => at('2026-03-10T12:00:00Z'));
    await expect(salts.saltFor(at('2026-03-10T12:00:00Z'))).rejects.toThrow('store down');
    expect(await salts.saltFor(at('2026-03-10T12:00:00Z'))).toMatch(/^[\da-f]{32}$/);
  });

  it('rotate() deletes the salts of days before yesterday (48 h and older) and reports how many', async () => {
    const store = new FakeSaltStore();
    for (const day of ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-10'])
      store.salts.set(day, day.replaceAll('-', '0').padEnd(32, '0'));
    const salts = new DailySalts(store, () => at('2026-03-10T00:00:00Z'));
    expect(await salts.rotate()).toBe(2);
    expect([...store.salts.keys()]).toEqual(['2026-03-09', '2026-03-10']);
    expect(await salts.rotate()).toBe(0);
  });

  it('rotate() also makes the process forget a salt it had cached', async () => {
    const store = new FakeSaltStore();
    const clock = clockAt('2026-03-10T12:00:00Z');
    const salts = new DailySalts(store, clock.now);
    await salts.saltFor(clock.now());
    clock.set('2026-03-12T01:00:00Z');
    expect(await salts.rotate()).toBe(1);
    expect(store.salts.has('2026-03-10')).toBe(false);
    expect(await salts.saltFor(at('2026-03-10T12:00:00Z'))).toBeUndefined();
  });

  it('keeps a salt at least 48 h after its day began', async () => {
    const store = new FakeSaltStore();
    const clock = clockAt('2026-03-10T00:00:00Z');
    const salts = new DailySalts(store, clock.now);
    await salts.saltFor(clock.now());
    clock.set(new Date(at('2026-03-10T00:00:00Z') + 48 * HOUR - 1).toISOString());
    expect(await salts.rotate()).toBe(0);
    clock.set(new Date(at('2026-03-10T00:00:00Z') + 2 * DAY).toISOString());
    expect(await salts.rotate()).toBe(1);
  });

  it('a day that starts while the store fails gets a salt in memory, stored once the store answers (issue #13)', async () => {
    const store = new FakeSaltStore();
    const clock = clockAt('2026-03-10T23:59:00Z');
    const salts = new DailySalts(store, clock.now);
    const yesterday = await salts.saltFor(clock.now());
    clock.set('2026-03-11T00:01:00Z');
    store.failNext = true; // the day's first read fails: the store is down
    const today = await salts.saltFor(clock.now());
    expect(today).toMatch(/^[\da-f]{32}$/);
    expect(today).not.toBe(yesterday);
    expect(await salts.saltFor(at('2026-03-10T23:59:30Z'))).toBe(yesterday);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(store.salts.get('2026-03-11')).toBe(today);
    expect(await salts.saltFor(clock.now())).toBe(today);
  });
});
