// A test-only workflow (bundled by workflows/decision-gate.spec.ts, never by the worker) that
// takes its decisions through DecisionGate, with one activity the spec stubs and holds.
import { allHandlersFinished, condition, defineQuery, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import { invalidTransition } from '../../workflows/contracts';
import { DecisionGate } from '../../workflows/decision-gate';

export interface ProbeActivities {
  record(label: string): Promise<void>;
}

export interface ProbeState {
  stage: string;
  notes: string[];
  /** The most effects that ever ran at once: 1 when decisions take turns. */
  maxRunning: number;
}

export const addNote = defineUpdate<number, [string]>('addNote');
export const decide = defineUpdate<string, [string]>('decide');
export const finish = defineSignal('finish');
export const getProbe = defineQuery<ProbeState>('getProbe');

const { record } = proxyActivities<ProbeActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });

export async function gateProbeWorkflow(): Promise<void> {
  const gate = new DecisionGate();
  const state: ProbeState = { stage: 'OPEN', notes: [], maxRunning: 0 };
  let running = 0;
  let finished = false;
  const inTurn = async <T>(effect: () => Promise<T>): Promise<T> => {
    state.maxRunning = Math.max(state.maxRunning, ++running);
    try {
      return await effect();
    } finally {
      running--;
    }
  };

  gate.on(
    addNote,
    () => undefined,
    (label) =>
      inTurn(async () => {
        await record(label);
        state.notes.push(label);
        return state.notes.length;
      }),
  );
  gate.on(
    decide,
    () => {
      if (state.stage !== 'OPEN') throw invalidTransition('已作出决定 / already decided', state.stage);
    },
    (outcome) =>
      inTurn(async () => {
        await record(outcome);
        state.stage = outcome;
        return state.stage;
      }),
  );
  setHandler(getProbe, () => state);
  setHandler(finish, () => void (finished = true));
  await condition(() => finished && gate.idle());
  await condition(allHandlersFinished);
}
