import { setHandler } from '@temporalio/workflow';
import { DecisionGate } from './decision-gate';
import { approveResults, closePanel, formPanel, getRoundState, publishNotice, RoundState, RoundWorkflowInput } from './messages';
import { RoundCase } from './round-case';

/**
 * One funding round: opens and closes the application window on time, then takes the round-wide
 * steps — expert panel, close of scoring with the ranking, public notice, approval — and tells
 * each project its outcome. Decisions about single applications go to their project workflows.
 */
export async function roundWorkflow(input: RoundWorkflowInput): Promise<RoundState> {
  const gate = new DecisionGate();
  const round = new RoundCase(input, gate);

  setHandler(getRoundState, () => round.state);
  gate.on(
    formPanel,
    (u) => round.checkFormPanel(u),
    (u) => round.formPanel(u),
  );
  gate.on(
    closePanel,
    (u) => round.checkClosePanel(u),
    (u) => round.closePanel(u),
  );
  gate.on(
    publishNotice,
    (u) => round.checkPublishNotice(u),
    (u) => round.publishNotice(u),
  );
  gate.on(
    approveResults,
    (u) => round.checkApprove(u),
    (u) => round.approveResults(u),
  );

  return round.runToEnd();
}
