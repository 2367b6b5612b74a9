/**
 * At most `limit` tasks at once; the rest wait their turn in order. The preview lab runs every
 * outbound request through one limit, so a burst of checks cannot open hundreds of sockets at
 * once; a bulk CSV import reads its rows' pages a few at a time.
 */
export function concurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
