import { allHandlersFinished, condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** One decision, as small as an update can be: a number in, the same number out. */
export const step = defineUpdate<number, [number]>('step');

/**
 * The floor: what the Temporal server and a worker cost per update when the workflow does
 * nothing else — no activities, no database. It takes `updates` updates, each with a
 * validator like the platform's decisions, then completes.
 */
export async function floorWorkflow(updates: number): Promise<number> {
  let received = 0;
  setHandler(
    step,
    (seq) => {
      received++;
      return seq;
    },
    {
      validator: (seq) => {
        if (!Number.isInteger(seq)) throw new Error('seq must be an integer');
      },
    },
  );
  await condition(() => received >= updates);
  await condition(allHandlersFinished);
  return received;
}
