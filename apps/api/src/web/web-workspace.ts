import { ROLES } from '@workflows/rules';
import { APPLICANT_WORKSPACE_LINKS } from './applicant/workspace-links';
import { DESK_WORKSPACE_LINKS } from './desk/desk-links';
import { OFFICE_WORKSPACE_LINKS } from './office/office-links';
import { REVIEW_WORKSPACE_LINKS } from './review/review-workspace';
import type { Role } from '@generated/prisma/enums';

/**
 * What each role will find in its workspace. Placeholders for now: the role workspaces are
 * built feature by feature, each replacing its entries here with links.
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
  ADMIN: ['users', 'organizations', 'calendar', 'failedMail', 'rounds', 'dashboards', 'notifications', 'mailSettings'],
};

/** Where each role's items lead, from the areas that built them; an item without a link is still to come. */
export const WORKSPACE_LINKS: Partial<Record<Role, Readonly<Record<string, string>>>> = Object.fromEntries(
  ROLES.map((role) => [
    role,
    Object.assign(
      {},
      ...[APPLICANT_WORKSPACE_LINKS, REVIEW_WORKSPACE_LINKS, OFFICE_WORKSPACE_LINKS, DESK_WORKSPACE_LINKS].map((area) => area[role] ?? {}),
    ) as Readonly<Record<string, string>>,
  ]),
);
