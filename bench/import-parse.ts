/**
 * bench/import-parse: lines per second of `penumbra import-log`'s reading half on one core,
 * over a generated 1,000,000-line combined log (test/import-log/synthetic-log.ts: static
 * assets, people, crawlers, link previews) in a temporary file, plain and gzipped:
 *
 *   read                 split into lines only (readLogLines) — the baseline
 *   read+parse+lineKey   parseCombined and lineKey on every line
 *   whole path           read, parse, requestUrl, classify, shouldSkip, and lineKey on every
 *                        line or (as the import should) on the kept lines only
 *
 * plus the alternatives the code chose against (readLogLineBatches is the faster form;
 * node:readline, one regular expression, createHash for lineKey). Rates are per CPU second
 * (one core's work, steady on a busy machine) and per wall-clock second, median of 3 rounds.
 * Target (issue #4): ≥ 100,000 lines/s for the whole path.
 *
 *   node --import tsx bench/import-parse.ts [lines]
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { classify } from '../src/classify/index.js';
import { lineKey } from '../src/import-log/line-key.js';
import { parseCombined } from '../src/import-log/parse-combined.js';
import { parseClfTime } from '../src/import-log/parse-log-time.js';
import { parseRequestLine } from '../src/import-log/parse-request-line.js';
import { isLineError, lineError, type ParseResult } from '../src/import-log/parsed-request.js';
import { readLogLineBatches, readLogLines } from '../src/import-log/read-log-lines.js';
import { requestUrl } from '../src/import-log/request-url.js';
import { shouldSkip } from '../src/import-log/skip-rules.js';
import { unescapeLogField } from '../src/import-log/unescape-log-field.js';
import { syntheticLog } from '../test/import-log/synthetic-log.js';
import { formatRate, median } from './bench-utils.js';

const LINES = Number(process.argv[2] ?? 1_000_000);
const SITE = 'site_bench';
/** The installation secret that keys line keys (Store.instanceSecret): 32 random bytes as hex. */
const SECRET = 'f'.repeat(64);
const DOMAIN = 'news.example.org';
let sink = 0;

async function writeLogs(dir: string): Promise<{ plain: string; gzipped: string }> {
  const plain = join(dir, 'access.log');
  const gzipped = join(dir, 'access.log.1.gz');
  await pipeline(syntheticLog(LINES, 1), createWriteStream(plain));
  await pipeline(createReadStream(plain), createGzip(), createWriteStream(gzipped));
  return { plain, gzipped };
}

interface Rates {
  wall: number;
  /** Lines per second of CPU time (user + system, all threads): one core's worth of work. */
  cpu: number;
}

/**
 * Wall-clock rates swing with whatever else the machine runs; CPU time is the work itself, so
 * both are printed and the target is judged on CPU time (the issue asks for one core).
 */
async function timed(work: () => Promise<number>): Promise<Rates> {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const lines = await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: lines / seconds, cpu: lines / ((cpu.user + cpu.system) / 1e6) };
}

async function readOnly(file: string): Promise<number> {
  let lines = 0;
  for await (const { line } of readLogLines([file])) {
    lines++;
    sink += line.length;
  }
  return lines;
}

async function readBatches(file: string): Promise<number> {
  let lines = 0;
  for await (const batch of readLogLineBatches([file])) {
    for (const { line } of batch) {
      lines++;
      sink += line.length;
    }
  }
  return lines;
}

async function readWithReadline(file: string): Promise<number> {
  let lines = 0;
  const reader = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of reader) {
    lines++;
    sink += line.length;
  }
  return lines;
}

async function parseAndKey(file: string): Promise<number> {
  let lines = 0;
  for await (const { line } of readLogLines([file])) {
    lines++;
    const parsed = parseCombined(line);
    if (!isLineError(parsed)) sink += parsed.status;
    sink += lineKey(SECRET, SITE, line).length;
  }
  return lines;
}

const tally = new Map<string, number>();

/**
 * The reading half as the import should run it: parse, classify, decide to skip, and compute
 * the dedupe key only for what is kept (`keyEveryLine` measures keying every line instead).
 */
async function wholePath(file: string, keyEveryLine: boolean): Promise<number> {
  let lines = 0;
  tally.clear();
  for await (const { line } of readLogLines([file])) {
    lines++;
    const parsed = parseCombined(line);
    if (keyEveryLine) sink += lineKey(SECRET, SITE, line).length;
    if (isLineError(parsed)) continue;
    const url = requestUrl(parsed, DOMAIN);
    const result = classify({ url, referrer: parsed.referrer, userAgent: parsed.userAgent });
    const outcome = shouldSkip(parsed, result.kind) ?? result.kind;
    tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
    if (!keyEveryLine && outcome === result.kind) sink += lineKey(SECRET, SITE, line).length;
  }
  return lines;
}

/** The alternative to parse-combined.ts's indexOf scanning: one regular expression. */
const COMBINED =
  /^(\S+) \S+ .*?\[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) \S+ "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"/;

function unescaped(field: string): string {
  if (field === '-') return '';
  return field.includes('\\') ? unescapeLogField(field) : field;
}

function parseWithRegex(line: string): ParseResult {
  const match = COMBINED.exec(line);
  if (!match) return lineError('malformed', 'no match');
  const [, ip = '', timeText = '', requestText = '', status = '', referrer = '', agent = ''] = match;
  const time = parseClfTime(timeText);
  if (Number.isNaN(time)) return lineError('bad_time', timeText);
  const request = parseRequestLine(unescaped(requestText));
  if (!request) return lineError('bad_request', requestText);
  return {
    time,
    ip,
    method: request.method,
    target: request.target,
    status: Number(status),
    referrer: unescaped(referrer),
    userAgent: unescaped(agent),
  };
}

function sampleLines(count: number): string[] {
  const lines: string[] = [];
  for (const block of syntheticLog(count, 2)) lines.push(...block.split('\n').filter(Boolean));
  return lines;
}

function cpuRateOf(lines: readonly string[], work: (line: string) => number): number {
  const before = process.cpuUsage();
  for (const line of lines) sink += work(line);
  const used = process.cpuUsage(before);
  return lines.length / ((used.user + used.system) / 1e6);
}

/** createHash per line, what lineKey falls back to before Node 20.12. */
function keyWithCreateHash(line: string): string {
  return createHash('sha256').update(`${SECRET}\0${SITE}\0${line}`).digest('hex').slice(0, 32);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-bench-'));
  try {
    const started = Date.now();
    const { plain, gzipped } = await writeLogs(dir);
    const mb = (file: string) => (statSync(file).size / 1e6).toFixed(0);
    console.log(
      `generated ${LINES.toLocaleString('en-US')} lines: ${mb(plain)} MB plain, ${mb(gzipped)} MB gzipped (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    const stages: [string, () => Promise<number>][] = [
      ['read (readLogLines)', () => readOnly(plain)],
      ['read (readLogLineBatches)', () => readBatches(plain)],
      ['read (node:readline)', () => readWithReadline(plain)],
      ['read+parse+lineKey', () => parseAndKey(plain)],
      ['whole path, key every line', () => wholePath(plain, true)],
      ['whole path, key kept lines', () => wholePath(plain, false)],
      ['same, from .gz', () => wholePath(gzipped, false)],
    ];
    const rates = new Map<string, Rates[]>(stages.map(([name]) => [name, []]));
    for (let round = 1; round <= 3; round++) {
      for (const [name, work] of stages) rates.get(name)?.push(await timed(work));
    }
    const cpuRate = (name: string) => median((rates.get(name) ?? []).map((rate) => rate.cpu));
    const baseline = cpuRate('read (readLogLines)');
    console.log(`${'median of 3'.padEnd(30)} ${'per CPU second'.padStart(14)}  ${'wall clock'.padStart(14)}`);
    for (const [name, values] of rates) {
      const wall = median(values.map((rate) => rate.wall));
      const cpu = cpuRate(name);
      console.log(
        `${name.padEnd(30)} ${formatRate(cpu).padStart(14)}  ${formatRate(wall).padStart(14)}  ${(cpu / baseline).toFixed(2)}x of read`,
      );
    }
    for (const name of ['whole path, key every line', 'whole path, key kept lines']) {
      const rate = cpuRate(name);
      const verdict = rate >= 100_000 ? 'met' : 'NOT met';
      console.log(`${name}: ${formatRate(rate)} per CPU second, target >= 100,000/s ${verdict}`);
    }
    console.log(`outcomes of the last run: ${JSON.stringify(Object.fromEntries(tally))}`);

    const lines = sampleLines(200_000);
    const status = (result: ParseResult) => (isLineError(result) ? 0 : result.status);
    const micro: [string, (line: string) => number][] = [
      ['parse: indexOf scanning', (line) => status(parseCombined(line))],
      ['parse: one regular expression', (line) => status(parseWithRegex(line))],
      ['lineKey (crypto.hash)', (line) => lineKey(SECRET, SITE, line).length],
      ['lineKey with createHash', (line) => keyWithCreateHash(line).length],
    ];
    console.log('\nin memory, 200,000 lines, alternating, median of 5, per CPU second:');
    const microRates = new Map<string, number[]>(micro.map(([name]) => [name, []]));
    for (let round = 1; round <= 5; round++) {
      for (const [name, work] of micro) microRates.get(name)?.push(cpuRateOf(lines, work));
    }
    for (const [name, values] of microRates) {
      console.log(`${name.padEnd(30)} ${formatRate(median(values)).padStart(14)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (sink === -1) console.log('');
}

await main();
