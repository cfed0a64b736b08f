/** Polls until fn returns a defined value; fails with the label after the timeout. */
export async function eventually<T>(fn: () => Promise<T | undefined>, { timeoutMs = 20000, intervalMs = 200, label = 'condition' } = {}): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
