import { performance } from 'node:perf_hooks';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { floorWorkflow, step } from './floor.workflow';
import { LatencySummary, Limiter, Recorder } from './stats';

export const FLOOR_QUEUE = 'bench-floor';

export interface FloorResult {
  instances: number;
  updatesPerInstance: number;
  concurrency: number;
  completed: number;
  wallMs: number;
  perMinute: number;
  perSecond: number;
  update: LatencySummary;
}

async function timed<T>(rec: Recorder, limiter: Limiter, fn: () => Promise<T>): Promise<T> {
  return limiter.run(async () => {
    const t = performance.now();
    try {
      const v = await fn();
      rec.add('update', performance.now() - t);
      return v;
    } catch (e) {
      rec.fail('update');
      throw e;
    }
  });
}

/**
 * Drives `instances` floor workflows with the Temporal client the way the bench's users drive
 * projects: the first update starts the workflow (update-with-start, like a submission), the
 * rest follow one after another per instance, at most `concurrency` in flight overall.
 */
export async function runFloor(
  client: Client,
  o: { instances: number; updates: number; concurrency: number; waitForCompletion: boolean; keepOpen?: boolean },
): Promise<FloorResult> {
  const limiter = new Limiter(o.concurrency);
  const rec = new Recorder();
  const run = Math.random().toString(36).slice(2, 8);
  let completed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: o.instances }, async (_, i) => {
      const workflowId = `floor-${run}-${i}`;
      try {
        await timed(rec, limiter, () =>
          client.workflow.executeUpdateWithStart(step, {
            args: [1],
            startWorkflowOperation: new WithStartWorkflowOperation(floorWorkflow, {
              // keepOpen: the workflow waits for one more update, as a submitted application waits for its review.
              workflowId,
              taskQueue: FLOOR_QUEUE,
              args: [o.keepOpen ? o.updates + 1 : o.updates],
              workflowIdConflictPolicy: 'USE_EXISTING',
            }),
          }),
        );
        const handle = client.workflow.getHandle(workflowId);
        for (let k = 2; k <= o.updates; k++) await timed(rec, limiter, () => handle.executeUpdate(step, { args: [k] }));
        if (o.waitForCompletion) await handle.result();
        completed++;
      } catch (e) {
        if (rec.summary('update').failed <= 3) console.error(`[bench] floor ${workflowId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  const wallMs = performance.now() - t0;
  return {
    instances: o.instances,
    updatesPerInstance: o.updates,
    concurrency: o.concurrency,
    completed,
    wallMs,
    perMinute: completed / (wallMs / 60000),
    perSecond: completed / (wallMs / 1000),
    update: rec.summary('update'),
  };
}
