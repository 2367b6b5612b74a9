/**
 * bench/seed: `penumbra seed`'s speed in events per second, in two parts, each run RUNS times
 * (the median printed, with every run): the generator alone (generateSeedEvents, no store), and
 * the whole command's path (seedSite: kits, generation, inserts and folds into a fresh SQLite
 * file). CPU-time rates are printed beside wall-clock ones: the machine is shared.
 *
 *   npm run bench:seed                  (EVENTS=200000 RUNS=3 by default)
 *   PART=generator npm run bench:seed   (only the generator; PART=store only the whole path)
 *   GOALS=1 npm run bench:seed          (the whole path with the demo's three goals made first)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { CLI_ACTOR } from '../src/privacy/audit-log.js';
import { generateSeedEvents } from '../src/seed/generate-seed-events.js';
import { seedSite } from '../src/seed/seed-site.js';
import { KIT_CHANNELS } from '../src/seed/traffic-profiles.js';
import { createServices } from '../src/services.js';
import { formatRate, median } from './bench-utils.js';

const EVENTS = Number(process.env.EVENTS ?? 200_000);
const RUNS = Number(process.env.RUNS ?? 3);
const PART = process.env.PART ?? 'both';
const GOALS = process.env.GOALS === '1';
const NOW = Date.UTC(2026, 11, 1, 12);

interface Timing {
  wall: number;
  cpu: number;
}

async function timed(work: () => Promise<unknown> | unknown): Promise<Timing> {
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall: EVENTS / seconds, cpu: EVENTS / ((cpu.user + cpu.system) / 1e6) };
}

function generateOnly(): number {
  const kits = Array.from({ length: 12 }, (_, kit) => ({
    url: `https://news.example.org/world/kit-story-${kit}`,
    utm: { utm_campaign: 'share-kit' },
    variants: KIT_CHANNELS.map((channel) => ({ id: `kit${kit}-${channel}`, channel })),
  }));
  let count = 0;
  for (const batch of generateSeedEvents({
    site: { id: 'site-1', domain: 'news.example.org', landingPaths: ['/'], timezone: 'Europe/Paris' },
    kits,
    events: EVENTS,
    days: 90,
    seed: 1,
    now: NOW,
  })) {
    count += batch.length;
  }
  return count;
}

async function seedStore(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'penumbra-bench-seed-'));
  const services = await createServices(
    loadConfig({ PENUMBRA_DATA_DIR: dataDir, LOG_LEVEL: 'silent', PENUMBRA_DEMO: '0' }),
    { warmCache: false },
  );
  try {
    await seedSite(services, {
      actor: CLI_ACTOR,
      domain: 'news.example.org',
      events: EVENTS,
      days: 90,
      seed: 1,
      now: NOW,
      goals: GOALS,
    });
  } finally {
    await services.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function part(name: string, work: () => Promise<unknown> | unknown): Promise<void> {
  const runs: Timing[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await timed(work));
  const list = (pick: (timing: Timing) => number) =>
    runs.map((timing) => formatRate(pick(timing))).join(', ');
  console.log(
    `${name.padEnd(10)} wall ${formatRate(median(runs.map((t) => t.wall))).padStart(12)} (${list((t) => t.wall)})  ` +
      `cpu ${formatRate(median(runs.map((t) => t.cpu))).padStart(12)} (${list((t) => t.cpu)})`,
  );
}

console.log(
  `seed bench: ${EVENTS.toLocaleString('en-US')} events, ${RUNS} runs${GOALS ? ', demo goals' : ''}, medians in events/s`,
);
if (PART !== 'store') await part('generator', generateOnly);
if (PART !== 'generator') await part('seed', seedStore);
