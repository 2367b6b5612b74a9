/**
 * bench/ingest (issue #4, target of issue 12): the real `POST /api/event` (the hot route in front
 * of Fastify, classification, privacy work, share tokens, the batching sink and its writer
 * thread into SQLite) against a bare `node:http` server that parses the same JSON and batches it
 * into SQLite, loaded alike in the same run, alternating, 3 rounds. Prints requests/s, p50/p99,
 * the ratio, and the events each actually wrote. Target (issue 12): ≥ 0.45× the bare server's
 * throughput — issue 12 replaced the 0.8× of issue #4, measured against a bare server that does
 * none of the work. Servers run in child processes (pinned to one core with `taskset`; the
 * writer thread shares it), the load generator (autocannon) here, on 127.0.0.1.
 *
 *   npm run bench:ingest [-- --rounds 3 --seconds 8 --connections 50 --rollups on|off --goals 0]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { seededRandom } from '../test/helpers/seeded-random.js';
import { median } from './bench-utils.js';
import { type LoadResult, runLoad } from './redirect-load.js';
import {
  cpuBetween,
  pinLoadGenerator,
  type ServerProcess,
  snapshotCpu,
  spawnServer,
  stopServer,
} from './redirect-processes.js';

const TARGET = 0.45;
const SITE = 'news.example.org';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    // Issue 12: `--rollups off` runs the Penumbra server without its background fold, to weigh
    // rollup upkeep (target ≤ 15 % of ingest CPU): run once with each and compare.
    rollups: { type: 'string', default: 'on' },
    // Issue 14: `--goals N` gives the site N goals (page patterns, a custom event, shares), so the
    // fold also matches every event against them and keeps their conversions.
    goals: { type: 'string', default: '0' },
  },
});
const rounds = Math.max(1, Number(values.rounds));
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.6668.70 Mobile Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15',
  'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/129.0.0.0 Mobile Safari/537.36 [FB_IAB/Orca-Android;FBAV/288.0.0.15.118;]',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari/604.1 [WAiOS/2.25.31]',
];
const REFERRERS = [
  '',
  '',
  '',
  'https://web.whatsapp.com/',
  'https://www.google.com/',
  'https://t.co/abc',
  'android-app://com.whatsapp/',
];

/** A news site's page views: many articles, a mix of referrers, some arriving with a share token. */
function buildRequests(count: number): autocannon.Request[] {
  const random = seededRandom(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const body: Record<string, unknown> = {
      s: SITE,
      t: 'pageview',
      u: `https://${SITE}/world/2024/10/${i % 997}/story-${i % 997}${random() < 0.2 ? '?utm_source=newsletter&utm_medium=email' : ''}`,
      r: pick(REFERRERS),
    };
    if (random() < 0.15) body.k = `a.${Math.floor(random() * 3)}.whatsapp.20261129`;
    return {
      method: 'POST',
      path: '/api/event',
      headers: { 'content-type': 'text/plain', origin: `https://${SITE}`, 'user-agent': pick(AGENTS) },
      body: JSON.stringify(body),
    };
  });
}

interface Info {
  url: string;
  dataDir: string;
}

function countBareEvents(dataDir: string): number {
  const db = new Database(join(dataDir, 'bare.db'), { readonly: true });
  const { n } = db.prepare('SELECT count(*) AS n FROM events').get() as { n: number };
  db.close();
  return n;
}

async function countPenumbraEvents(dataDir: string): Promise<number> {
  const store = openSqliteStore({ file: join(dataDir, 'penumbra.db') });
  const n = await store.countEvents();
  await store.close();
  return n;
}

/** Server CPU per answered event, µs: all threads, and the main (request) thread alone. */
interface Cost {
  all: number | undefined;
  requestThread: number | undefined;
}

const micros = (n: number | undefined) => (n === undefined ? '?' : `${n.toFixed(0)} µs`);
const format = (run: LoadResult, cost: Cost) =>
  `${Math.round(run.perSecond).toLocaleString('en-US').padStart(7)} req/s  p50 ${run.p50.toFixed(2)} ms  p99 ${run.p99.toFixed(2)} ms  errors ${run.errors}` +
  `  server CPU ${micros(cost.all)}/event (request thread ${micros(cost.requestThread)})`;

const pinning = pinLoadGenerator();
const requests = buildRequests(5_000);
const servers: Record<'bare' | 'penumbra', ServerProcess<Info>> = {
  penumbra: await spawnServer<Info>({
    name: 'penumbra',
    script: 'bench/ingest-penumbra-server.ts',
    pinning,
    env: {
      PENUMBRA_FOLD: values.rollups === 'off' ? 'off' : 'on',
      PENUMBRA_BENCH_GOALS: String(values.goals),
    },
  }),
  bare: await spawnServer<Info>({ name: 'bare', script: 'bench/ingest-bare-server.ts', pinning }),
};
const results: Record<'bare' | 'penumbra', LoadResult[]> = { bare: [], penumbra: [] };
const costs: Record<'bare' | 'penumbra', Cost[]> = { bare: [], penumbra: [] };
const answered = { bare: 0, penumbra: 0 };
try {
  for (const name of ['bare', 'penumbra'] as const) {
    const warm = await runLoad({ url: servers[name].info.url, requests, connections, seconds: 2 });
    answered[name] += warm.answered;
  }
  for (let round = 1; round <= rounds; round++) {
    for (const name of ['bare', 'penumbra'] as const) {
      const before = snapshotCpu(servers[name].child.pid, pinning?.serverCpu);
      const run = await runLoad({ url: servers[name].info.url, requests, connections, seconds });
      const used = cpuBetween(before, snapshotCpu(servers[name].child.pid, pinning?.serverCpu));
      const perEvent = (cpu: number | undefined) =>
        cpu === undefined ? undefined : (cpu / run.answered) * 1e6;
      const cost = { all: perEvent(used.server), requestThread: perEvent(used.mainThread) };
      answered[name] += run.answered;
      results[name].push(run);
      costs[name].push(cost);
      console.log(`round ${round}  ${name.padEnd(8)} ${format(run, cost)}`);
    }
  }
} finally {
  await stopServer(servers.bare);
  await stopServer(servers.penumbra);
}
const stored = {
  bare: countBareEvents(servers.bare.info.dataDir),
  penumbra: await countPenumbraEvents(servers.penumbra.info.dataDir),
};
const rate = (name: 'bare' | 'penumbra') => median(results[name].map((run) => run.perSecond));
const p99 = (name: 'bare' | 'penumbra') => median(results[name].map((run) => run.p99));
const ratio = rate('penumbra') / rate('bare');
const medianCost = (name: 'bare' | 'penumbra', key: keyof Cost) => {
  const known = costs[name].flatMap((cost) => (cost[key] === undefined ? [] : [cost[key]]));
  return known.length ? median(known) : undefined;
};
console.log(
  `rollups: ${values.rollups === 'off' ? 'off (no background fold)' : 'on (folded about once a second)'}, goals: ${values.goals}`,
);
console.log(
  `\npinning: ${pinning ? `servers on CPU ${pinning.serverCpu}, load generator on ${pinning.loaderCpus}` : 'none'}`,
);
for (const name of ['bare', 'penumbra'] as const) {
  console.log(
    `${name.padEnd(8)} median ${Math.round(rate(name)).toLocaleString('en-US')} events/s answered, p99 ${p99(name).toFixed(2)} ms; ` +
      `${stored[name].toLocaleString('en-US')} events written of ${answered[name].toLocaleString('en-US')} answered; ` +
      `server CPU ${micros(medianCost(name, 'all'))}/event, request thread ${micros(medianCost(name, 'requestThread'))}/event`,
  );
}
console.log(
  `ratio penumbra / bare: ${ratio.toFixed(2)}x  (target >= ${TARGET}x: ${ratio >= TARGET ? 'met' : 'NOT met'})`,
);
