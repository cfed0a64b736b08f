/**
 * What the API and the worker share about workflows: names, ids, message definitions and
 * payload types. Imported by apps/api; contains no workflow logic.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EvaluationKind } from './rules/evaluation';
import type { ReportStatus } from './rules/report-plan';
import type { RubricCriterion } from './rules/round-rules';
import type { ProjectStage, Role, RoundStatus, TrancheStatus } from './rules/stages';

export const DEFAULT_TASK_QUEUE = 'psp-main';

export const roundWorkflowId = (roundId: string) => `round-${roundId}`;
export const projectWorkflowId = (applicationId: string) => `project-${applicationId}`;
/** The short workflow that issues one document's PDF (documentPdfWorkflow). */
export const documentPdfWorkflowId = (documentId: string) => `document-pdf-${documentId}`;

/** Failure types a decision can be refused with; the API maps each to one HTTP status. */
export const DecisionRefusal = {
  INVALID_TRANSITION: 'InvalidTransition', // 409, details: [{ currentStage, ...TransitionBlockers }]
  FORBIDDEN: 'Forbidden', // 403
  VALIDATION: 'ValidationFailed', // 400, details: [{ errors: FieldError[] }]
} as const;

/** An application that stands in the way of a step (one still in eligibility review, say). */
export interface BlockingApplication {
  id: string;
  title: string;
  stage: string;
}

/** What a refused step names beside the current stage: what blocks it, and until when. */
export interface TransitionBlockers {
  /** The first applications in the way (a refusal stays small), and how many there are in all. */
  applications?: BlockingApplication[];
  applicationCount?: number;
  /** The instant (ISO 8601) before which the step is refused, such as the end of the notice period. */
  until?: string;
}

/** The person behind a decision, as the API authenticated them. */
export interface Actor {
  userId: string;
  role: Role;
  displayName: string;
  organizationIds: string[];
}

// ---------------------------------------------------------------- round workflow

export interface RoundWorkflowInput {
  roundId: string;
  regionCode: string;
  /** ISO 8601 instants; the workflow sleeps on its own clock until each. */
  opensAt: string;
  closesAt: string;
  /** Set when a run continues as new: where the round stands. */
  carried?: RoundCarried;
}

export interface RoundCarried {
  status: RoundStatus;
  noticeEndsAt?: string;
  noticeEnded: boolean;
  /** Outcomes the projects had not yet been told of. */
  outbox: RoundEvent['type'][];
}

export interface RankedEntry {
  applicationId: string;
  rank: number | null;
  finalScore: string;
  requested: string;
  award: string;
  status: 'FUNDED' | 'PARTIALLY_FUNDED' | 'UNFUNDED_POOL_EXHAUSTED' | 'BELOW_PASS_MARK' | 'EXCLUDED';
}

/** Where a round stands: its phase and deadlines. Scores, rankings and objections live in PostgreSQL. */
export interface RoundState {
  roundId: string;
  status: RoundStatus;
  opensAt: string;
  closesAt: string;
  noticeEndsAt?: string;
}

/** What a round-wide step answers: the phase it moved to and a few counts, never the whole round. */
export interface RoundStepResult {
  roundId: string;
  status: RoundStatus;
  noticeEndsAt?: string;
  counts: Record<string, number>;
}

export const OBJECTION_RULINGS = ['UPHELD', 'DISMISSED'] as const;
export type ObjectionRuling = (typeof OBJECTION_RULINGS)[number];
/** UNCONFIRMED: filed, its contact not yet confirmed; it does not count until it is (FILED). */
export const OBJECTION_STATUSES = ['UNCONFIRMED', 'FILED', ...OBJECTION_RULINGS] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export interface ScoresInput {
  actor: Actor;
  applicationId: string;
  scores: Record<string, number>;
  comments: Record<string, string>;
}

export const getRoundState = defineQuery<RoundState>('getRoundState');
export const formPanel = defineUpdate<RoundStepResult, [{ actor: Actor; expertIds: string[] }]>('formPanel');
export const closePanel = defineUpdate<RoundStepResult, [{ actor: Actor }]>('closePanel');
export const publishNotice = defineUpdate<RoundStepResult, [{ actor: Actor }]>('publishNotice');
export const approveResults = defineUpdate<RoundStepResult, [{ actor: Actor }]>('approveResults');

// Decisions about one application go to that application's project workflow, so that they never
// queue behind decisions about other applications of the round.
export const declineAssignment = defineUpdate<{ replacementExpertId: string }, [{ actor: Actor; applicationId: string; reason: string }]>(
  'declineAssignment',
);
export const submitScores = defineUpdate<{ total: string }, [ScoresInput]>('submitScores');
export const adjustAward = defineUpdate<
  { applicationId: string; award: string },
  [{ actor: Actor; applicationId: string; amount: string; reason: string }]
>('adjustAward');
export const fileObjection = defineUpdate<
  { objectionId: string },
  [{ applicationId: string; name: string; contact: string; reason: string }]
>('fileObjection');
export const ruleObjection = defineUpdate<
  { objectionId: string; status: ObjectionRuling },
  [{ actor: Actor; objectionId: string; decision: ObjectionRuling; ruling: string }]
>('ruleObjection');
/**
 * One reasoned ruling on one or more objections against this application (the same substance
 * ruled once). Objections are filed in PostgreSQL, never through a workflow; `pending` is how
 * many FILED objections against the application remain after this ruling.
 */
export const ruleObjections = defineUpdate<
  { objectionIds: string[]; status: ObjectionRuling; pending: number },
  [{ actor: Actor; objectionIds: string[]; decision: ObjectionRuling; ruling: string }]
>('ruleObjections');
/** The most objections one ruling may cover. */
export const MAX_OBJECTIONS_PER_RULING = 1000;

// ---------------------------------------------------------------- project workflow

export interface ProjectWorkflowInput {
  applicationId: string;
  roundId: string;
  organizationId: string;
  regionCode: string;
  /** The round's closing instant: a first submission after it is refused. */
  roundClosesAt: string;
  /** Set when a run continues as new: everything the last run knew. */
  carried?: ProjectCarried;
}

export const PANEL_SLOT_STATUSES = ['ASSIGNED', 'DECLINED', 'SUBMITTED'] as const;

/** One expert's place on an application's panel, as the project workflow keeps it. */
export interface PanelSlot {
  expertId: string;
  status: (typeof PANEL_SLOT_STATUSES)[number];
}

export interface ProjectCarried {
  state: ProjectState;
  heard: RoundEvent['type'][];
  inbox: RoundEvent[];
}

export interface ProjectState {
  applicationId: string;
  stage: ProjectStage;
  submissionCount: number;
  revisionDeadline?: string;
  award?: string;
  rank?: number | null;
  signedBy: { applicant?: string; bureau?: string };
  /** Who passed the eligibility review: that reviewer may not rule on objections against it. */
  eligibilityDecidedBy?: string;
  /** The expert panel of this application, from the round's panel forming on. */
  panel?: PanelSlot[];
  rubric?: RubricCriterion[];
  noticeEndsAt?: string;
  /** Objections filed through this workflow by earlier versions (kept for running executions). */
  objections?: { objectionId: string; status: ObjectionStatus }[];
  /** FILED objections against the application in PostgreSQL, as the last ruling left them. */
  pendingObjections?: number;
}

export const ELIGIBILITY_DECISIONS = ['PASS', 'RETURN', 'REJECT'] as const;

export type EligibilityDecision =
  | { decision: 'PASS'; reason?: string }
  | { decision: 'RETURN'; reason: string; revisionDeadline: string }
  | { decision: 'REJECT'; reason: string };

/** What the round workflow tells a project; the project records its own stage change. */
export type RoundEvent =
  | { type: 'EXPERT_REVIEW_STARTED'; expertIds: string[]; rubric: RubricCriterion[] }
  | { type: 'RANKED' }
  | { type: 'NOTICE_PUBLISHED'; noticeEndsAt: string }
  | { type: 'FUNDING_DECIDED'; funded: boolean; award: string; rank: number | null };

export const getProjectState = defineQuery<ProjectState>('getProjectState');
/**
 * `receivedAt`: when the API received the submission. A submission that reached the platform
 * before the deadline counts as on time even if the workflow processes it a little later (a rush
 * of submissions just before the window closes queues up); the workflow trusts the API's
 * receipt time only within RECEIPT_GRACE_MS of its own clock.
 */
export const submitApplication = defineUpdate<ProjectState, [{ actor: Actor; receivedAt?: string }]>('submitApplication');
export const RECEIPT_GRACE_MS = 2 * 60 * 1000;
export const decideEligibility = defineUpdate<ProjectState, [{ actor: Actor } & EligibilityDecision]>('decideEligibility');
export const signAgreement = defineUpdate<ProjectState, [{ actor: Actor }]>('signAgreement');
export const roundEvent = defineSignal<[RoundEvent]>('roundEvent');

// ---------------------------------------------------------------- implementation (after signing)

export interface ImplementationInput {
  applicationId: string;
  roundId: string;
  organizationId: string;
  regionCode: string;
  /** Set when a run continues as new: everything the last run knew, so nothing is read or done twice. */
  carried?: ImplementationCarried;
}

export interface ImplementationTiming {
  reminderLeadMs: number;
  rectificationMs: number;
  maxExtensionMs: number;
  changeThresholdPercent: number;
  /** Continue as new past this many history events (0: only when Temporal suggests it). */
  historyLimit: number;
}

export interface ImplementationCarried {
  state: ImplementationState;
  budgetLines: { type: string; description: string; amount: string }[];
  timing: ImplementationTiming;
  /** Per report seq, the due instants already reminded of and escalated for. */
  watch: Record<string, { remindedFor?: string; escalatedFor?: string }>;
  rectificationNoticeSent: boolean;
  closeoutBegun: boolean;
}

export type TrancheStatusName = TrancheStatus;
export type ReportStatusName = ReportStatus;
export type { EvaluationKind };

export interface TrancheState {
  seq: number;
  stage: string;
  amount: string;
  status: TrancheStatusName;
  requestedById?: string;
}

export interface ReportState {
  seq: number;
  kind: 'PERIODIC' | 'MIDTERM' | 'FINAL';
  dueAt: string;
  status: ReportStatusName;
  revisionDeadline?: string;
  overdue: boolean;
}

export interface ImplementationState {
  applicationId: string;
  stage: ProjectStage;
  tranches: TrancheState[];
  reports: ReportState[];
  evaluations: { kind: EvaluationKind; attempt: number; grade: string }[];
  evaluatorId?: string;
  rectificationDeadline?: string;
  termEndsAt?: string;
}

export interface ReportInput {
  indicators: { name: string; unit: string; planned: number; achieved: number }[];
  spending: { type: string; budgeted: string; spent: string }[];
  narrative: string;
  /** Project attachments (evidence, vouchers) the report refers to; checked by the API. */
  attachmentIds?: string[];
}

export type ChangeInput =
  | { kind: 'REALLOCATION'; budgetLines: { type: string; description: string; amount: string }[]; reason: string }
  | { kind: 'EXTENSION'; newEndsAt: string; reason: string };

export const REPORT_REVIEW_DECISIONS = ['ACCEPT', 'RETURN'] as const;
export type ReportReviewDecision = (typeof REPORT_REVIEW_DECISIONS)[number];

export const getImplementationState = defineQuery<ImplementationState>('getImplementationState');
export const requestTranche = defineUpdate<ImplementationState, [{ actor: Actor; seq: number }]>('requestTranche');
export const approveTranche = defineUpdate<ImplementationState, [{ actor: Actor; seq: number }]>('approveTranche');
/** A named decision not to pay a due or requested tranche (取消拨付), with its reason; the project may then close. */
export const cancelTranche = defineUpdate<ImplementationState, [{ actor: Actor; seq: number; reason: string }]>('cancelTranche');
export const submitReport = defineUpdate<ImplementationState, [{ actor: Actor; seq: number; report: ReportInput }]>('submitReport');
export const reviewReport = defineUpdate<
  ImplementationState,
  [{ actor: Actor; seq: number; decision: ReportReviewDecision; note: string; revisionDeadline?: string }]
>('reviewReport');
export const requestChange = defineUpdate<
  { changeId: string; status: string; needsApproval: boolean },
  [{ actor: Actor; change: ChangeInput }]
>('requestChange');
export const decideChange = defineUpdate<
  { changeId: string; status: string },
  [{ actor: Actor; changeId: string; approve: boolean; reason: string }]
>('decideChange');
export const assignEvaluator = defineUpdate<ImplementationState, [{ actor: Actor; evaluatorId: string }]>('assignEvaluator');
export const fileEvaluation = defineUpdate<
  { total: string; grade: string },
  [{ actor: Actor; kind: EvaluationKind; scores: Record<string, number>; comments: Record<string, string>; summary: string }]
>('fileEvaluation');
export const terminateProject = defineUpdate<ImplementationState, [{ actor: Actor; reason: string }]>('terminateProject');
