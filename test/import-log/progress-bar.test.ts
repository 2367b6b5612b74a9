import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDuration,
  ProgressBar,
  type ProgressStream,
} from '../../src/import-log/progress-bar.js';

class FakeStream implements ProgressStream {
  writes: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns = 200,
  ) {}
  write(text: string): boolean {
    this.writes.push(text);
    return true;
  }
}

function clock() {
  let now = 1_000;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('ProgressBar', () => {
  it('shows bytes of the total, lines, lines/s and the time left on a terminal', () => {
    const stream = new FakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, totalBytes: 4_000_000, now: time.now, label: 'import' });
    time.advance(2_000);
    bar.tick(200_000);
    bar.addBytes(1_000_000);
    expect(stream.writes).toHaveLength(1);
    const drawn = stream.writes[0] ?? '';
    expect(drawn.startsWith('\r\x1b[K')).toBe(true);
    expect(drawn).toContain('import:  25% [#####---------------]');
    expect(drawn).toContain('1.0 MB / 4.0 MB');
    expect(drawn).toContain('200,000 lines  100,000 lines/s');
    // 3 MB left at 0.5 MB/s
    expect(drawn).toContain('ETA 0:06');
    expect(drawn).not.toContain('\n');
  });

  it('redraws at most every 100 ms, however often it is told', () => {
    const stream = new FakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, totalBytes: 1_000, now: time.now });
    for (let i = 0; i < 100; i++) bar.addBytes(1);
    expect(stream.writes).toHaveLength(1);
    time.advance(99);
    bar.addBytes(1);
    expect(stream.writes).toHaveLength(1);
    time.advance(1);
    for (let i = 0; i < 1_000; i++) bar.tick();
    expect(stream.writes).toHaveLength(2);
  });

  it('shows lines and rate only when the total is unknown (stdin)', () => {
    const stream = new FakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, now: time.now });
    time.advance(500);
    bar.tick(1_000);
    bar.addBytes(64_000);
    expect(stream.writes[0]).toBe('\r\x1b[K1,000 lines  2,000 lines/s  64.0 kB read');
  });

  it('prints messages on their own line and the bar again below them', () => {
    const stream = new FakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, totalBytes: 100, now: time.now });
    bar.addBytes(10);
    bar.message('access.log:7: malformed');
    expect(stream.writes[1]).toBe('\r\x1b[Kaccess.log:7: malformed\n');
    expect(stream.writes[2]?.startsWith('\r\x1b[K 10% [##---')).toBe(true);
  });

  it('fits the bar in the terminal: a wrapped line cannot be redrawn with \\r', () => {
    const stream = new FakeStream(true, 40);
    const bar = new ProgressBar({
      stream,
      totalBytes: 10_000_000,
      now: clock().now,
      label: 'penumbra import-log',
    });
    bar.addBytes(1);
    expect((stream.writes[0] ?? '').replace('\r\x1b[K', '').length).toBe(39);
  });

  it('stays silent off a terminal until the one-line summary', () => {
    const stream = new FakeStream(false);
    const time = clock();
    const bar = new ProgressBar({
      stream,
      totalBytes: 1_000_000,
      now: time.now,
      label: 'penumbra import-log',
    });
    for (let i = 0; i < 10; i++) {
      time.advance(1_000);
      bar.addBytes(100_000);
      bar.tick(30_000);
    }
    expect(stream.writes).toEqual([]);
    bar.finish('1,204 visits, 37 previews');
    expect(stream.writes).toEqual([
      'penumbra import-log: 300,000 lines (1.0 MB) in 10.0 s, 30,000 lines/s; 1,204 visits, 37 previews\n',
    ]);
  });

  it('clears the bar before the summary on a terminal', () => {
    const stream = new FakeStream(true);
    const time = clock();
    const bar = new ProgressBar({ stream, now: time.now });
    bar.addBytes(5);
    time.advance(1_000);
    bar.finish();
    expect(stream.writes.at(-1)).toBe('\r\x1b[K0 lines (5 B) in 1.0 s\n');
  });

  it('says "1 line" and prints no rate for a run under a second (issue 16: "79 lines/s" for 7 lines)', () => {
    const stream = new FakeStream(false);
    const time = clock();
    const bar = new ProgressBar({ stream, now: time.now });
    bar.addBytes(80);
    bar.tick(1);
    time.advance(90);
    bar.finish();
    expect(stream.writes).toEqual(['1 line (80 B) in 0.1 s\n']);
  });
});

describe('formatting', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000_000)).toBe('1.5 GB');
    expect(formatDuration(59_400)).toBe('0:59');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });
});
