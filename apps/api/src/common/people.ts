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

/** A user id answered as role and name: null for no id, or for an id that names no user. */
export type Who = (id: string | null | undefined) => PersonView | null;

/** Looks the given ids up once and answers each as its person. */
export async function whoIs(prisma: PrismaService, ids: (string | null | undefined)[]): Promise<Who> {
  const people = await peopleByIds(prisma, ids);
  return (id) => (id ? (people.get(id) ?? null) : null);
}

/**
 * How an answer naming staff members by id is shown to an applicant: the ids it names, and the
 * answer with those people as role and name instead.
 */
export interface ApplicantView<T, A> {
  ids(answer: T): (string | null | undefined)[];
  view(answer: T, who: Who): A;
}

/** The answer as the caller may see it: as it is for staff; through `mapping` for an applicant. */
export async function seenBy<T, A>(prisma: PrismaService, user: AuthUser, answer: T, mapping: ApplicantView<T, A>): Promise<T | A> {
  if (seesStaffIds(user)) return answer;
  return mapping.view(answer, await whoIs(prisma, mapping.ids(answer)));
}
