import { ROLES } from '@workflows/rules';
import type { Role } from '@generated/prisma/enums';

/** The inbox, in every role's workspace. */
export const INBOX_PATH = '/inbox';

/** Where the desk's workspace items lead: every role's 消息通知, the admin's accounts, calendar and (read only) the dashboard. */
export const DESK_WORKSPACE_LINKS: Readonly<Partial<Record<Role, Readonly<Record<string, string>>>>> = Object.fromEntries(
  ROLES.map((role) => [
    role,
    {
      notifications: INBOX_PATH,
      ...(role === 'ADMIN' && { users: '/admin/users', calendar: '/admin/calendar', dashboards: '/manage/dashboard' }),
    },
  ]),
);

/**
 * Where a notification about an application leads, for the person it was sent to: the page of
 * their own area that shows that application (an expert's assignment, a manager's project…).
 */
export function notificationHref(role: Role, kind: string, applicationId: string | null): string | undefined {
  if (!applicationId) return undefined;
  switch (role) {
    case 'APPLICANT':
      return `/my/applications/${applicationId}`;
    case 'REVIEWER':
      if (kind === 'eligibility.awaiting') return `/reviewer/eligibility/${applicationId}`;
      if (kind === 'objection.filed') return '/reviewer/objections';
      return `/reviewer/projects/${applicationId}`;
    case 'EXPERT':
      return `/expert/assignments/${applicationId}`;
    case 'EVALUATOR':
      return `/evaluator/projects/${applicationId}`;
    case 'PROGRAM_MANAGER':
      return `/manage/projects/${applicationId}`;
    case 'FINANCE':
      return '/finance-desk';
    default:
      return undefined;
  }
}
