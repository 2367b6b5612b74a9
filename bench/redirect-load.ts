/**
 * One load run of bench/redirect with autocannon: fixed connections, no pipelining, a fixed
 * list of requests dealt out among the connections, each walking its share in a loop.
 *
 * Measured here rather than taken from autocannon's summary: its latency histogram keeps whole
 * milliseconds only (at 1–3 ms per redirect that hides the difference the bench is about), and
 * its duration starts before the connections are set up.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  requests: autocannon.Request[];
  connections: number;
  seconds: number;
  /** Called when the connections are set up and the load starts. */
  onStart?: () => void;
}

export interface LoadResult {
  /** How long the load lasted, in seconds. */
  seconds: number;
  perSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Requests written to the server, including those cut off when the run stopped. */
  sent: number;
  answered: number;
  /** Connection errors, timeouts and answers outside 2xx/3xx. */
  errors: number;
  statuses: Map<number, number>;
  /**
   * p99 of this process's event-loop delay, ms: a response that arrives while the load
   * generator is busy (or collecting garbage) is timed late, so this much of any p99 is ours.
   */
  loaderDelayP99: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: Float64Array, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
}

/** Collects every response's time (ms, sub-millisecond) and status while a run lasts. */
class ResponseLog {
  private times = new Float64Array(1 << 16);
  private count = 0;
  readonly statuses = new Map<number, number>();

  add(status: number, milliseconds: number): void {
    if (this.count === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    this.times[this.count++] = milliseconds;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  sortedTimes(): Float64Array {
    return this.times.slice(0, this.count).sort();
  }

  get answered(): number {
    return this.count;
  }
}

function badStatuses(statuses: ReadonlyMap<number, number>): number {
  let bad = 0;
  for (const [status, count] of statuses) if (status < 200 || status >= 400) bad += count;
  return bad;
}

/**
 * autocannon deep-clones its options and encodes every request for each connection: with
 * 10,000 requests and 50 connections that is seconds of set-up per run. So the options carry
 * one request, and each connection is handed its own share (every n-th request) as it is made.
 */
function dealRequests(requests: readonly autocannon.Request[], connections: number) {
  let dealt = 0;
  return (client: autocannon.Client) => {
    const offset = dealt++ % connections;
    client.setRequests(requests.filter((_, i) => i % connections === offset));
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const log = new ResponseLog();
  const settings: autocannon.Options = {
    url: options.url,
    requests: options.requests.slice(0, 1),
    setupClient: dealRequests(options.requests, options.connections),
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
  };
  let startedAt = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error, done) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, status, _bytes, milliseconds) => log.add(status, milliseconds));
    instance.on('start', () => {
      startedAt = performance.now();
      delay.reset();
      options.onStart?.();
    });
  });
  const seconds = (performance.now() - startedAt) / 1000;
  delay.disable();
  const times = log.sortedTimes();
  return {
    seconds,
    perSecond: log.answered / seconds,
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    sent: result.requests.sent,
    answered: log.answered,
    // autocannon counts timeouts among its errors already.
    errors: result.errors + badStatuses(log.statuses),
    statuses: log.statuses,
    loaderDelayP99: delay.percentile(99) / 1e6,
  };
}
