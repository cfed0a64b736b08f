import type { Role } from '@generated/prisma/enums';

/** Where the review roles' workspace items lead (keys of WORKSPACE_ITEMS in web-workspace.ts). */
export const REVIEW_WORKSPACE_LINKS: Partial<Record<Role, Readonly<Record<string, string>>>> = {
  REVIEWER: {
    eligibility: '/reviewer/eligibility',
    objections: '/reviewer/objections',
    reports: '/reviewer/reports',
    changes: '/reviewer/changes',
    agreements: '/reviewer/agreements',
    govEvaluations: '/reviewer/evaluations',
    credit: '/reviewer/credit',
    projects: '/reviewer/projects',
  },
  EXPERT: { assignments: '/expert/assignments', ties: '/expert/ties' },
  EVALUATOR: { evaluations: '/evaluator/projects' },
};
