/**
 * Round statuses and user roles, each in one place with the labels the UI, documents and
 * error messages use. Values equal their keys so that they can be stored and sent as-is.
 */

export interface Label {
  zh: string;
  en: string;
}

export const RoundStatus = {
  DRAFT: 'DRAFT',
  PUBLISHED: 'PUBLISHED',
  OPEN: 'OPEN',
  CLOSED: 'CLOSED',
  EXPERT_REVIEW: 'EXPERT_REVIEW',
  RANKED: 'RANKED',
  NOTICE: 'NOTICE',
  FINALIZED: 'FINALIZED',
} as const;

export type RoundStatus = keyof typeof RoundStatus;

export const ROUND_STATUS_LABELS: Readonly<Record<RoundStatus, Label>> = {
  DRAFT: { zh: '草稿', en: 'draft' },
  PUBLISHED: { zh: '已发布（待开放）', en: 'published' },
  OPEN: { zh: '申报中', en: 'open for applications' },
  CLOSED: { zh: '申报截止', en: 'closed' },
  EXPERT_REVIEW: { zh: '专家评审中', en: 'expert review' },
  RANKED: { zh: '评审结果待公示', en: 'ranked, awaiting notice' },
  NOTICE: { zh: '公示中', en: 'public notice' },
  FINALIZED: { zh: '立项结果已确定', en: 'results final' },
};

/** Stages of one application, from draft to signed agreement (later issues add the rest). */
export const ProjectStage = {
  DRAFT: 'DRAFT',
  ELIGIBILITY_REVIEW: 'ELIGIBILITY_REVIEW',
  RETURNED: 'RETURNED',
  WITHDRAWN: 'WITHDRAWN',
  REJECTED: 'REJECTED',
  ELIGIBLE: 'ELIGIBLE',
  EXPERT_REVIEW: 'EXPERT_REVIEW',
  RANKED: 'RANKED',
  PUBLIC_NOTICE: 'PUBLIC_NOTICE',
  REMOVED_BY_OBJECTION: 'REMOVED_BY_OBJECTION',
  NOT_FUNDED: 'NOT_FUNDED',
  APPROVED: 'APPROVED',
  AGREEMENT_SIGNED: 'AGREEMENT_SIGNED',
  IMPLEMENTATION: 'IMPLEMENTATION',
  RECTIFICATION: 'RECTIFICATION',
  FINAL_EVALUATION: 'FINAL_EVALUATION',
  CLOSING: 'CLOSING',
  CLOSED: 'CLOSED',
  TERMINATED: 'TERMINATED',
} as const;

export type ProjectStage = keyof typeof ProjectStage;

export const PROJECT_STAGE_LABELS: Readonly<Record<ProjectStage, Label>> = {
  DRAFT: { zh: '草稿', en: 'draft' },
  ELIGIBILITY_REVIEW: { zh: '资格审查中', en: 'eligibility review' },
  RETURNED: { zh: '退回补正', en: 'returned for revision' },
  WITHDRAWN: { zh: '已撤回（逾期未补正）', en: 'withdrawn' },
  REJECTED: { zh: '不予受理', en: 'rejected' },
  ELIGIBLE: { zh: '资格审查通过', en: 'eligible' },
  EXPERT_REVIEW: { zh: '专家评审中', en: 'expert review' },
  RANKED: { zh: '评审完成', en: 'scored and ranked' },
  PUBLIC_NOTICE: { zh: '公示中', en: 'in public notice' },
  REMOVED_BY_OBJECTION: { zh: '异议成立，取消入围', en: 'removed after an upheld objection' },
  NOT_FUNDED: { zh: '未获资助', en: 'not funded' },
  APPROVED: { zh: '已立项（待签协议）', en: 'approved, agreement to sign' },
  AGREEMENT_SIGNED: { zh: '协议已签订', en: 'agreement signed' },
  IMPLEMENTATION: { zh: '实施中', en: 'in implementation' },
  RECTIFICATION: { zh: '整改中', en: 'in rectification' },
  FINAL_EVALUATION: { zh: '结项评估中', en: 'final evaluation' },
  CLOSING: { zh: '结项拨付中', en: 'closing, final tranche' },
  CLOSED: { zh: '已结项', en: 'closed' },
  TERMINATED: { zh: '已终止', en: 'terminated' },
};

/** Stages after which nothing more happens to an application in this round. */
export const FINAL_PROJECT_STAGES: readonly ProjectStage[] = [
  'WITHDRAWN',
  'REJECTED',
  'REMOVED_BY_OBJECTION',
  'NOT_FUNDED',
  'CLOSED',
  'TERMINATED',
];

// Stage groups: which stages count as what, each written here once and read by the API, the
// portal, the activities and the workflows alike.

/** The application phase, from draft to signed agreement (the project workflow's; implementation follows). */
export const APPLICATION_PHASE_STAGES: readonly ProjectStage[] = [
  'DRAFT',
  'ELIGIBILITY_REVIEW',
  'RETURNED',
  'WITHDRAWN',
  'REJECTED',
  'ELIGIBLE',
  'EXPERT_REVIEW',
  'RANKED',
  'PUBLIC_NOTICE',
  'REMOVED_BY_OBJECTION',
  'NOT_FUNDED',
  'APPROVED',
  'AGREEMENT_SIGNED',
];

/** The stage a round-wide step gives a project still in the running. */
export function stageAfterRoundEvent(e: {
  type: 'EXPERT_REVIEW_STARTED' | 'RANKED' | 'NOTICE_PUBLISHED' | 'FUNDING_DECIDED';
  funded?: boolean;
}): ProjectStage {
  switch (e.type) {
    case 'EXPERT_REVIEW_STARTED':
      return 'EXPERT_REVIEW';
    case 'RANKED':
      return 'RANKED';
    case 'NOTICE_PUBLISHED':
      return 'PUBLIC_NOTICE';
    case 'FUNDING_DECIDED':
      return e.funded ? 'APPROVED' : 'NOT_FUNDED';
  }
}

/** The applicant may still edit the application and its attachments: a draft, or returned for revision. */
export const EDITABLE_STAGES: readonly ProjectStage[] = ['DRAFT', 'RETURNED'];

/**
 * With the applicant (a draft, or returned for revision): the organization's alone until it is
 * submitted, so bureau staff, experts and evaluators find nothing of it (404).
 */
export const WITH_APPLICANT_STAGES: readonly ProjectStage[] = EDITABLE_STAGES;

/** The term is running: reports are due, project attachments are uploaded and changes may be requested. */
export const IN_TERM_STAGES: readonly ProjectStage[] = ['IMPLEMENTATION', 'RECTIFICATION'];

/** How a funded project ends. */
export const PROJECT_END_STAGES: readonly ProjectStage[] = ['CLOSED', 'TERMINATED'];

/** Implementing or done with it: the project has tranches, reports and evaluations (ended projects included). */
export const IMPLEMENTING_STAGES: readonly ProjectStage[] = [...IN_TERM_STAGES, 'FINAL_EVALUATION', 'CLOSING', ...PROJECT_END_STAGES];

/** Signed and not yet ended: the agreement binds, and a manager may still act on the project. */
export const ACTIVE_PROJECT_STAGES: readonly ProjectStage[] = [
  'AGREEMENT_SIGNED',
  'IMPLEMENTATION',
  'RECTIFICATION',
  'FINAL_EVALUATION',
  'CLOSING',
];

/** Term over: the final evaluation, closing, and closed (a terminated project is not evaluated). */
export const EVALUATION_STAGES: readonly ProjectStage[] = ['FINAL_EVALUATION', 'CLOSING', 'CLOSED'];

/** 立项, before the term begins: the agreement is to sign, or signed. */
export const AGREEMENT_STAGES: readonly ProjectStage[] = ['APPROVED', 'AGREEMENT_SIGNED'];

/** 立项 and after, termination included: the award is committed money. */
export const COMMITTED_STAGES: readonly ProjectStage[] = [...AGREEMENT_STAGES, ...IMPLEMENTING_STAGES];

/** On the list of funded projects the notice published (公示名单), and not removed from it since. */
export const LISTED_STAGES: readonly ProjectStage[] = ['RANKED', 'PUBLIC_NOTICE', ...COMMITTED_STAGES];

/** Listed while the notice runs: an objection may be filed against the project. */
export const ON_NOTICE_STAGES: readonly ProjectStage[] = ['RANKED', 'PUBLIC_NOTICE'];

/** Submitted and being judged: from the eligibility review to the end of the public notice. */
export const UNDER_REVIEW_STAGES: readonly ProjectStage[] = ['ELIGIBILITY_REVIEW', 'ELIGIBLE', 'EXPERT_REVIEW', ...ON_NOTICE_STAGES];

export type TrancheStatus = 'PENDING' | 'DUE' | 'REQUESTED' | 'PAID' | 'CANCELLED' | 'WITHHELD';

export const TRANCHE_STATUS_LABELS: Readonly<Record<TrancheStatus, Label>> = {
  PENDING: { zh: '未到拨付条件', en: 'pending' },
  DUE: { zh: '待申请拨付', en: 'due' },
  REQUESTED: { zh: '待审批', en: 'requested' },
  PAID: { zh: '已拨付', en: 'paid' },
  CANCELLED: { zh: '已取消', en: 'cancelled' },
  WITHHELD: { zh: '暂停拨付（评估不合格）', en: 'withheld' },
};

export const TRANCHE_STATUSES = Object.keys(TRANCHE_STATUS_LABELS) as readonly TrancheStatus[];

export const Role = {
  APPLICANT: 'APPLICANT',
  REVIEWER: 'REVIEWER',
  EXPERT: 'EXPERT',
  FINANCE: 'FINANCE',
  EVALUATOR: 'EVALUATOR',
  PROGRAM_MANAGER: 'PROGRAM_MANAGER',
  ADMIN: 'ADMIN',
} as const;

export type Role = keyof typeof Role;

export const ROLE_LABELS: Readonly<Record<Role, Label>> = {
  APPLICANT: { zh: '申报单位', en: 'applicant' },
  REVIEWER: { zh: '民政审核人员', en: 'civil-affairs reviewer' },
  EXPERT: { zh: '评审专家', en: 'review expert' },
  FINANCE: { zh: '财务人员', en: 'finance officer' },
  EVALUATOR: { zh: '评估人员', en: 'evaluator' },
  PROGRAM_MANAGER: { zh: '项目管理员', en: 'program manager' },
  ADMIN: { zh: '系统管理员', en: 'system administrator' },
};

/** Published and not yet closed: the public sees the round and applicants may draft for it. */
export const ANNOUNCED_ROUND_STATUSES: readonly RoundStatus[] = ['PUBLISHED', 'OPEN'];

/** Ranked: the ranking exists and is shown to staff. */
export const RANKED_ROUND_STATUSES: readonly RoundStatus[] = ['RANKED', 'NOTICE', 'FINALIZED'];

/** The expert panel has been formed. */
export const PANEL_FORMED_ROUND_STATUSES: readonly RoundStatus[] = ['EXPERT_REVIEW', ...RANKED_ROUND_STATUSES];

/** The notice has been published: the round's list is public. */
export const NOTICED_ROUND_STATUSES: readonly RoundStatus[] = ['NOTICE', 'FINALIZED'];

/** True when `value` is in `group`; takes any string, as a stored row or a posted form carries it. */
export function inGroup(group: readonly string[], value: string | null | undefined): boolean {
  return typeof value === 'string' && group.includes(value);
}

export const ROLES = Object.values(Role) as readonly Role[];

export function isRoundStatus(value: unknown): value is RoundStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RoundStatus, value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(Role, value);
}
