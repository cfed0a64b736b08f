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
} as const;

export type RoundStatus = keyof typeof RoundStatus;

export const ROUND_STATUS_LABELS: Readonly<Record<RoundStatus, Label>> = {
  DRAFT: { zh: '草稿', en: 'draft' },
  PUBLISHED: { zh: '已发布（待开放）', en: 'published' },
  OPEN: { zh: '申报中', en: 'open for applications' },
  CLOSED: { zh: '申报截止', en: 'closed' },
};

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

export function isRoundStatus(value: unknown): value is RoundStatus {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RoundStatus, value);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(Role, value);
}
