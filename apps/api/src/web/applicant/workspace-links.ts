import type { Role } from '@generated/prisma/enums';

/** Where the applicant's workspace items lead (keys of WORKSPACE_ITEMS in web-workspace.ts). */
export const APPLICANT_WORKSPACE_LINKS: Partial<Record<Role, Readonly<Record<string, string>>>> = {
  APPLICANT: {
    organization: '/my/organizations',
    eligibleRounds: '/my/rounds',
    applications: '/my/applications',
    agreements: '/my/applications?view=agreements',
    reports: '/my/applications?view=reports',
    evaluations: '/my/applications?view=evaluations',
  },
};
