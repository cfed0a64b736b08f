import { proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { RoundActivities } from '../activities/rounds.activities';
import { getRoundState, RoundState, RoundWorkflowInput } from './messages';
import type { RoundStatus } from './rules/stages';
import { RegionCodeKey, RoundIdKey, RoundStatusKey } from './search-attributes';

const { setRoundStatus } = proxyActivities<RoundActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

/** Sleeps on the workflow's own clock until an instant; returns at once when it has passed. */
async function sleepUntil(instant: string): Promise<void> {
  const ms = Date.parse(instant) - Date.now();
  if (ms > 0) await sleep(ms);
}

/** One funding round: opens and closes its application window on time. */
export async function roundWorkflow(input: RoundWorkflowInput): Promise<RoundState> {
  const state: RoundState = { roundId: input.roundId, status: 'PUBLISHED', opensAt: input.opensAt, closesAt: input.closesAt };
  setHandler(getRoundState, () => state);

  const moveTo = async (to: RoundStatus, action: string) => {
    await setRoundStatus({ roundId: input.roundId, from: state.status, to, action });
    state.status = to;
    upsertSearchAttributes([{ key: RoundStatusKey, value: to }]);
  };

  upsertSearchAttributes([
    { key: RoundIdKey, value: input.roundId },
    { key: RegionCodeKey, value: input.regionCode },
    { key: RoundStatusKey, value: state.status },
  ]);

  await sleepUntil(input.opensAt);
  await moveTo('OPEN', 'round.windowOpened');
  await sleepUntil(input.closesAt);
  await moveTo('CLOSED', 'round.windowClosed');
  return state;
}
