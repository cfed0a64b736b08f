import { proxyActivities, setHandler } from '@temporalio/workflow';
import { DECISION_ACTIVITY } from './activity-options';
import { DecisionGate } from './decision-gate';
import { ImplementationCase } from './implementation-case';
import {
  approveTranche,
  assignEvaluator,
  cancelTranche,
  decideChange,
  fileEvaluation,
  getImplementationState,
  ImplementationInput,
  ImplementationState,
  requestChange,
  requestTranche,
  reviewReport,
  submitReport,
  terminateProject,
} from './messages';
import type { ImplementationActivities } from '../activities/implementation.activities';

const { startImplementation } = proxyActivities<ImplementationActivities>(DECISION_ACTIVITY);

/**
 * A funded project from its signed agreement to closeout or termination: tranches, reports with
 * reminders and escalation, change requests, mid-term evaluation and rectification, two-way and
 * third-party final evaluations. Started by the project workflow with continue-as-new, so the
 * history of the application phase does not weigh on the year-long term; it continues as new
 * itself when its history grows long, carrying its state (a continued run reads nothing again).
 *
 * Decisions take turns at the gate: each is checked by its validator and again when its turn
 * comes (Implementation's check*), then takes effect (ImplementationCase).
 */
export async function implementationWorkflow(input: ImplementationInput): Promise<ImplementationState> {
  const gate = new DecisionGate();
  const run = openCase(input, gate);
  const on = gate.onCase(run.current);

  setHandler(getImplementationState, () => run.current()?.state ?? startingState(input));
  on(
    requestTranche,
    (c, u) => c.checkRequestTranche(u),
    (c, u) => c.requestTranche(u),
  );
  on(
    approveTranche,
    (c, u) => c.checkApproveTranche(u),
    (c, u) => c.approveTranche(u),
  );
  on(
    cancelTranche,
    (c, u) => c.checkCancelTranche(u),
    (c, u) => c.cancelTranche(u),
  );
  on(
    submitReport,
    (c, u) => c.checkSubmitReport(u),
    (c, u) => c.submitReport(u),
  );
  on(
    reviewReport,
    (c, u) => c.checkReviewReport(u),
    (c, u) => c.reviewReport(u),
  );
  on(
    requestChange,
    (c, u) => c.checkRequestChange(u),
    (c, u) => c.requestChange(u),
  );
  on(
    decideChange,
    (c, u) => c.checkDecideChange(u),
    (c, u) => c.decideChange(u),
  );
  on(
    assignEvaluator,
    (c, u) => c.checkAssignEvaluator(u),
    (c, u) => c.assignEvaluator(u),
  );
  on(
    fileEvaluation,
    (c, u) => c.checkFileEvaluation(u),
    (c, u) => c.fileEvaluation(u),
  );
  on(
    terminateProject,
    (c, u) => c.checkTerminate(u),
    (c, u) => c.terminateProject(u),
  );

  await run.started;
  const p = run.current()!;
  p.startTimers();
  return p.runToEnd();
}

/**
 * The run's case. A continued run knows everything at once. A first run's start (tranche
 * schedule, report plan) is the first decision at the gate: one sent while it is being recorded
 * waits its turn and is checked against the started project; until then `current()` is undefined.
 */
function openCase(
  input: ImplementationInput,
  gate: DecisionGate,
): { current: () => ImplementationCase | undefined; started: Promise<void> } {
  let p = input.carried ? new ImplementationCase(input, gate) : undefined;
  const started = p
    ? Promise.resolve()
    : gate.decide(
        () => undefined,
        async () => {
          p = new ImplementationCase(input, gate, await startImplementation({ applicationId: input.applicationId }));
        },
      );
  return { current: () => p, started };
}

/** What a query answers in the moment before the start is recorded. */
function startingState(input: ImplementationInput): ImplementationState {
  return { applicationId: input.applicationId, stage: 'AGREEMENT_SIGNED', tranches: [], reports: [], evaluations: [] };
}
