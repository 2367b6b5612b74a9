import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type LogLine,
  LogReadError,
  type ReadLogLinesOptions,
  readLogLineBatches,
  readLogLines,
  totalSourceBytes,
} from '../../src/import-log/read-log-lines.js';
import { syntheticLog } from './synthetic-log.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'penumbra-read-log-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function collect(sources: string[], options: ReadLogLinesOptions = {}): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  for await (const line of readLogLines(sources, options)) lines.push(line);
  return lines;
}

const texts = (lines: LogLine[]) => lines.map((entry) => entry.line);

describe('readLogLines', () => {
  it('yields the lines of a file with their numbers, dropping \\r and blank lines but counting them', async () => {
    const path = file('crlf.log', 'first\r\nsecond\r\n\r\n\nfifth\r\nlast without newline');
    expect(await collect([path])).toEqual([
      { source: path, lineNumber: 1, line: 'first', truncated: false },
      { source: path, lineNumber: 2, line: 'second', truncated: false },
      { source: path, lineNumber: 5, line: 'fifth', truncated: false },
      { source: path, lineNumber: 6, line: 'last without newline', truncated: false },
    ]);
  });

  it('reads a gzipped log exactly like the plain one, whatever its name (magic bytes decide)', async () => {
    const text = [...syntheticLog(20_000, 3)].join('');
    const plain = await collect([file('a.log', text)]);
    const gzipped = await collect([file('a.log.2.gz', gzipSync(text))]);
    const misnamed = await collect([file('a.log.1', gzipSync(text))]);
    const plainNamedGz = await collect([file('plain.gz', text)]);
    expect(plain).toHaveLength(20_000);
    for (const other of [gzipped, misnamed, plainNamedGz]) {
      expect(texts(other)).toEqual(texts(plain));
      expect(other.map((entry) => entry.lineNumber)).toEqual(plain.map((entry) => entry.lineNumber));
    }
  });

  it('reads concatenated gzip members one after the other (cat a.gz b.gz)', async () => {
    const path = file('members.gz', Buffer.concat([gzipSync('one\ntwo\n'), gzipSync('three\n')]));
    expect(texts(await collect([path]))).toEqual(['one', 'two', 'three']);
  });

  it('reads standard input for "-", plain or gzipped, between files, numbering each source apart', async () => {
    const a = file('first.log', 'a1\na2\n');
    const plainStdin = Readable.from([Buffer.from('s1\ns2\ns3\n')]);
    const lines = await collect([a, '-'], { stdin: plainStdin });
    expect(
      lines.map(({ source, lineNumber, line }) => `${source === a ? 'a' : source}:${lineNumber}:${line}`),
    ).toEqual(['a:1:a1', 'a:2:a2', '-:1:s1', '-:2:s2', '-:3:s3']);
    // gzip split so that even the two magic bytes arrive in separate chunks
    const zipped = gzipSync('z1\nz2\n');
    const gzStdin = Readable.from([zipped.subarray(0, 1), zipped.subarray(1, 5), zipped.subarray(5)]);
    expect(texts(await collect(['-'], { stdin: gzStdin }))).toEqual(['z1', 'z2']);
  });

  it('joins lines split across chunks, a UTF-8 character or a CRLF included', async () => {
    const bytes = Buffer.from('café\n', 'utf8');
    const split = bytes.indexOf(0xc3) + 1;
    const stdin = Readable.from([bytes.subarray(0, split), bytes.subarray(split)]);
    expect(texts(await collect(['-'], { stdin }))).toEqual(['café']);
    const pieces = Readable.from(['ab', 'cd', 'ef\r', '\ngh', '\n\n', 'ij'].map((text) => Buffer.from(text)));
    expect(await collect(['-'], { stdin: pieces })).toMatchObject([
      { lineNumber: 1, line: 'abcdef' },
      { lineNumber: 2, line: 'gh' },
      { lineNumber: 4, line: 'ij' },
    ]);
  });

  it('cuts overlong lines, flags them, drops their rest and goes on', async () => {
    const long = 'x'.repeat(200_000);
    const path = file('long.log', `short\n${long}\nafter\n${'y'.repeat(50)}`);
    const lines = await collect([path], { maxLineLength: 1000 });
    expect(lines.map(({ lineNumber, line, truncated }) => [lineNumber, line.length, truncated])).toEqual([
      [1, 5, false],
      [2, 1000, true],
      [3, 5, false],
      [4, 50, false],
    ]);
    const tail = await collect([file('long-tail.log', `a\n${long}`)], { maxLineLength: 1000 });
    expect(tail.map(({ lineNumber, truncated }) => [lineNumber, truncated])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it('tells how many bytes it read: the compressed size for gzip', async () => {
    const text = [...syntheticLog(5_000, 4)].join('');
    const plain = file('count.log', text);
    const gzipped = file('count.log.gz', gzipSync(text));
    for (const path of [plain, gzipped]) {
      let bytes = 0;
      await collect([path], { onBytes: (count) => (bytes += count) });
      expect(bytes).toBe(statSync(path).size);
    }
    expect(await totalSourceBytes([plain, gzipped])).toBe(statSync(plain).size + statSync(gzipped).size);
    expect(await totalSourceBytes([plain, '-'])).toBeUndefined();
  });

  it('stops reading when the consumer breaks out, and fails on a missing file with its path', async () => {
    const path = file('break.log', [...syntheticLog(50_000, 5)].join(''));
    let seen = 0;
    for await (const _ of readLogLines([path])) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
    const stdin = Readable.from(syntheticLog(50_000, 5));
    for await (const _ of readLogLines(['-'], { stdin })) break;
    expect(stdin.destroyed).toBe(true);
    const gzStdin = Readable.from([gzipSync([...syntheticLog(50_000, 5)].join(''))]);
    for await (const _ of readLogLines(['-'], { stdin: gzStdin })) break;
    expect(gzStdin.destroyed).toBe(true);
    const missing = join(dir, 'no-such.log');
    await expect(collect([missing])).rejects.toMatchObject({ code: 'ENOENT', path: missing });
  });

  it('hands out the lines of a truncated gzip file, then fails naming the file', async () => {
    const zipped = gzipSync([...syntheticLog(20_000, 7)].join(''));
    const path = file('truncated.log.gz', zipped.subarray(0, zipped.length >> 1));
    const lines: LogLine[] = [];
    const failure = await (async () => {
      for await (const line of readLogLines([path])) lines.push(line);
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LogReadError);
    expect(failure).toMatchObject({ path, code: 'Z_BUF_ERROR' });
    expect(String(failure)).toContain('truncated.log.gz: unexpected end of file');
    expect(lines.length).toBeGreaterThan(5_000);
  });

  it('hands out the same lines a chunk at a time with readLogLineBatches', async () => {
    const path = file('batches.log', [...syntheticLog(30_000, 6)].join(''));
    const batched: LogLine[] = [];
    let batches = 0;
    for await (const batch of readLogLineBatches([path])) {
      batches++;
      batched.push(...batch);
    }
    expect(batched).toEqual(await collect([path]));
    expect(batches).toBeGreaterThan(10);
  });
});
