import type { Role } from '@generated/prisma/enums';

/** Where each workspace item of the office roles leads (keys of WORKSPACE_ITEMS). */
export const OFFICE_WORKSPACE_LINKS: Readonly<Partial<Record<Role, Readonly<Record<string, string>>>>> = {
  FINANCE: { tranches: '/finance-desk', ledger: '/finance-desk#ledger' },
  PROGRAM_MANAGER: {
    rounds: '/manage/rounds',
    panels: '/manage/rounds?status=EXPERT_REVIEW',
    notices: '/manage/rounds?status=NOTICE',
    dashboards: '/manage/dashboard',
  },
};
