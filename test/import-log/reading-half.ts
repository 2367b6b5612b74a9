/**
 * The reading half of `penumbra import-log` wired end to end, as the command is expected to
 * use it: read, parse, classify, skip, key what is kept, tally. Used by the tests and run as a
 * child process (with a capped heap) by reading-half.test.ts:
 *
 *   node --import tsx test/import-log/reading-half.ts FILE...   → one JSON line of tallies
 */
import { classify } from '../../src/classify/index.js';
import {
  BadLines,
  isLineError,
  type LogFormat,
  lineKey,
  lineParser,
  readLogLineBatches,
  requestUrl,
  shouldSkip,
} from '../../src/import-log/index.js';

export interface ReadingHalfTally {
  lines: number;
  /** Share signals: preview fetches per app (source). */
  previews: Record<string, number>;
  /** Visits per channel. */
  visits: Record<string, number>;
  bots: number;
  skipped: Record<string, number>;
  bad: BadLines;
  /** Dedupe keys of the kept requests, in order. */
  keys: string[];
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export async function readingHalf(
  sources: string[],
  options: { format?: LogFormat; siteId?: string; domain?: string; keepKeys?: boolean; secret?: string } = {},
): Promise<ReadingHalfTally> {
  const parse = lineParser(options.format ?? 'combined');
  const siteId = options.siteId ?? 'site_test';
  // What the store hands out once per installation (Store.instanceSecret): fixed, so runs compare.
  const secret = options.secret ?? 'e'.repeat(64);
  const domain = options.domain ?? 'news.example.org';
  const tally: ReadingHalfTally = {
    lines: 0,
    previews: {},
    visits: {},
    bots: 0,
    skipped: {},
    bad: new BadLines(),
    keys: [],
  };
  for await (const batch of readLogLineBatches(sources)) {
    for (const { source, lineNumber, line, truncated } of batch) {
      tally.lines++;
      if (truncated) {
        tally.bad.addTooLong(source, lineNumber, line, line.length);
        continue;
      }
      const request = parse(line);
      if (isLineError(request)) {
        tally.bad.add(source, lineNumber, line, request);
        continue;
      }
      const result = classify({
        url: requestUrl(request, domain),
        referrer: request.referrer,
        userAgent: request.userAgent,
      });
      const skip = shouldSkip(request, result.kind);
      if (skip) {
        bump(tally.skipped, skip);
        continue;
      }
      const key = lineKey(secret, siteId, line);
      if (options.keepKeys !== false) tally.keys.push(key);
      if (result.kind === 'preview') bump(tally.previews, result.source);
      else if (result.kind === 'bot') tally.bots++;
      else bump(tally.visits, result.channel);
    }
  }
  return tally;
}

async function main(files: string[]): Promise<void> {
  const started = process.hrtime.bigint();
  const tally = await readingHalf(files, { keepKeys: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { bad, keys: _keys, ...counts } = tally;
  const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
  console.log(
    JSON.stringify({ ...counts, bad: bad.total, linesPerSecond: Math.round(tally.lines / seconds), heapMb }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
