/**
 * Resolves when `work` settles or at `deadline` (ms since the epoch), whichever is first; never
 * rejects. The shutdown deadline (issue 13, finding 3) bounds each step that waits on a peer.
 * Returns whether `work` finished in time.
 */
export async function withDeadline(work: Promise<unknown>, deadline: number): Promise<boolean> {
  const settled = work.then(
    () => true,
    () => true,
  );
  if (!Number.isFinite(deadline)) return settled;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
