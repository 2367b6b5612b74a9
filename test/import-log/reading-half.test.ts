import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatBadLine } from '../../src/import-log/index.js';
import { readingHalf } from './reading-half.js';
import { syntheticLog } from './synthetic-log.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/news-site.log', import.meta.url));
const READING_HALF = fileURLToPath(new URL('./reading-half.ts', import.meta.url));

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'penumbra-reading-half-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the reading half of import-log, end to end', () => {
  it('turns a news site log (CRLF) into share signals per app, visits per channel, bots and skips', async () => {
    const tally = await readingHalf([FIXTURE]);
    expect(tally.lines).toBe(23);
    expect(tally.previews).toEqual({ whatsapp: 2, slack: 1, facebook: 1, telegram: 1 });
    expect(tally.visits).toEqual({ 'dark-social': 3, search: 2, direct: 1, social: 1 });
    expect(tally.bots).toBe(1);
    expect(tally.skipped).toEqual({ static: 3, status: 2, method: 2 });
    expect(tally.keys).toHaveLength(13);
  });

  it('counts bad lines with their line numbers and goes on', async () => {
    const { bad } = await readingHalf([FIXTURE]);
    expect(bad.summary()).toBe('3 bad lines (bad_request 1, malformed 1, bad_time 1)');
    expect(bad.examples.map(formatBadLine)).toEqual([
      expect.stringMatching(/news-site\.log:13: bad_request: not an HTTP request line/),
      `${FIXTURE}:14: malformed: expected "address ident user [time]" — "this is not a log line"`,
      expect.stringMatching(/news-site\.log:15: bad_time: not a \[dd\/Mon\/yyyy:hh:mm:ss \+zzzz\] time/),
    ]);
  });

  it('gives the same keys for the same lines, gzipped, LF-only or imported twice, so nothing counts twice', async () => {
    const text = readFileSync(FIXTURE, 'utf8');
    const gzipped = join(dir, 'news-site.log.1.gz');
    const unix = join(dir, 'news-site-lf.log');
    writeFileSync(gzipped, gzipSync(text));
    writeFileSync(unix, text.replaceAll('\r\n', '\n'));
    const original = await readingHalf([FIXTURE]);
    expect((await readingHalf([gzipped])).keys).toEqual(original.keys);
    expect((await readingHalf([unix])).keys).toEqual(original.keys);
    const twice = await readingHalf([FIXTURE, gzipped]);
    expect(new Set(twice.keys).size).toBe(original.keys.length);
    expect((await readingHalf([FIXTURE], { siteId: 'site_other' })).keys).not.toEqual(original.keys);
  });

  it('keeps up with a realistic mix (throughput printed, not asserted)', async () => {
    const file = join(dir, 'access.log');
    await pipeline(syntheticLog(200_000, 11), createWriteStream(file));
    const started = process.hrtime.bigint();
    const tally = await readingHalf([file], { keepKeys: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `reading half: ${tally.lines.toLocaleString('en-US')} lines in ${seconds.toFixed(2)} s = ` +
        `${Math.round(tally.lines / seconds).toLocaleString('en-US')} lines/s (under vitest; see bench/import-parse.ts)`,
    );
    expect(tally.lines).toBe(200_000);
    expect(tally.bad.total).toBe(0);
    expect(Object.keys(tally.previews).length).toBeGreaterThan(5);
  });

  it('streams: a 120 MB log goes through a process whose heap is capped at 32 MB', async () => {
    const file = join(dir, 'big.log');
    const lines = 500_000;
    await pipeline(syntheticLog(lines, 12), createWriteStream(file));
    expect(statSync(file).size).toBeGreaterThan(110e6);
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=32', '--import', 'tsx', READING_HALF, file],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const [code] = await once(child, 'close');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      lines: number;
      bad: number;
      heapMb: number;
      linesPerSecond: number;
    };
    console.log(`capped heap: ${JSON.stringify(result)}`);
    expect(result.lines).toBe(lines);
    expect(result.bad).toBe(0);
  }, 120_000);
});
