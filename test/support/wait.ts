/** Polls until fn returns a defined value; fails with the label after the timeout. */
export async function eventually<T>(
  fn: () => Promise<T | undefined>,
  { timeoutMs = 20000, intervalMs = 200, label = 'condition' } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until a worker polls the task queue: a spawned worker bundles its workflows first, which
 * takes seconds on a busy machine, and a test's clock (a window, a timer) must not start before.
 */
export async function workerPolling(
  client: { workflowService: { describeTaskQueue(r: object): Promise<{ pollers?: unknown[] | null }> } },
  taskQueue: string,
  timeoutMs = 90000,
): Promise<void> {
  await eventually(
    async () => {
      const r = await client.workflowService.describeTaskQueue({ namespace: 'default', taskQueue: { name: taskQueue }, taskQueueType: 1 });
      return r.pollers && r.pollers.length > 0 ? true : undefined;
    },
    { label: `a worker polling ${taskQueue}`, timeoutMs, intervalMs: 250 },
  );
}
