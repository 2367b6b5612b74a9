import { describe, expect, it } from 'vitest';
import { DropReporter } from '../../src/events/drop-reporter.js';
import { CapturedLog } from './flaky-writer.js';

describe('DropReporter', () => {
  it('says when drops start, then at most once a minute with the count, then when they stop', () => {
    let now = 0;
    const log = new CapturedLog();
    const drops = new DropReporter(log, () => now);
    drops.record(5, 'memory-full');
    // A drop every second for two minutes and a half.
    for (let second = 1; second <= 150; second++) {
      now = second * 1_000;
      drops.record(2, 'spool-full');
      drops.tick();
    }
    // Ticks for two more minutes without any drop.
    for (let second = 151; second <= 270; second++) {
      now = second * 1_000;
      drops.tick();
    }
    expect(drops.dropped).toBe(305);
    expect(drops.reasons).toEqual({ 'memory-full': 5, 'spool-full': 300, 'spool-failed': 0, refused: 0 });
    expect(log.lines.map((line) => line.message)).toEqual([
      'events dropped: 5 (memory-full); further drops are logged once a minute',
      'events dropped: 120 in the last minute (125 in total)',
      'events dropped: 120 in the last minute (245 in total)',
      'events dropped: 60 in the last minute (305 in total)',
      'events no longer dropped (305 in total)',
    ]);
  });

  it('ignores a count of zero', () => {
    const log = new CapturedLog();
    const drops = new DropReporter(log, () => 0);
    drops.record(0, 'spool-full');
    expect(drops.dropped).toBe(0);
    expect(log.lines).toEqual([]);
  });
});
