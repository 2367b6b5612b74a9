/**
 * bench/import-log: `penumbra import-log`'s whole path — read, parse, classify, skip, key,
 * store in SQLite — in lines per second, against reading the same file alone (the floor), and
 * a second import of the same file (every line a duplicate). Target (issue #4): ≥ 100,000
 * lines/s. CPU-time rates are printed beside wall-clock ones: the machine is shared.
 *
 *   npm run bench:import-log            (LINES=1000000 by default)
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { importAccessLog } from '../src/import-log/import-access-log.js';
import { readLogLineBatches } from '../src/import-log/read-log-lines.js';
import { SiteService } from '../src/sites/site-service.js';
import { openStore } from '../src/store/open-store.js';
import { syntheticLog } from '../test/import-log/synthetic-log.js';
import { formatRate } from './bench-utils.js';

const LINES = Number(process.env.LINES ?? 1_000_000);

interface Timing {
  wall: number;
  cpu: number;
}

async function timed(lines: number, work: () => Promise<unknown>): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: lines / seconds, cpu: lines / ((cpu.user + cpu.system) / 1e6) };
}

async function readOnly(file: string): Promise<number> {
  let count = 0;
  for await (const batch of readLogLineBatches([file])) count += batch.length;
  return count;
}

function report(name: string, timing: Timing, floor: Timing): void {
  console.log(
    `${name.padEnd(34)} ${formatRate(timing.wall).padStart(12)} wall  ${formatRate(timing.cpu).padStart(12)} CPU  ` +
      `(${(timing.cpu / floor.cpu).toFixed(2)}x of reading alone)`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'penumbra-bench-import-'));
try {
  const file = join(dir, 'access.log');
  await pipeline(syntheticLog(LINES, 7), createWriteStream(file));
  const store = await openStore({ dataDir: dir });
  const sites = new SiteService(store, { allowPrivateTargets: false, defaultDomain: 'localhost' });
  const site = await sites.create({ domain: 'news.example.org' });
  const floor = await timed(LINES, () => readOnly(file));
  let stored = 0;
  const first = await timed(LINES, async () => {
    stored = (await importAccessLog(store, { site, format: 'combined', sources: [file] })).stored;
  });
  const again = await timed(LINES, () =>
    importAccessLog(store, { site, format: 'combined', sources: [file] }),
  );
  await store.close();
  console.log(`${LINES.toLocaleString('en-US')} lines, ${stored.toLocaleString('en-US')} events stored\n`);
  report('read only (baseline)', floor, floor);
  report('import into SQLite', first, floor);
  report('same file again (all duplicates)', again, floor);
  const verdict = first.cpu >= 100_000 ? 'met' : 'NOT met';
  console.log(`\ntarget >= 100,000 lines/s (one core, CPU time): ${verdict}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
