/**
 * What the workflows and their activities share and the API does not need: the results an
 * activity hands a workflow and the refusals both may raise. Activities import workflows/ only
 * from here, messages.ts and rules/; workflows import activities' types only (`import type`).
 */
import { ApplicationFailure } from '@temporalio/common';
import {
  DecisionRefusal,
  type ImplementationTiming,
  type ReportState,
  type RoundEvent,
  type TrancheState,
  type TransitionBlockers,
} from './messages';
import type { BudgetLineType } from './rules/application-rules';
import type { ProjectStage } from './rules/stages';

/** From the signed agreement: where a project's implementation starts (startImplementation). */
export interface ImplementationStart {
  stage: ProjectStage;
  tranches: TrancheState[];
  reports: ReportState[];
  budgetLines: { type: BudgetLineType; description: string; amount: string }[];
  termEndsAt: string;
  evaluatorId: string | null;
  timing: ImplementationTiming;
}

/** A document's PDF as issued (issueDocumentPdf): its file hash and the content hash it prints. */
export interface IssuedPdf {
  documentId: string;
  pdfSha256: string;
  printedSha256: string;
}

/** A round-wide outcome the round tells each of its projects (tellProjects). */
export type RoundOutcome = RoundEvent['type'];

// Refusals: thrown by update validators and handlers, and by an activity that refuses on what only
// the database knows (the gate passes those on); the API maps the type to 409, 403 or 400.

export function invalidTransition(message: string, currentStage: string, blockers: TransitionBlockers = {}): ApplicationFailure {
  return ApplicationFailure.create({
    type: DecisionRefusal.INVALID_TRANSITION,
    message,
    details: [{ currentStage, ...blockers }],
    nonRetryable: true,
  });
}

export function forbidden(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: DecisionRefusal.FORBIDDEN, message, nonRetryable: true });
}

export function invalidInput(errors: { field: string; rule: string; message: string }[]): ApplicationFailure {
  return ApplicationFailure.create({
    type: DecisionRefusal.VALIDATION,
    message: errors.map((e) => e.message).join('；'),
    details: [{ errors }],
    nonRetryable: true,
  });
}
