import { describe, expect, it } from 'vitest';
import { SeedProgress } from '../../src/seed/seed-progress.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 100, write: (text: string) => writes.push(text) } };
}

describe('SeedProgress', () => {
  it('stays quiet off a terminal and ends with one summary line', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(false);
    const progress = new SeedProgress({ stream, total: 10_000, now: () => clock });
    for (let done = 1_000; done <= 10_000; done += 1_000) {
      clock += 100;
      progress.update(done);
    }
    progress.finish('news.example.org', 90);
    expect(writes).toEqual([
      'seeded 10,000 events for news.example.org over 90 days in 1.0 s (10,000 events/s)\n',
    ]);
  });

  it('draws a bar with the rate and the time left on a terminal, then clears it', () => {
    let clock = 0;
    const { writes, stream } = fakeStream(true);
    const progress = new SeedProgress({ stream, total: 10_000, now: () => clock });
    clock = 1_000;
    progress.update(2_500);
    expect(progress.render()).toBe(' 25% [#####---------------] 2,500/10,000  2,500 events/s  ETA 0:03');
    expect(writes[0]).toContain('\r');
    progress.finish('news.example.org', 7);
    expect(writes.at(-1)).toBe(
      '\r\x1b[Kseeded 2,500 events for news.example.org over 7 days in 1.0 s (2,500 events/s)\n',
    );
  });
});
