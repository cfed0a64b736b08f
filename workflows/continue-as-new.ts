import { allHandlersFinished, condition, workflowInfo } from '@temporalio/workflow';
import type { DecisionGate } from './decision-gate';

export interface BoundedWaitOptions {
  gate: DecisionGate;
  /** Continues as new with what the run knows; never returns. */
  restart: () => Promise<never>;
  /** Stop waiting at this instant (ISO) if `done()` has not come first. */
  until?: string;
  /** Also a long history past this many events, besides Temporal's suggestion (0 or absent: only the suggestion). */
  historyLimit?: number;
  /** What else must be at rest before continuing as new, besides the gate and every handler (a timer's activity, say). */
  idle?: () => boolean;
}

/**
 * How a long-lived workflow waits: until `done()`, or until the instant `until` if given. When
 * Temporal suggests continuing as new (the history has grown long), every decision in flight is
 * let finish first — no update is ever cut off — and then `restart` continues as new with what
 * the run knows. Answers true when `done()`, false when `until` came first.
 */
export async function waitBounded(done: () => boolean, o: BoundedWaitOptions): Promise<boolean> {
  const limit = o.historyLimit ?? 0;
  const long = () => workflowInfo().continueAsNewSuggested || (limit > 0 && workflowInfo().historyLength > limit);
  const idle = o.idle ?? (() => true);
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
    await condition(() => done() || (o.gate.idle() && idle() && allHandlersFinished()));
    if (!done()) await o.restart();
  }
}
