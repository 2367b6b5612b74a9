/**
 * Child process of bench/redirect: the real Penumbra server on SQLite. Seeds LINKS links
 * (default 100,000) into PENUMBRA_DATA_DIR (a new temporary folder if unset), writes the slugs
 * and their expected Locations to `links.json` there for the bare server, starts the server
 * exactly as `penumbra serve` does (click recording on: redirects hand events to the batching
 * sink), and prints one JSON line `{"url", "dataDir", "linksFile"}` when it listens.
 * SIGTERM closes it the normal way, which writes the pending events before exiting.
 * PENUMBRA_WRITER_THREAD=off writes the events on the request thread (default: on).
 * With CPU_PROFILE=FILE the V8 profiler samples from listening to shutdown (seeding left out).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { startServer } from '../src/http/server.js';
import { startProfiling } from './cpu-profile.js';
import { seedLinks } from './redirect-links.js';

async function main(): Promise<void> {
  const dataDir = process.env.PENUMBRA_DATA_DIR ?? (await mkdtemp(join(tmpdir(), 'penumbra-bench-')));
  const seeded = await seedLinks(dataDir, Number(process.env.LINKS ?? 100_000));
  const linksFile = join(dataDir, 'links.json');
  await writeFile(linksFile, JSON.stringify(seeded));
  const server = await startServer(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      PENUMBRA_DATA_DIR: dataDir,
      PENUMBRA_BASE_URL: 'https://go.example.org',
      LOG_LEVEL: 'silent',
      // `PENUMBRA_WRITER_THREAD=off npm run bench:redirect` measures the request thread writing
      // the events itself, for comparison (issue 12).
      PENUMBRA_WRITER_THREAD: process.env.PENUMBRA_WRITER_THREAD ?? 'on',
    }),
  );
  const profileFile = process.env.CPU_PROFILE;
  const profiling = profileFile ? await startProfiling(profileFile) : undefined;
  const stop = async () => {
    await server.close();
    await profiling?.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
  process.stdout.write(`${JSON.stringify({ url: server.url, dataDir, linksFile })}\n`);
}

await main();
