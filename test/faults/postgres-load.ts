/** Answers by HTTP status, and requests that got no answer at all (connection refused, reset). */
export interface LoadResult {
  statuses: Map<number, number>;
  unanswered: number;
}

export function count(result: LoadResult, status: number): number {
  return result.statuses.get(status) ?? 0;
}

/**
 * Sends `total` requests, `concurrency` at a time (a bounded load, to 127.0.0.1 only), calling
 * `progress` after each answer so a test can inject its fault in the middle.
 */
export async function runLoad(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<Response>,
  progress: (answered: number) => void = () => undefined,
): Promise<LoadResult> {
  const result: LoadResult = { statuses: new Map(), unanswered: 0 };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < total) {
      const index = next++;
      try {
        const response = await send(index);
        await response.arrayBuffer();
        result.statuses.set(response.status, count(result, response.status) + 1);
      } catch {
        result.unanswered++;
      }
      progress(++done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return result;
}

export function describeStatuses(result: LoadResult): string {
  const parts = [...result.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
  return `${parts.join(' ')}${result.unanswered ? ` unanswered×${result.unanswered}` : ''}`;
}
