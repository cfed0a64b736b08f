import { Injectable } from '@nestjs/common';
import { WITH_APPLICANT_STAGES } from '@workflows/rules';
import { inStaffRegion, staffRegionFilter } from '../common/access';
import { NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

const STAFF = ['REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE'];

/**
 * Who may see an application: its organization's members, bureau staff of the round's
 * region, and experts assigned to it. Everyone else gets 404, so existence does not leak.
 * A draft, and an application returned for revision, is its organization's alone until it is
 * (re)submitted: everyone but its members gets 404 for it, in lists and details alike.
 */
@Injectable()
export class ApplicationAccess {
  constructor(private readonly prisma: PrismaService) {}

  where(user: AuthUser): Prisma.ApplicationWhereInput {
    if (user.role === 'APPLICANT') return { organizationId: { in: user.organizationIds } };
    return { AND: [{ stage: { notIn: [...WITH_APPLICANT_STAGES] } }, this.othersWhere(user)] };
  }

  private othersWhere(user: AuthUser): Prisma.ApplicationWhereInput {
    if (user.role === 'EXPERT') return { assignments: { some: { expertId: user.id, status: { not: 'DECLINED' } } } };
    if (user.role === 'EVALUATOR') return { evaluatorId: user.id };
    if (STAFF.includes(user.role)) {
      const region = staffRegionFilter(user);
      return region ? { round: { regionCode: region } } : {};
    }
    return { id: { in: [] } };
  }

  async require(user: AuthUser, id: string) {
    const app = await this.prisma.application.findFirst({ where: { AND: [{ id }, this.where(user)] }, include: { round: true } });
    if (!app) throw new NotFoundError('Application', id);
    return app;
  }

  /** Applicants acting for the organization: only its members may write. */
  async requireMember(user: AuthUser, id: string) {
    const app = await this.require(user, id);
    if (user.role !== 'APPLICANT' || !user.organizationIds.includes(app.organizationId)) throw new NotFoundError('Application', id);
    return app;
  }

  staffMayDecide(user: AuthUser, regionCode: string): boolean {
    return STAFF.includes(user.role) && inStaffRegion(user, regionCode);
  }
}
