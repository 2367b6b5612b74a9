import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { RollupFolder } from '../../src/store/rollups/rollup-folder.js';

/** A fold that fails while `failing` is true, counting its attempts (the store's own contract suites test real folds). */
function foldTarget() {
  const target = {
    failing: true,
    attempts: 0,
    async foldRollups(): Promise<number> {
      target.attempts += 1;
      if (target.failing) throw new Error('connect ECONNREFUSED');
      return 0;
    },
  };
  return target;
}

describe('RollupFolder while the store fails (issue 13, finding 5)', () => {
  it('backs off, reports a failing streak once and its end once', async () => {
    const target = foldTarget();
    const errors: unknown[] = [];
    const recoveries: number[] = [];
    const folder = new RollupFolder(target, {
      intervalMs: 10,
      maxBackoffMs: 200,
      onError: (error) => errors.push(error),
      onRecovered: (failedForMs) => recoveries.push(failedForMs),
    });
    folder.start();
    await sleep(1_000);
    // Every 10 ms without backoff would be ~100 attempts; doubling from 10 ms to a 200 ms cap
    // allows about a dozen in a second.
    expect(target.attempts).toBeGreaterThan(2);
    expect(target.attempts).toBeLessThan(25);
    expect(errors).toHaveLength(1);
    expect(recoveries).toHaveLength(0);

    target.failing = false;
    await sleep(500);
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]).toBeGreaterThanOrEqual(900);
    const afterRecovery = target.attempts;
    await sleep(200);
    // Back to the plain interval once it works.
    expect(target.attempts - afterRecovery).toBeGreaterThan(5);
    expect(errors).toHaveLength(1);
    await folder.stop();
  });
});
