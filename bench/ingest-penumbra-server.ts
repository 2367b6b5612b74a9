/**
 * Child process of bench/ingest: the real Penumbra server on SQLite with one site
 * (news.example.org), started as `penumbra serve` starts it, its rate limiter opened wide (the
 * load comes from one address). Prints `{"url", "dataDir"}` when it listens; SIGTERM closes it
 * the normal way, writing the pending events first. CPU_PROFILE=FILE writes a V8 CPU profile;
 * PENUMBRA_WRITER_THREAD=off writes the events on the request thread (default: on).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';
import { startProfiling } from './cpu-profile.js';

const dataDir = process.env.PENUMBRA_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'penumbra-bench-ingest-')));
const server = await startServer(
  loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    PENUMBRA_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PENUMBRA_EVENT_RATE: '10000000',
    PENUMBRA_EVENT_BURST: '10000000',
    // bench/ingest --rollups off: no background fold.
    PENUMBRA_FOLD: process.env.PENUMBRA_FOLD ?? 'on',
    // `PENUMBRA_WRITER_THREAD=off npm run bench:ingest` writes the events on the request thread,
    // to compare (as bench/redirect does).
    PENUMBRA_WRITER_THREAD: process.env.PENUMBRA_WRITER_THREAD ?? 'on',
  }),
);
const site = await server.services.sites.create({ domain: 'news.example.org' });
// bench/ingest --goals N: N goals of the site, cycling through the kinds (issue 14).
const kinds = [
  { kind: 'page', pathPattern: '/world/2024/10/1*' },
  { kind: 'page', pathPattern: '*/story-7' },
  { kind: 'event', eventName: 'signup' },
  { kind: 'share', shareWay: 'any' },
  { kind: 'page', pathPattern: '/world/*' },
] as const;
for (let index = 0; index < Number(process.env.PENUMBRA_BENCH_GOALS ?? 0); index++) {
  await server.services.store.goals.createGoal({
    id: `bench-goal-${index}`,
    siteId: site.id,
    name: `Goal ${index}`,
    pathPattern: null,
    eventName: null,
    propKey: null,
    propValue: null,
    shareWay: null,
    ...kinds[index % kinds.length],
  } as Parameters<typeof server.services.store.goals.createGoal>[0]);
}
// With CPU_PROFILE=FILE the V8 profiler samples from listening to shutdown.
const profiling = process.env.CPU_PROFILE ? await startProfiling(process.env.CPU_PROFILE) : undefined;
const stop = async () => {
  await server.close();
  await profiling?.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.stdout.write(`${JSON.stringify({ url: server.url, dataDir })}\n`);
