import { ROLES } from '@workflows/rules';
import { APPLICANT_WORKSPACE_LINKS } from './applicant/workspace-links';
import { DESK_WORKSPACE_LINKS } from './desk/desk-links';
import { OFFICE_WORKSPACE_LINKS } from './office/office-links';
import { REVIEW_WORKSPACE_LINKS } from './review/review-workspace';
import type { Role } from '@generated/prisma/enums';

/**
 * What each role finds in its workspace, in order; each item leads to the page of the area that
 * built it (WORKSPACE_LINKS). The administrator keeps accounts, the calendar, failed mail and the
 * dashboard: organizations are verified by the reviewers of their region and rounds are run by
 * the program managers, so the admin's workspace does not offer either.
 */
export const WORKSPACE_ITEMS: Readonly<Record<Role, readonly string[]>> = {
  APPLICANT: ['organization', 'eligibleRounds', 'applications', 'agreements', 'reports', 'evaluations', 'notifications', 'mailSettings'],
  REVIEWER: [
    'eligibility',
    'objections',
    'reports',
    'changes',
    'agreements',
    'govEvaluations',
    'credit',
    'projects',
    'notifications',
    'mailSettings',
  ],
  EXPERT: ['assignments', 'ties', 'notifications', 'mailSettings'],
  FINANCE: ['tranches', 'ledger', 'notifications', 'mailSettings'],
  EVALUATOR: ['evaluations', 'notifications', 'mailSettings'],
  PROGRAM_MANAGER: ['rounds', 'panels', 'notices', 'dashboards', 'notifications', 'mailSettings'],
  ADMIN: ['users', 'calendar', 'failedMail', 'dashboards', 'notifications', 'mailSettings'],
};

/** Where each role's items lead, from the areas that built them; every item has one (desk.spec.ts). */
export const WORKSPACE_LINKS: Partial<Record<Role, Readonly<Record<string, string>>>> = Object.fromEntries(
  ROLES.map((role) => [
    role,
    Object.assign(
      {},
      ...[APPLICANT_WORKSPACE_LINKS, REVIEW_WORKSPACE_LINKS, OFFICE_WORKSPACE_LINKS, DESK_WORKSPACE_LINKS].map((area) => area[role] ?? {}),
    ) as Readonly<Record<string, string>>,
  ]),
);
