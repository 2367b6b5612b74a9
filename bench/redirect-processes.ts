/**
 * The server processes of bench/redirect. Each server runs in a child process of its own, so
 * that the load generator never shares its event loop; on a machine with two cores or more the
 * servers are pinned to the last core and the load generator to the others, so that neither
 * steals CPU time from the other and the servers compare on equal terms.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';

export interface ServerProcess<Info> {
  name: string;
  child: ChildProcess;
  /** The JSON line the child printed once it listened. */
  info: Info;
}

export interface Pinning {
  serverCpu: number;
  loaderCpus: string;
}

function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Pins this process (every thread: `-a`) to all cores but the last, which is left to the
 * servers. Answers undefined, and pins nothing, on one core or without `taskset`.
 */
export function pinLoadGenerator(): Pinning | undefined {
  const cores = availableParallelism();
  if (cores < 2 || !hasTaskset()) return undefined;
  const pinning = { serverCpu: cores - 1, loaderCpus: cores === 2 ? '0' : `0-${cores - 2}` };
  const pinned = spawnSync('taskset', ['-a', '-c', '-p', pinning.loaderCpus, String(process.pid)], {
    stdio: 'ignore',
  });
  return pinned.status === 0 ? pinning : undefined;
}

/** Reads the child's first stdout line as JSON; its other output goes to our stderr. */
function firstLine<Info>(child: ChildProcess, name: string, timeoutMs: number): Promise<Info> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms`)), timeoutMs);
    const fail = (code: number | null) => reject(new Error(`${name} exited (${code}) before listening`));
    child.once('exit', fail);
    lines.once('line', (line) => {
      clearTimeout(timer);
      child.off('exit', fail);
      lines.on('line', (more) => process.stderr.write(`[${name}] ${more}\n`));
      resolve(JSON.parse(line) as Info);
    });
  });
}

export interface SpawnOptions {
  name: string;
  script: string;
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** Extra Node options, e.g. `--cpu-prof`. */
  nodeOptions?: readonly string[];
  pinning: Pinning | undefined;
  startTimeoutMs?: number;
}

/** Starts `node --import tsx SCRIPT` (under `taskset` when pinning) and waits for its URL line. */
export async function spawnServer<Info>(options: SpawnOptions): Promise<ServerProcess<Info>> {
  const node = [process.execPath, ...(options.nodeOptions ?? []), '--import', 'tsx', options.script];
  const command = options.pinning ? ['taskset', '-c', String(options.pinning.serverCpu), ...node] : node;
  const [program, ...args] = command as [string, ...string[]];
  const child = spawn(program, [...args, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const info = await firstLine<Info>(child, options.name, options.startTimeoutMs ?? 180_000);
    return { name: options.name, child, info };
  } catch (error) {
    child.kill('SIGTERM');
    throw error;
  }
}

/**
 * Freezes a server (SIGSTOP) while the other one is measured. Both share one core, and an idle
 * Node process is not idle: V8 runs major collections of its heap when the load stops, and the
 * real server polls the store; tens of milliseconds of that lands in the other server's p99.
 */
export function pauseServer(server: ServerProcess<unknown>): void {
  server.child.kill('SIGSTOP');
}

export function resumeServer(server: ServerProcess<unknown>): void {
  server.child.kill('SIGCONT');
}

/** SIGTERM, then waits for the exit: the real server writes its pending events on the way out. */
export function stopServer(server: ServerProcess<unknown>): Promise<number | null> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    // A paused process would keep the SIGTERM pending until it is resumed.
    child.kill('SIGCONT');
    child.kill('SIGTERM');
  });
}

/** Resident memory of a process, now and at its peak (VmRSS and VmHWM of proc(5) `status`), in MiB. */
export interface MemoryUse {
  rssMiB: number;
  peakMiB: number;
}

/** Undefined where there is no /proc or the process has ended. */
export function memoryOf(server: ServerProcess<unknown>): MemoryUse | undefined {
  const pid = server.child.pid;
  if (pid === undefined) return undefined;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    const rss = kib('VmRSS');
    const peak = kib('VmHWM');
    return Number.isFinite(rss) && Number.isFinite(peak)
      ? { rssMiB: rss / 1024, peakMiB: peak / 1024 }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds (user + system, all threads) a process has used, from /proc; undefined where
 * there is no /proc.
 */
function processSeconds(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : statSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU seconds of one thread: Linux keeps per-thread counters in /proc/<pid>/task/<tid>/stat
 * (proc(5)), and a process's main thread — Node's event loop, where every request is answered —
 * has the process id as its thread id. Worker threads (the event writer), V8's GC helpers and
 * libuv's pool are other tasks of the same process.
 */
function mainThreadSeconds(pid: number | undefined): number | undefined {
  return pid === undefined ? undefined : statSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** utime + stime of a proc(5) `stat` file, in seconds. */
function statSeconds(file: string): number | undefined {
  try {
    const stat = readFileSync(file, 'utf8');
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  ticksPerSecond ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return ticksPerSecond;
}

/** Seconds one core spent busy (anything but idle and iowait), from /proc/stat. */
function coreBusySeconds(cpu: number | undefined): number | undefined {
  if (cpu === undefined) return undefined;
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((row) => row.startsWith(`cpu${cpu} `));
    if (!line) return undefined;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return (ticks.reduce((sum, n) => sum + n, 0) - idle) / clockTicksPerSecond();
  } catch {
    return undefined;
  }
}

export interface CpuSnapshot {
  at: number;
  server: number | undefined;
  mainThread: number | undefined;
  core: number | undefined;
}

/** What a server and the core it is pinned to (if any) have used so far. */
export function snapshotCpu(pid: number | undefined, cpu: number | undefined): CpuSnapshot {
  return {
    at: performance.now() / 1000,
    server: processSeconds(pid),
    mainThread: mainThreadSeconds(pid),
    core: coreBusySeconds(cpu),
  };
}

export interface CpuUse {
  /** CPU seconds the server used (all its threads). */
  server: number | undefined;
  /** CPU seconds of its main thread alone, the one that answers requests. */
  mainThread: number | undefined;
  /** Share of one core the server used (1 = saturated). */
  serverShare: number | undefined;
  /**
   * Share of the server's core that other processes took: on a shared machine a run with a
   * high share here measured the neighbours too, and must be read with care.
   */
  othersShare: number | undefined;
}

export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const seconds = after.at - before.at;
  const server =
    before.server === undefined || after.server === undefined ? undefined : after.server - before.server;
  const core = before.core === undefined || after.core === undefined ? undefined : after.core - before.core;
  const mainThread =
    before.mainThread === undefined || after.mainThread === undefined
      ? undefined
      : after.mainThread - before.mainThread;
  return {
    server,
    mainThread,
    serverShare: server === undefined ? undefined : server / seconds,
    othersShare:
      core === undefined || server === undefined ? undefined : Math.max(0, core - server) / seconds,
  };
}
