/**
 * bench/fold-cost (issue 12): the SQLite fold's CPU per event, this checkout's code against a
 * baseline checkout (e.g. `git archive main | tar -x -C /tmp/fold-base`, with a node_modules link),
 * on the same seeded data. The data is made once with `seedSite` (one site, 90 days, share kits,
 * and with `--goals` the demo's goals), then its rollups, claims and watermark are emptied; each
 * pass folds two fresh copies of that file in this process, one with each code, 50,000 events a
 * step (`store.foldRollups`), step by step in turns (A B, B A, …) so that the machine's load
 * drifts alike over both, and adds up each code's CPU time of its steps alone. After each pass
 * every rollup and claim table is hashed: the two codes must fold to the same rows ("same rows: yes").
 *
 *   node --import tsx bench/fold-cost.ts --base /tmp/fold-base [--events 500000] [--runs 3] [--goals]
 *     [--template FILE]   (the seeded file, kept there and reused when it exists)
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './bench-utils.js';

const { values } = parseArgs({
  options: {
    base: { type: 'string' },
    events: { type: 'string', default: '500000' },
    runs: { type: 'string', default: '3' },
    step: { type: 'string', default: '50000' },
    goals: { type: 'boolean', default: false },
    template: { type: 'string' },
  },
});

/** The tables a fold writes: emptied in the template, hashed after each run. */
const FOLDED_TABLES = [
  'visitor_days',
  'page_visitor_days',
  'goal_visitor_days',
  'rollup_hourly',
  'rollup_daily',
  'rollup_monthly',
  'rollup_pages',
  'rollup_pages_monthly',
  'rollup_page_totals',
  'rollup_page_totals_monthly',
  'rollup_geo',
  'rollup_geo_monthly',
  'rollup_browsers',
  'rollup_browsers_monthly',
  'rollup_generations',
  'rollup_generations_monthly',
  'rollup_links',
  'rollup_links_monthly',
  'rollup_goals',
  'rollup_goals_monthly',
  'rollup_funnel_days',
  'rollup_funnel_months',
];

interface Folder {
  store: { foldRollups(limit: number): Promise<number>; close(): Promise<void> };
  file: string;
  cpuUs: number;
  events: number;
}

/** Opens a copy of `source` as `file` with the SQLite store of the code under `root`. */
async function folder(root: string, source: string, file: string): Promise<Folder> {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  copyFileSync(source, file);
  const { openSqliteStore } = (await import(
    join(root, 'src/store/sqlite/sqlite-store.ts')
  )) as typeof import('../src/store/sqlite/sqlite-store.js');
  const store = openSqliteStore({ file });
  await store.migrate();
  return { store, file, cpuUs: 0, events: 0 };
}

/** One step of `folder`'s fold, its CPU time added up; whether a full step was folded. */
async function foldStep(folder: Folder, step: number): Promise<boolean> {
  const before = process.cpuUsage();
  const folded = await folder.store.foldRollups(step);
  const cpu = process.cpuUsage(before);
  folder.cpuUs += cpu.user + cpu.system;
  folder.events += folded;
  return folded === step;
}

/** Every rollup and claim table of `file`, hashed in key order. */
async function digest(file: string): Promise<string> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file, { readonly: true });
  const hash = createHash('sha256');
  for (const table of FOLDED_TABLES) {
    hash.update(`${table}\n`);
    const count = (db.prepare(`SELECT * FROM ${table} LIMIT 0`).columns() as unknown[]).length;
    const order = Array.from({ length: count }, (_, index) => index + 1).join(', ');
    for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY ${order}`).raw().iterate()) {
      hash.update(`${JSON.stringify(row)}\n`);
    }
  }
  db.close();
  return hash.digest('hex');
}

/** Seeds a template file with this checkout's code, then empties what a fold writes. */
async function template(dir: string, events: number, goals: boolean): Promise<string> {
  const { loadConfig } = await import('../src/config.js');
  const { createServices } = await import('../src/services.js');
  const { seedSite } = await import('../src/seed/seed-site.js');
  const { CLI_ACTOR } = await import('../src/privacy/audit-log.js');
  const dataDir = join(dir, 'seed');
  const services = await createServices(
    loadConfig({ PENUMBRA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PENUMBRA_DEMO: '0' }),
    { warmCache: false },
  );
  await seedSite(services, {
    actor: CLI_ACTOR,
    domain: 'news.example.org',
    events,
    days: 90,
    seed: 1,
    now: Date.UTC(2026, 11, 1, 12),
    goals,
  });
  await services.close();
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'penumbra.db'));
  for (const table of FOLDED_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  db.prepare('UPDATE rollup_watermark SET folded_id = 0').run();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('journal_mode = DELETE');
  db.exec('VACUUM');
  db.close();
  return join(dataDir, 'penumbra.db');
}

async function driver(): Promise<void> {
  if (!values.base) throw new Error('--base DIR: a baseline checkout to compare with');
  const roots = { A: resolve(import.meta.dirname, '..'), B: resolve(values.base) };
  const dir = mkdtempSync(join(tmpdir(), 'penumbra-fold-cost-'));
  const step = Number(values.step);
  try {
    const source =
      values.template && existsSync(values.template)
        ? values.template
        : await template(dir, Number(values.events), values.goals);
    if (values.template && source !== values.template) copyFileSync(source, values.template);
    const perEvent: Record<'A' | 'B', number[]> = { A: [], B: [] };
    const digests = new Set<string>();
    for (let index = 0; index < Number(values.runs); index++) {
      const folders = {
        A: await folder(roots.A, source, join(dir, 'a.db')),
        B: await folder(roots.B, source, join(dir, 'b.db')),
      };
      // Step by step, alternating which code goes first: both see the same load.
      for (let turn = 0; ; turn++) {
        const order = turn % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const);
        let more = false;
        for (const which of order) more = (await foldStep(folders[which], step)) || more;
        if (!more) break;
      }
      for (const which of ['A', 'B'] as const) {
        const { store, file, cpuUs, events } = folders[which];
        await store.close();
        digests.add(await digest(file));
        perEvent[which].push(cpuUs / events);
      }
      console.log(
        `pass ${index + 1}: this ${(perEvent.A.at(-1) ?? 0).toFixed(2)}, baseline ${(perEvent.B.at(-1) ?? 0).toFixed(2)} µs CPU/event` +
          ` (${folders.A.events} events)`,
      );
    }
    const a = median(perEvent.A);
    const b = median(perEvent.B);
    console.log(
      `median µs CPU/event: this ${a.toFixed(2)}, baseline ${b.toFixed(2)}, ratio ${(a / b).toFixed(3)}; ` +
        `same rows: ${digests.size === 1 ? 'yes' : 'NO'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await driver();
