/**
 * bench/redirect (issue #3, targets of issue 12): the real Penumbra server on SQLite with 100,000
 * links and click recording on, against a bare `node:http` server answering 302 from a Map,
 * loaded alike in the same run, alternating (bare, penumbra, bare, penumbra …), 3 rounds or more.
 * Prints requests/s, p50/p99 and the ratios. Targets (issue 12): ≥ 0.5× the bare server's
 * throughput and p99 ≤ 3× bare, with each server pinned to one core — Penumbra's event-writer
 * thread shares that core; and the CPU per request of Penumbra's request thread alone (its
 * main thread, read from /proc/<pid>/task/<pid>/stat) ≤ 1.5× the bare server's main thread: the
 * capacity of a machine with a spare core for the writer. Each server is a child process of its
 * own (pinned when `taskset` and two cores are there; the one not being measured is frozen with
 * SIGSTOP); the load generator (autocannon) runs here, on the other cores, against 127.0.0.1
 * only. Besides requests/s and latency it prints what each server spent in CPU per request, and
 * caveats when the load generator or other processes limited a run. Last, the servers' resident
 * memory after the rounds and at its peak (target: ≤ 200 MiB for Penumbra with every link cached).
 *
 *   npm run bench:redirect [-- --rounds 3 --seconds 8 --connections 50 --cpu-profile FILE]
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EventSpool } from '../src/events/event-spool.js';
import { openStore } from '../src/store/open-store.js';
import { median } from './bench-utils.js';
import type { SeededLink } from './redirect-links.js';
import { type LoadResult, runLoad } from './redirect-load.js';
import {
  type CpuUse,
  cpuBetween,
  type MemoryUse,
  memoryOf,
  type Pinning,
  pauseServer,
  pinLoadGenerator,
  resumeServer,
  type ServerProcess,
  snapshotCpu,
  spawnServer,
  stopServer,
} from './redirect-processes.js';
import { BOT_SHARE, buildTraffic, PERSON_AGENT, PREVIEW_SHARE, type Traffic } from './redirect-traffic.js';

const TARGET_THROUGHPUT = 0.5;
const TARGET_P99 = 3;
/** Request thread's CPU per request against the bare server's (issue 12). */
const TARGET_REQUEST_THREAD_CPU = 1.5;
/** Server RSS with every link cached, under the full load of the rounds (issue 12). */
const TARGET_RSS_MIB = 200;

interface Settings {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  links: number;
  sample: number;
  cpuProfile: string | undefined;
}

function positive(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} must be a positive number, got "${raw}"`);
  return value;
}

function readSettings(): Settings {
  const { values } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '8' },
      'warmup-seconds': { type: 'string', default: '3' },
      connections: { type: 'string', default: '50' },
      links: { type: 'string', default: '100000' },
      sample: { type: 'string', default: '10000' },
      'cpu-profile': { type: 'string' },
    },
  });
  return {
    rounds: Math.ceil(positive('rounds', values.rounds)),
    seconds: positive('seconds', values.seconds),
    warmupSeconds: positive('warmup-seconds', values['warmup-seconds']),
    connections: Math.ceil(positive('connections', values.connections)),
    links: Math.ceil(positive('links', values.links)),
    sample: Math.ceil(positive('sample', values.sample)),
    // The server child writes it, from the same working directory; absolute all the same.
    cpuProfile: values['cpu-profile'] === undefined ? undefined : resolve(values['cpu-profile']),
  };
}

interface PenumbraInfo {
  url: string;
  dataDir: string;
  linksFile: string;
}

type Server = ServerProcess<{ url: string }>;

interface Servers {
  bare: Server;
  penumbra: ServerProcess<PenumbraInfo>;
}

/** What every load run needs to know. */
interface RunContext {
  settings: Settings;
  pinning: Pinning | undefined;
  servers: Servers;
  traffic: Traffic;
}

const besideThis = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** Penumbra first: it seeds the database and writes the slugs the bare server then loads. */
async function startServers(settings: Settings, pinning: Pinning | undefined): Promise<Servers> {
  const penumbra = await spawnServer<PenumbraInfo>({
    name: 'penumbra',
    script: besideThis('redirect-penumbra-server.ts'),
    env: {
      LINKS: String(settings.links),
      ...(settings.cpuProfile ? { CPU_PROFILE: settings.cpuProfile } : {}),
    },
    pinning,
  });
  try {
    const bare = await spawnServer<{ url: string }>({
      name: 'bare',
      script: besideThis('redirect-bare-server.ts'),
      args: [penumbra.info.linksFile],
      pinning,
    });
    return { bare, penumbra };
  } catch (error) {
    await stopServer(penumbra);
    throw error;
  }
}

async function answerOf(url: string, slug: string): Promise<string> {
  const response = await fetch(`${url}/${slug}`, {
    redirect: 'manual',
    headers: { 'user-agent': PERSON_AGENT },
  });
  await response.arrayBuffer();
  return `${response.status} ${response.headers.get('location') ?? '-'}`;
}

/**
 * Both servers must answer a person alike (status and Location) for the comparison to mean
 * anything: checks every 500th seeded link (mains, variants, campaigns) and an unknown slug.
 */
async function checkAlike(servers: Servers, seeded: readonly SeededLink[]): Promise<number> {
  const slugs = [...seeded.filter((_, i) => i % 500 === 0).map((link) => link.slug), 'zz-not-a-link'];
  for (const slug of slugs) {
    const [bare, penumbra] = await Promise.all([
      answerOf(servers.bare.info.url, slug),
      answerOf(servers.penumbra.info.url, slug),
    ]);
    if (bare !== penumbra) throw new Error(`/${slug}: bare answers "${bare}", penumbra "${penumbra}"`);
  }
  return slugs.length;
}

interface Measured extends LoadResult, CpuUse {
  /** Share of a core the load generator (this process) used: near 1, it is the limit. */
  loaderShare: number;
  /**
   * Server CPU time per answered request, microseconds: what a redirect costs. Unlike
   * requests/s it does not depend on whether the load generator kept up.
   */
  cpuPerRequestUs: number | undefined;
  /** The main thread's share of it: the request thread alone, without the writer thread. */
  mainCpuPerRequestUs: number | undefined;
}

async function measure(server: Server, context: RunContext, seconds: number): Promise<Measured> {
  const pid = server.child.pid;
  const cpu = context.pinning?.serverCpu;
  let before = snapshotCpu(pid, cpu);
  let loaderBefore = process.cpuUsage();
  const result = await runLoad({
    url: server.info.url,
    requests: context.traffic.requests,
    connections: context.settings.connections,
    seconds,
    onStart: () => {
      before = snapshotCpu(pid, cpu);
      loaderBefore = process.cpuUsage();
    },
  });
  const after = snapshotCpu(pid, cpu);
  const loader = process.cpuUsage(loaderBefore);
  const loaderShare = (loader.user + loader.system) / 1e6 / (after.at - before.at);
  const cpuUse = cpuBetween(before, after);
  const perRequest = (seconds: number | undefined) =>
    seconds === undefined ? undefined : (seconds / result.answered) * 1e6;
  return {
    ...result,
    ...cpuUse,
    loaderShare,
    cpuPerRequestUs: perRequest(cpuUse.server),
    mainCpuPerRequestUs: perRequest(cpuUse.mainThread),
  };
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n.toFixed(2)} ms`;
const percent = (share: number | undefined) => (share === undefined ? '?' : `${Math.round(share * 100)}%`);
const micros = (n: number | undefined) => (n === undefined ? '?' : `${n.toFixed(0)} µs`);

function formatRun(label: string, name: string, run: Measured): string {
  return [
    `${label.padEnd(8)} ${name.padEnd(8)}`,
    `${count(run.perSecond).padStart(7)} req/s`,
    `p50 ${ms(run.p50).padStart(8)}`,
    `p99 ${ms(run.p99).padStart(8)}`,
    `errors ${run.errors}`,
    `server CPU ${percent(run.serverShare).padStart(4)} (${micros(run.cpuPerRequestUs)}/req, request thread ${micros(run.mainCpuPerRequestUs)}/req)`,
    `others on its core ${percent(run.othersShare)}`,
    `load generator ${percent(run.loaderShare)} (loop delay p99 ${ms(run.loaderDelayP99)})`,
  ].join('  ');
}

interface Tally {
  runs: Measured[];
  /** Every request written to the server under load, warm-up included (each one is an event). */
  sent: number;
  answered: number;
  statuses: Map<number, number>;
}

function newTally(): Tally {
  return { runs: [], sent: 0, answered: 0, statuses: new Map() };
}

function addToTally(tally: Tally, run: Measured, measured: boolean): void {
  if (measured) tally.runs.push(run);
  tally.sent += run.sent;
  tally.answered += run.answered;
  for (const [status, n] of run.statuses) tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + n);
}

interface Results {
  bare: Tally;
  penumbra: Tally;
}

const ORDER = ['bare', 'penumbra'] as const;
type ServerName = (typeof ORDER)[number];

/** Time for a server to finish after its load: the sink writes its last batch within 100 ms. */
const SETTLE_MS = 500;

/** One run with the other server frozen, so that nothing but the load runs on the servers' core. */
async function runAlone(name: ServerName, context: RunContext, seconds: number): Promise<Measured> {
  const other = context.servers[name === 'bare' ? 'penumbra' : 'bare'];
  resumeServer(context.servers[name]);
  pauseServer(other);
  try {
    const run = await measure(context.servers[name], context, seconds);
    await setTimeout(SETTLE_MS);
    return run;
  } finally {
    resumeServer(other);
  }
}

async function runRounds(context: RunContext): Promise<Results> {
  const { settings } = context;
  const results: Results = { bare: newTally(), penumbra: newTally() };
  for (const name of ORDER) {
    const warm = await runAlone(name, context, settings.warmupSeconds);
    addToTally(results[name], warm, false);
    console.log(formatRun('warm-up', name, warm));
  }
  for (let round = 1; round <= settings.rounds; round++) {
    for (const name of ORDER) {
      const run = await runAlone(name, context, settings.seconds);
      addToTally(results[name], run, true);
      console.log(formatRun(`round ${round}`, name, run));
    }
  }
  return results;
}

interface Summary {
  perSecond: number;
  p50: number;
  p99: number;
  cpuPerRequestUs: number | undefined;
  mainCpuPerRequestUs: number | undefined;
}

function medianOf(values: readonly (number | undefined)[]): number | undefined {
  const known = values.filter((value): value is number => value !== undefined);
  return known.length ? median(known) : undefined;
}

function summarise(tally: Tally): Summary {
  return {
    perSecond: median(tally.runs.map((run) => run.perSecond)),
    p50: median(tally.runs.map((run) => run.p50)),
    p99: median(tally.runs.map((run) => run.p99)),
    cpuPerRequestUs: medianOf(tally.runs.map((run) => run.cpuPerRequestUs)),
    mainCpuPerRequestUs: medianOf(tally.runs.map((run) => run.mainCpuPerRequestUs)),
  };
}

/** Past this, a run measured the machine as much as the servers. */
const NOISY_OTHERS = 0.15;
/** Below this share of its core, a server was not the bottleneck: the load generator was. */
const SATURATED_SERVER = 0.85;

/** Says when the numbers are to be read with care, and which way they lean. */
function printCaveats(results: Results): void {
  const runs = [...results.bare.runs, ...results.penumbra.runs];
  const noisy = runs.filter((run) => (run.othersShare ?? 0) > NOISY_OTHERS).length;
  const quietBare = results.bare.runs.filter((run) => (run.othersShare ?? 0) <= NOISY_OTHERS);
  const unsaturated = quietBare.filter((run) => (run.serverShare ?? 1) < SATURATED_SERVER);
  if (noisy > 0) {
    console.log(
      `caveat: in ${noisy} of ${runs.length} runs other processes took over ${percent(NOISY_OTHERS)} of the servers' core; ` +
        'requests/s, p99 and even CPU µs/req then measure the machine as well as the servers',
    );
  }
  const loaderBound = results.bare.runs.filter((run) => run.loaderDelayP99 > run.p99 / 2);
  if (loaderBound.length > 0) {
    console.log(
      `caveat: in ${loaderBound.length} bare runs the load generator's own event-loop delay (p99 ` +
        `${loaderBound.map((run) => ms(run.loaderDelayP99)).join(', ')}) makes up much of the bare p99, ` +
        'which is then too high, and the p99 ratio flatters penumbra',
    );
  }
  if (unsaturated.length > 0) {
    const shares = unsaturated.map((run) => percent(run.serverShare)).join(', ');
    console.log(
      `caveat: the bare server used only ${shares} of its core in ${unsaturated.length} quiet runs: the load generator ` +
        'was the limit, so bare throughput is a lower bound and the ratios flatter penumbra',
    );
  }
}

function printVerdict(results: Results): void {
  const bare = summarise(results.bare);
  const penumbra = summarise(results.penumbra);
  const rounds = results.bare.runs.length;
  console.log('');
  for (const [name, summary] of [
    ['bare', bare],
    ['penumbra', penumbra],
  ] as const) {
    console.log(
      `median of ${rounds}  ${name.padEnd(8)}  ${count(summary.perSecond).padStart(7)} req/s  ` +
        `p50 ${ms(summary.p50)}  p99 ${ms(summary.p99)}  server CPU ${micros(summary.cpuPerRequestUs)}/req  ` +
        `request thread ${micros(summary.mainCpuPerRequestUs)}/req`,
    );
  }
  const throughput = penumbra.perSecond / bare.perSecond;
  const p99 = penumbra.p99 / bare.p99;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  console.log(
    `ratio penumbra/bare: throughput ${throughput.toFixed(2)}x (target >= ${TARGET_THROUGHPUT}x: ${verdict(throughput >= TARGET_THROUGHPUT)}), ` +
      `p99 ${p99.toFixed(2)}x (target <= ${TARGET_P99}x: ${verdict(p99 <= TARGET_P99)})` +
      costRatio(bare, penumbra),
  );
  console.log(requestThreadVerdict(bare, penumbra));
  printCaveats(results);
}

function costRatio(bare: Summary, penumbra: Summary): string {
  if (bare.cpuPerRequestUs === undefined || penumbra.cpuPerRequestUs === undefined) return '';
  return `, CPU per request (all threads) ${(penumbra.cpuPerRequestUs / bare.cpuPerRequestUs).toFixed(2)}x`;
}

/** Main thread against main thread: the bare server's GC helpers are left out of its side too. */
function requestThreadVerdict(bare: Summary, penumbra: Summary): string {
  if (bare.mainCpuPerRequestUs === undefined || penumbra.mainCpuPerRequestUs === undefined) {
    return 'request thread CPU: not measured (no /proc/<pid>/task here)';
  }
  const ratio = penumbra.mainCpuPerRequestUs / bare.mainCpuPerRequestUs;
  const met = ratio <= TARGET_REQUEST_THREAD_CPU ? 'met' : 'NOT met';
  return (
    `request thread CPU per request: penumbra ${micros(penumbra.mainCpuPerRequestUs)}, bare ${micros(bare.mainCpuPerRequestUs)}: ` +
    `${ratio.toFixed(2)}x (target <= ${TARGET_REQUEST_THREAD_CPU}x: ${met})`
  );
}

function formatStatuses(statuses: ReadonlyMap<number, number>): string {
  return [...statuses]
    .sort(([a], [b]) => a - b)
    .map(([status, n]) => `${status}: ${count(n)}`)
    .join(', ');
}

/**
 * Reads the events the real server stored (after it stopped and flushed its sink) and sets
 * them against the requests it was sent: every GET of a link is an event (a click, a preview
 * or a bot visit), so the two agree up to the requests cut off when a run stopped.
 */
async function printRecording(
  dataDir: string,
  traffic: Traffic,
  tally: Tally,
  checks: number,
): Promise<void> {
  const store = await openStore({ dataDir });
  try {
    const total = await store.countEvents();
    const ids = await linkIdsOf(dataDir, traffic.slugs);
    const byType = new Map<string, number>();
    for (const row of await store.countLinkEvents(ids)) {
      byType.set(row.type, (byType.get(row.type) ?? 0) + row.count);
    }
    const types = ['click', 'preview', 'bot'].map((type) => `${type} ${count(byType.get(type) ?? 0)}`);
    // What the sink spooled (a backlog past its threshold, or pending at the shutdown deadline)
    // is replayed by the next start: recorded, not lost, and counted here as such.
    const spool = await EventSpool.open({ dir: join(dataDir, 'spool'), maxBytes: Number.MAX_SAFE_INTEGER });
    const spooled = spool.events;
    const gap = tally.sent + checks - total - spooled;
    console.log(
      `click recording: ${count(total)} events stored (${types.join(', ')}) and ${count(spooled)} spooled ` +
        `for ${count(tally.sent)} requests ` +
        `sent to penumbra under load (warm-up included) plus ${checks} checks: ` +
        (gap === 0
          ? 'every request recorded'
          : `${count(Math.abs(gap))} ${gap > 0 ? 'fewer' : 'more'} events`) +
        `; ${count(tally.answered)} answered (${formatStatuses(tally.statuses)})`,
    );
  } finally {
    await store.close();
  }
}

async function linkIdsOf(dataDir: string, slugs: readonly string[]): Promise<string[]> {
  const seeded = await readSeeded(`${dataDir}/links.json`);
  const idBySlug = new Map(seeded.map((link) => [link.slug, link.id]));
  return slugs.map((slug) => idBySlug.get(slug)).filter((id): id is string => id !== undefined);
}

async function readSeeded(file: string): Promise<SeededLink[]> {
  return JSON.parse(await readFile(file, 'utf8')) as SeededLink[];
}

function printHeader(settings: Settings, traffic: Traffic, pinning: Pinning | undefined): void {
  const { person, preview, bot } = traffic.visitors;
  console.log(
    `bench/redirect: penumbra (SQLite, ${count(settings.links)} links, click recording on) vs bare node:http 302 from a Map`,
  );
  console.log(
    `load: GET /<slug> over ${count(traffic.requests.length)} sampled slugs — ${count(person)} people, ` +
      `${count(preview)} WhatsApp previews (${PREVIEW_SHARE * 100} %), ${count(bot)} bots (${BOT_SHARE * 100} %); ` +
      `${settings.connections} connections, pipelining 1, ${settings.seconds} s per run, ${settings.warmupSeconds} s warm-up`,
  );
  console.log(
    pinning
      ? `pinning: servers on CPU ${pinning.serverCpu}, load generator on CPU ${pinning.loaderCpus}`
      : 'pinning: none (needs taskset and 2 cores)',
  );
}

/**
 * Builds the requests and checks both servers against the seeded links, which are then let go:
 * the load generator runs in this process, and every megabyte it keeps alive lengthens its
 * garbage-collection pauses, which land in the measured latencies.
 */
async function prepare(servers: Servers, settings: Settings): Promise<{ traffic: Traffic; checked: number }> {
  const seeded = await readSeeded(servers.penumbra.info.linksFile);
  const traffic = buildTraffic(
    seeded.map((link) => link.slug),
    settings.sample,
  );
  return { traffic, checked: await checkAlike(servers, seeded) };
}

function printMemory(memory: Record<'bare' | 'penumbra', MemoryUse | undefined>, links: number): void {
  const { bare, penumbra } = memory;
  if (!bare || !penumbra) {
    console.log('memory: not measured (no /proc/<pid>/status here)');
    return;
  }
  const mib = (value: number) => `${value.toFixed(0)} MiB`;
  const met = penumbra.peakMiB <= TARGET_RSS_MIB ? 'met' : 'NOT met';
  console.log(
    `memory after the rounds, ${count(links)} links: penumbra RSS ${mib(penumbra.rssMiB)}, peak ${mib(penumbra.peakMiB)} ` +
      `(target <= ${TARGET_RSS_MIB} MiB: ${met}); bare RSS ${mib(bare.rssMiB)}, peak ${mib(bare.peakMiB)}`,
  );
}

async function main(): Promise<void> {
  const settings = readSettings();
  const pinning = pinLoadGenerator();
  const servers = await startServers(settings, pinning);
  const dataDir = servers.penumbra.info.dataDir;
  // Ctrl-C stops the children (same process group) but would leave the seeded database behind.
  process.once(
    'SIGINT',
    () => void rm(dataDir, { recursive: true, force: true }).then(() => process.exit(130)),
  );
  try {
    const { traffic, checked } = await prepare(servers, settings);
    printHeader(settings, traffic, pinning);
    console.log(`check: ${checked} slugs answered alike by both (status and Location)\n`);
    const results = await runRounds({ settings, pinning, servers, traffic });
    const memory = { bare: memoryOf(servers.bare), penumbra: memoryOf(servers.penumbra) };
    await Promise.all([stopServer(servers.bare), stopServer(servers.penumbra)]);
    printVerdict(results);
    printMemory(memory, settings.links);
    // The check requests were recorded too, one click each, except the unknown slug's.
    await printRecording(dataDir, traffic, results.penumbra, checked - 1);
    if (settings.cpuProfile) console.log(`CPU profile of the penumbra server: ${settings.cpuProfile}`);
  } finally {
    await Promise.all([stopServer(servers.bare), stopServer(servers.penumbra)]);
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The load generator runs in this process. With V8's default young generation its scavenges,
 * at 40,000+ responses/s, now and then stretch to 15–25 ms, and every response in flight is
 * timed that much late: the bare server's p99 then measures the load generator. A 64 MB young
 * generation keeps them short, and it can only be set when Node starts, hence the re-run.
 */
const LOADER_HEAP_FLAG = '--max-semi-space-size=64';

function rerunWithLoaderHeap(): Promise<number> {
  const args = [
    LOADER_HEAP_FLAG,
    ...process.execArgv,
    fileURLToPath(import.meta.url),
    ...process.argv.slice(2),
  ];
  const child = spawn(process.execPath, args, { stdio: 'inherit' });
  // Ctrl-C reaches the child too (same process group): wait for it to clean up.
  process.on('SIGINT', () => {});
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

if (process.execArgv.includes(LOADER_HEAP_FLAG)) await main();
else process.exitCode = await rerunWithLoaderHeap();
