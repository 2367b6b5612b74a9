import { describe, expect, it } from 'vitest';
import { StaleValue } from '../../src/store/stale-value.js';

/** A store read the test settles by hand, so interleavings are explicit. */
function manualLoads<T>() {
  const pending: { resolve: (value: T) => void; reject: (error: Error) => void }[] = [];
  const load = () =>
    new Promise<T>((resolve, reject) => {
      pending.push({ resolve, reject });
    });
  return { load, pending };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StaleValue (serve stale on refresh failure, one load at a time)', () => {
  it('waits for the first load only, then serves stale while one reload runs', async () => {
    const { load, pending } = manualLoads<string>();
    const value = new StaleValue(load, { ttlMs: 100 });
    const first = value.get(0);
    await tick();
    pending[0]?.resolve('v1');
    expect(await first).toBe('v1');
    expect(await value.get(50)).toBe('v1');
    expect(pending).toHaveLength(1);
    const stale = await Promise.all([value.get(150), value.get(151), value.get(152)]);
    expect(stale).toEqual(['v1', 'v1', 'v1']);
    await tick();
    expect(pending).toHaveLength(2); // one reload for three asks
    pending[1]?.resolve('v2');
    await tick();
    expect(await value.get(160)).toBe('v2');
  });

  it('keeps the last value when a reload fails, and tries again only after retryMs', async () => {
    const { load, pending } = manualLoads<string>();
    const errors: unknown[] = [];
    const value = new StaleValue(load, {
      ttlMs: 100,
      retryMs: 1_000,
      onError: (error) => errors.push(error),
    });
    const first = value.get(0);
    await tick();
    pending[0]?.resolve('v1');
    await first;
    expect(await value.get(200)).toBe('v1');
    await tick();
    pending[1]?.reject(new Error('store down'));
    await tick();
    expect(errors).toHaveLength(1);
    expect(await value.get(300)).toBe('v1');
    expect(await value.get(1_100)).toBe('v1');
    await tick();
    expect(pending).toHaveLength(2); // no new try before 200 + 1000
    expect(await value.get(1_250)).toBe('v1');
    await tick();
    expect(pending).toHaveLength(3);
  });

  it('passes the first failure on: nothing is known yet', async () => {
    const value = new StaleValue(() => Promise.reject(new Error('store down')), { ttlMs: 100 });
    await expect(value.get(0)).rejects.toThrow('store down');
  });

  it('after expire, the next get waits for a read that starts after it, or falls back to the last value', async () => {
    const { load, pending } = manualLoads<string>();
    const value = new StaleValue(load, { ttlMs: 100 });
    const first = value.get(0);
    await tick();
    pending[0]?.resolve('v1');
    await first;
    void value.get(150); // a background reload starts, reading before the change
    await tick();
    value.expire();
    const after = value.get(151);
    pending[1]?.resolve('old');
    await tick();
    await tick();
    expect(pending).toHaveLength(3); // a second read, after the change
    pending[2]?.resolve('new');
    expect(await after).toBe('new');

    value.expire();
    const failing = value.get(152);
    await tick();
    pending[3]?.reject(new Error('store down'));
    expect(await failing).toBe('new');
  });
});
