import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/classify/index.js';
import {
  isLineError,
  type LogFormat,
  type ParseResult,
  parseLine,
  requestUrl,
  shouldSkip,
} from '../../src/import-log/index.js';
import { ENGINES, engineEnv } from '../helpers/engines.js';
import { runCli } from '../helpers/run-cli.js';
import { fuzz, sampleFor } from './fuzz-run.js';
import { combinedLine, jsonLine, vhostLine } from './requests/log-lines.js';

const LINE_ERRORS = new Set(['malformed', 'bad_time', 'bad_request']);

/** A parsed line is either a known error, or a request whose every field has its type. */
function expectSoundParse(line: string, result: ParseResult): void {
  const where = `line ${JSON.stringify(line.slice(0, 300))}`;
  if (isLineError(result)) {
    expect(LINE_ERRORS.has(result.code), where).toBe(true);
    expect(typeof result.message, where).toBe('string');
    return;
  }
  expect(Number.isFinite(result.time), where).toBe(true);
  // Three digits: `000` is what nginx logs for a request closed before any answer.
  expect(Number.isInteger(result.status) && result.status >= 0 && result.status <= 999, where).toBe(true);
  for (const field of [result.ip, result.method, result.target, result.referrer, result.userAgent]) {
    expect(typeof field, where).toBe('string');
  }
  if (result.host !== undefined) expect(result.host, where).toBe(result.host.toLowerCase());
}

/** What import-log does with one line in memory: parse, rebuild the URL, classify, skip or keep. */
function importOneLine(line: string, format: LogFormat): void {
  const result = parseLine(line, format);
  expectSoundParse(line, result);
  if (isLineError(result)) return;
  const classified = classify({
    url: requestUrl(result, 'fuzz.example.org'),
    referrer: result.referrer,
    userAgent: result.userAgent,
  });
  shouldSkip(result, classified.kind);
}

const FORMATS: [LogFormat, fc.Arbitrary<string>][] = [
  ['combined', combinedLine],
  ['vhost_combined', vhostLine],
  ['json', jsonLine],
];

describe('fuzz: import-log lines', () => {
  it.each(FORMATS)(
    'parses, classifies or refuses every mutated %s line without throwing',
    async (format, lines) => {
      await fuzz(
        `import-log.${format}`,
        fc.asyncProperty(lines, async (line) => importOneLine(line, format)),
        { runs: 2_000, ms: 4_000 },
      );
    },
  );

  it.each(
    ENGINES.flatMap((engine) => [
      [engine, 'combined', combinedLine],
      [engine, 'json', jsonLine],
    ]) as [string, LogFormat, fc.Arbitrary<string>][],
  )(
    'penumbra import-log on %s --format %s (a process) reads a generated file of hostile lines to the end',
    async (engine, format, lines) => {
      const store = await engineEnv(engine, 'fuzz');
      const dir = mkdtempSync(join(tmpdir(), 'penumbra-fuzz-log-'));
      const generated = sampleFor(`import-log.file.${format}`, lines, 600);
      // Bytes no encoder writes: invalid UTF-8, a NUL, a CR line end, an empty line, one line of
      // 2 MB; and a NUL written as nginx escapes it, which the parser decodes.
      const raw = Buffer.concat([
        Buffer.from(generated.join('\n')),
        Buffer.from(
          '\n\xff\xfe\xc3(\x00 - - [15/Oct/2024:08:00:01 +0200] "GET / HTTP/1.1" 200 1 "-" "-"\r\n\n',
          'latin1',
        ),
        Buffer.from(`${'x'.repeat(2 * 1024 * 1024)}\n`),
        Buffer.from(
          '203.0.113.7 - - [15/Oct/2024:08:00:01 +0200] "GET /a\\x00b HTTP/1.1" 200 1 "https://l.facebook.com/\\x00" "Mozilla/5.0 (iPhone)"\n',
        ),
        Buffer.from(generated.slice(0, 50).join('\r\n')),
      ]);
      const file = join(dir, `access.${format}.log`);
      writeFileSync(file, raw);
      const env = { ...store.env, PENUMBRA_DATA_DIR: dir, LOG_LEVEL: 'silent' };
      const result = await runCli(
        // Mostly hostile lines: the bad-line threshold is lifted, this test is about reading to the end.
        [
          'import-log',
          '--site',
          'fuzz.example.org',
          '--create-site',
          '--max-bad-ratio',
          '1',
          '--format',
          format,
          '--json',
          file,
        ],
        { env },
      );
      await store.drop();
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const summary = JSON.parse(result.stdout);
      const kept =
        summary.pageviews + summary.bots + Object.values<number>(summary.previews).reduce((a, b) => a + b, 0);
      const skipped = Object.values<number>(summary.skipped).reduce((a, b) => a + b, 0);
      // Every line is accounted for once: kept, skipped or bad.
      expect(kept + skipped + summary.bad).toBe(summary.lines);
      // Every kept line was stored (or was already there): the store refused none of them.
      expect(summary.stored + summary.duplicates).toBe(kept);
      // Read to the end: every non-blank line (LF-separated, a CR before the LF ignored) was seen.
      const nonBlank = raw
        .toString('latin1')
        .split('\n')
        .filter((line) => line.replace(/\r$/, '') !== '').length;
      expect(summary.lines).toBe(nonBlank);
      expect(summary.bad).toBeGreaterThan(0);
      expect(kept).toBeGreaterThan(0);
    },
  );
});
