import type { AuthUser } from './auth/auth-user';
import type { PrismaService } from './prisma.service';
import type { PersonView } from './views.dto';

/** Applicants see the people of the bureau by role and name only; staff keep the ids they work with. */
export const seesStaffIds = (user: AuthUser) => user.role !== 'APPLICANT';

export async function peopleByIds(prisma: PrismaService, ids: (string | null | undefined)[]): Promise<Map<string, PersonView>> {
  const wanted = [...new Set(ids.filter((x): x is string => !!x))];
  if (wanted.length === 0) return new Map();
  const users = await prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, role: true, displayName: true } });
  return new Map(users.map((u) => [u.id, { role: u.role, displayName: u.displayName }]));
}
