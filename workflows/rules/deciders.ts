/**
 * Who may take which decision: one table that the workflows' checks, the API's routes (@Decides)
 * and the portal's forms all read. A decision is named as its workflow update in
 * workflows/messages.ts. The role is only the first check: the workflow then asks whether this
 * person may (a member of the organization, the assigned evaluator, not the officer who
 * requested the release), and the API whether the case lies in the caller's region.
 */
import type { EvaluationKind } from './evaluation';
import type { Role } from './stages';

/** Who files each evaluation: the assigned third party, the bureau's reviewer, the organization. */
export const EVALUATION_FILERS: Readonly<Record<EvaluationKind, Role>> = {
  MIDTERM: 'EVALUATOR',
  FINAL_THIRD_PARTY: 'EVALUATOR',
  GOV_ON_ORG: 'REVIEWER',
  ORG_ON_GOV: 'APPLICANT',
};

export const DECIDERS = {
  // a round's steps (round workflow)
  formPanel: ['PROGRAM_MANAGER'],
  closePanel: ['PROGRAM_MANAGER'],
  publishNotice: ['PROGRAM_MANAGER'],
  approveResults: ['PROGRAM_MANAGER'],
  // one application (project workflow)
  submitApplication: ['APPLICANT'],
  decideEligibility: ['REVIEWER'],
  submitScores: ['EXPERT'],
  declineAssignment: ['EXPERT'],
  adjustAward: ['PROGRAM_MANAGER'],
  ruleObjection: ['REVIEWER'],
  ruleObjections: ['REVIEWER'],
  /** The applicant signs for the organization (乙方), a reviewer for the bureau (甲方). */
  signAgreement: ['APPLICANT', 'REVIEWER'],
  // a funded project (implementation workflow)
  requestTranche: ['FINANCE'],
  /** Another finance officer than the one who requested, or the manager. */
  approveTranche: ['FINANCE', 'PROGRAM_MANAGER'],
  cancelTranche: ['PROGRAM_MANAGER'],
  submitReport: ['APPLICANT'],
  reviewReport: ['REVIEWER'],
  requestChange: ['APPLICANT'],
  decideChange: ['REVIEWER'],
  assignEvaluator: ['PROGRAM_MANAGER'],
  /** Everyone in EVALUATION_FILERS; each kind takes its own filer only. */
  fileEvaluation: ['EVALUATOR', 'REVIEWER', 'APPLICANT'],
  terminateProject: ['PROGRAM_MANAGER'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type Decision = keyof typeof DECIDERS;

/** Decisions anyone may take, signed in or not: an objection during the public notice. */
export const PUBLIC_DECISIONS = ['fileObjection'] as const;

export type PublicDecision = (typeof PUBLIC_DECISIONS)[number];

export function isPublicDecision(decision: string): decision is PublicDecision {
  return (PUBLIC_DECISIONS as readonly string[]).includes(decision);
}

export function mayDecide(role: string, decision: Decision): boolean {
  return (DECIDERS[decision] as readonly string[]).includes(role);
}

/**
 * The roles that may take `decision`, narrowed to `only` when given (a portal workspace serves
 * one role). Naming a role the table does not allow is a programming error and throws, so that
 * a page can never open a decision to someone the workflow would refuse.
 */
export function decidersOf(decision: Decision, only: readonly Role[] = []): readonly Role[] {
  const allowed: readonly Role[] = DECIDERS[decision];
  const stray = only.filter((r) => !allowed.includes(r));
  if (stray.length > 0) throw new Error(`${stray.join(', ')} may not decide ${decision} (workflows/rules/deciders.ts)`);
  return only.length > 0 ? allowed.filter((r) => only.includes(r)) : allowed;
}

/**
 * Decisions kept in PostgreSQL rather than in a workflow, each taken by two people (四眼原则):
 * one of these roles proposes, a different one of the same roles, whose region covers the case,
 * confirms or refuses; nothing changes until then. 列入或移出失信名单 is one such decision.
 */
export const TWO_PERSON_DECIDERS = {
  creditChange: ['REVIEWER'],
} as const satisfies Readonly<Record<string, readonly Role[]>>;

export type TwoPersonDecision = keyof typeof TWO_PERSON_DECIDERS;

/** Why this person may not confirm or refuse this proposal, or null when they may. */
export function secondPersonRefusal(
  decision: TwoPersonDecision,
  proposerId: string,
  decider: { id: string; role: string },
): { zh: string; en: string } | null {
  if (!(TWO_PERSON_DECIDERS[decision] as readonly string[]).includes(decider.role)) {
    return { zh: '无权确认此项变更', en: 'this role may not confirm the change' };
  }
  if (decider.id === proposerId) {
    return {
      zh: '提出人不能确认或驳回自己提出的变更，须由另一名审核人员确认',
      en: 'the proposer cannot confirm their own proposal; a second reviewer must',
    };
  }
  return null;
}

/** Who keeps the national holiday calendar (节假日安排), which sets notice periods everywhere. */
export const NATIONAL_CALENDAR_EDITORS = ['ADMIN'] as const satisfies readonly Role[];
