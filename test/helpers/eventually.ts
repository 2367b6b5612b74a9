/** Polls until `read` gives a value, for at most 10 s: for what peers receive in the background. */
export async function eventually<V>(read: () => V | undefined): Promise<V> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
