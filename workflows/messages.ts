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
export const submitApplication = defineUpdate<ProjectState, [{ actor: Actor }]>('submitApplication');
export const decideEligibility = defineUpdate<ProjectState, [{ actor: Actor } & EligibilityDecision]>('decideEligibility');
export const signAgreement = defineUpdate<ProjectState, [{ actor: Actor }]>('signAgreement');
export const roundEvent = defineSignal<[RoundEvent]>('roundEvent');
