import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLLUP_TABLES } from '../../src/store/rollups/rollup-tables.js';
import { openSqliteDatabase } from '../../src/store/sqlite/sqlite-database.js';
import { runCli } from '../helpers/run-cli.js';
import { syntheticLog } from './synthetic-log.js';

/*
 * `penumbra import-log` stores and folds on a writer thread while it parses (issue 12, Bulk;
 * bulk-event-writer.ts). 40,000 lines give several batches in flight and several fold steps on
 * the thread. What it stores must be what the single-threaded import stores, line for line.
 */
const LINES = 40_000;

function logFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-thread-log-'));
  const file = join(dir, 'access.log');
  writeFileSync(file, [...syntheticLog(LINES, 11)].join(''));
  return file;
}

async function importJson(file: string, env: Record<string, string>) {
  const result = await runCli(['import-log', '--site', 'news.example.org', '--create-site', '--json', file], {
    env,
  });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

/**
 * What the import left: every rollup table's rows, how many events and visitor rows, and the
 * preview fetches. Visitor hashes and dedupe keys are left out: each import salts its own hashes,
 * and each data directory keys its own lines.
 */
function stored(dataDir: string) {
  const db = openSqliteDatabase(join(dataDir, 'penumbra.db'));
  try {
    // Each data directory made its own site, with its own id.
    const all = (sql: string) =>
      (db.prepare(sql).all() as Record<string, unknown>[]).map(({ site_id: _site, ...row }) => row);
    const rollups = Object.fromEntries(
      ROLLUP_TABLES.map((table) => [
        table.name,
        all(`SELECT * FROM ${table.name} ORDER BY ${table.keys.join(', ')}`),
      ]),
    );
    return {
      rollups,
      counts:
        all(`SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM visitor_days) AS visitors,
        (SELECT count(*) FROM page_visitor_days) AS pageVisitors,
        (SELECT count(*) FROM events WHERE id > (SELECT folded_id FROM rollup_watermark)) AS unfolded`),
      fetches: all(
        'SELECT source, status, path, occurred_at FROM preview_fetches ORDER BY occurred_at, source, path',
      ),
    };
  } finally {
    db.close();
  }
}

describe('penumbra import-log on a writer thread', () => {
  it('stores, folds and dedupes exactly as on one thread', async () => {
    const file = logFile();
    const threaded = { PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-thread-')) };
    const single = {
      PENUMBRA_DATA_DIR: mkdtempSync(join(tmpdir(), 'penumbra-single-')),
      PENUMBRA_WRITER_THREAD: 'off',
    };
    const [a, b] = await Promise.all([importJson(file, threaded), importJson(file, single)]);
    expect(a.stored).toBeGreaterThan(10_000);
    expect(a).toEqual(b);
    const left = stored(threaded.PENUMBRA_DATA_DIR);
    expect(left.counts).toEqual([expect.objectContaining({ events: a.stored, unfolded: 0 })]);
    expect(left).toEqual(stored(single.PENUMBRA_DATA_DIR));
    const again = await importJson(file, threaded);
    expect(again.stored).toBe(0);
    expect(again.duplicates).toBe(a.stored);
  }, 240_000);
});
