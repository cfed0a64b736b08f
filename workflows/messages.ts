/**
 * What the API and the worker share about workflows: names, ids, message definitions and
 * payload types. Imported by apps/api; contains no workflow logic.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ProjectStage, Role, RoundStatus } from './rules/stages';

export const DEFAULT_TASK_QUEUE = 'psp-main';

export const roundWorkflowId = (roundId: string) => `round-${roundId}`;
export const projectWorkflowId = (applicationId: string) => `project-${applicationId}`;

/** Failure types a decision can be refused with; the API maps each to one HTTP status. */
export const DecisionRefusal = {
  INVALID_TRANSITION: 'InvalidTransition', // 409, details: [{ currentStage }]
  FORBIDDEN: 'Forbidden', // 403
  VALIDATION: 'ValidationFailed', // 400, details: [{ errors: FieldError[] }]
} as const;

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
}

export interface RankedEntry {
  applicationId: string;
  rank: number | null;
  finalScore: string;
  requested: string;
  award: string;
  status: 'FUNDED' | 'PARTIALLY_FUNDED' | 'UNFUNDED_POOL_EXHAUSTED' | 'BELOW_PASS_MARK' | 'EXCLUDED';
}

export interface RoundState {
  roundId: string;
  status: RoundStatus;
  opensAt: string;
  closesAt: string;
  noticeEndsAt?: string;
  assignmentsOpen?: number;
  ranking?: RankedEntry[];
  openObjections?: number;
}

export interface ScoresInput {
  actor: Actor;
  applicationId: string;
  scores: Record<string, number>;
  comments: Record<string, string>;
}

export const getRoundState = defineQuery<RoundState>('getRoundState');
export const formPanel = defineUpdate<RoundState, [{ actor: Actor; expertIds: string[] }]>('formPanel');
export const declineAssignment = defineUpdate<RoundState, [{ actor: Actor; applicationId: string; reason: string }]>('declineAssignment');
export const submitScores = defineUpdate<{ total: string }, [ScoresInput]>('submitScores');
export const closePanel = defineUpdate<RoundState, [{ actor: Actor }]>('closePanel');
export const adjustAward = defineUpdate<RoundState, [{ actor: Actor; applicationId: string; amount: string; reason: string }]>('adjustAward');
export const publishNotice = defineUpdate<RoundState, [{ actor: Actor }]>('publishNotice');
export const fileObjection = defineUpdate<{ objectionId: string }, [{ applicationId: string; name: string; contact: string; reason: string }]>('fileObjection');
export const ruleObjection = defineUpdate<RoundState, [{ actor: Actor; objectionId: string; decision: 'UPHELD' | 'DISMISSED'; ruling: string }]>('ruleObjection');
export const approveResults = defineUpdate<RoundState, [{ actor: Actor }]>('approveResults');

// ---------------------------------------------------------------- project workflow

export interface ProjectWorkflowInput {
  applicationId: string;
  roundId: string;
  organizationId: string;
  regionCode: string;
  /** The round's closing instant: a first submission after it is refused. */
  roundClosesAt: string;
}

export interface ProjectState {
  applicationId: string;
  stage: ProjectStage;
  submissionCount: number;
  revisionDeadline?: string;
  award?: string;
  rank?: number | null;
  signedBy: { applicant?: string; bureau?: string };
}

export type EligibilityDecision =
  | { decision: 'PASS'; reason?: string }
  | { decision: 'RETURN'; reason: string; revisionDeadline: string }
  | { decision: 'REJECT'; reason: string };

/** What the round workflow tells a project; the project records its own stage change. */
export type RoundEvent =
  | { type: 'EXPERT_REVIEW_STARTED' }
  | { type: 'RANKED' }
  | { type: 'NOTICE_PUBLISHED' }
  | { type: 'REMOVED_BY_OBJECTION'; objectionId: string; ruling: string }
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
}

export type TrancheStatusName = 'PENDING' | 'DUE' | 'REQUESTED' | 'PAID' | 'CANCELLED' | 'WITHHELD';
export type ReportStatusName = 'PENDING' | 'SUBMITTED' | 'RETURNED' | 'ACCEPTED';
export type EvaluationKind = 'MIDTERM' | 'FINAL_THIRD_PARTY' | 'GOV_ON_ORG' | 'ORG_ON_GOV';

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

export const getImplementationState = defineQuery<ImplementationState>('getImplementationState');
export const requestTranche = defineUpdate<ImplementationState, [{ actor: Actor; seq: number }]>('requestTranche');
export const approveTranche = defineUpdate<ImplementationState, [{ actor: Actor; seq: number }]>('approveTranche');
export const submitReport = defineUpdate<ImplementationState, [{ actor: Actor; seq: number; report: ReportInput }]>('submitReport');
export const reviewReport = defineUpdate<ImplementationState, [{ actor: Actor; seq: number; decision: 'ACCEPT' | 'RETURN'; note: string; revisionDeadline?: string }]>('reviewReport');
export const requestChange = defineUpdate<{ changeId: string; status: string; needsApproval: boolean }, [{ actor: Actor; change: ChangeInput }]>('requestChange');
export const decideChange = defineUpdate<{ changeId: string; status: string }, [{ actor: Actor; changeId: string; approve: boolean; reason: string }]>('decideChange');
export const assignEvaluator = defineUpdate<ImplementationState, [{ actor: Actor; evaluatorId: string }]>('assignEvaluator');
export const fileEvaluation = defineUpdate<{ total: string; grade: string }, [{ actor: Actor; kind: EvaluationKind; scores: Record<string, number>; comments: Record<string, string>; summary: string }]>('fileEvaluation');
export const terminateProject = defineUpdate<ImplementationState, [{ actor: Actor; reason: string }]>('terminateProject');
