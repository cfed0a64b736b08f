import { setHandler } from '@temporalio/workflow';
import { DecisionGate } from './decision-gate';
import {
  adjustAward,
  declineAssignment,
  decideEligibility,
  fileObjection,
  getProjectState,
  ProjectState,
  ProjectWorkflowInput,
  roundEvent,
  ruleObjection,
  ruleObjections,
  signAgreement,
  submitApplication,
  submitScores,
} from './messages';
import { ProjectCase } from './project-case';

/**
 * One application from submission to signed agreement, then (continued as new) its
 * implementation. Every decision about it is an update here, checked by its validator and again
 * when its turn comes at the gate; the round's steps arrive as signals.
 */
export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  const gate = new DecisionGate();
  const p = new ProjectCase(input, gate);

  setHandler(getProjectState, () => p.state);
  setHandler(roundEvent, (e) => p.hear(e));
  gate.on(
    submitApplication,
    (u) => p.checkSubmit(u),
    (u) => p.submit(u),
  );
  gate.on(
    decideEligibility,
    (u) => p.checkEligibility(u),
    (u) => p.decideEligibility(u),
  );
  gate.on(
    submitScores,
    (u) => p.checkScores(u),
    (u) => p.submitScores(u),
  );
  gate.on(
    declineAssignment,
    (u) => p.checkDecline(u),
    (u) => p.decline(u),
  );
  gate.on(
    adjustAward,
    (u) => p.checkAwardCut(u),
    (u) => p.cutAward(u),
  );
  gate.on(
    fileObjection,
    (u) => p.checkObjection(u),
    (u) => p.fileObjection(u),
  );
  gate.on(
    ruleObjection,
    (u) => p.checkRuling(u),
    (u) => p.rule(u),
  );
  gate.on(
    ruleObjections,
    (u) => p.checkRulings(u),
    (u) => p.ruleMany(u),
  );
  gate.on(
    signAgreement,
    (u) => p.checkSign(u),
    (u) => p.sign(u),
  );

  return p.runToEnd();
}
