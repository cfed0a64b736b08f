import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { DecisionGate } from './decision-gate';

/**
 * How a long-lived workflow waits: until `done()`, or until the instant `until` if given. When
 * Temporal suggests continuing as new (the history has grown long), every decision in flight is
 * let finish first — no update is ever cut off — and then `restart` continues as new with what
 * the run knows. Answers true when `done()`, false when `until` came first.
 */
export async function waitBounded(
  done: () => boolean,
  o: { gate: DecisionGate; restart: () => Promise<never>; until?: string },
): Promise<boolean> {
  const long = () => workflowInfo().continueAsNewSuggested;
  for (;;) {
    if (done()) return true;
    if (o.until !== undefined) {
      const ms = Date.parse(o.until) - Date.now();
      if (ms <= 0) return false;
      if (!(await condition(() => done() || long(), ms))) return done();
    } else {
      await condition(() => done() || long());
    }
    if (done()) return true;
    await condition(() => done() || (o.gate.idle() && allHandlersFinished()));
    if (!done()) await o.restart();
  }
}
