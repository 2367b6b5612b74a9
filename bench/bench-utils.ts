/** Small helpers shared by the bench/ scripts: timing loops and printing. */

export interface Rate {
  perSecond: number;
  iterations: number;
  seconds: number;
}

/** Runs `work(i)` repeatedly for at least `minSeconds`, in chunks, and reports the rate. */
export function measureRate(work: (i: number) => void, minSeconds = 1): Rate {
  const chunk = 10_000;
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minSeconds) {
    for (let i = 0; i < chunk; i++) work(iterations + i);
    iterations += chunk;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  return { perSecond: iterations / elapsed, iterations, seconds: elapsed };
}

export function formatRate(rate: number): string {
  return `${Math.round(rate).toLocaleString('en-US')}/s`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A uniform pick from a list, driven by `random` (a seeded stream: the same data on every run). */
export function picker(random: () => number): <T>(items: readonly T[]) => T {
  return <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
}
