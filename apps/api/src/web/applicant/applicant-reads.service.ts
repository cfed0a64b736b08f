import { Injectable } from '@nestjs/common';
import { AGREEMENT_STAGES, EDITABLE_STAGES, EVALUATION_STAGES, IN_TERM_STAGES, UNDER_REVIEW_STAGES } from '@workflows/rules';
import { ApplicationAccess } from '../../applications/application-access';
import { PrismaService } from '../../common/prisma.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';
import type { ProjectStage } from '@generated/prisma/enums';

/** The lists of the applicant's workspace, each a set of stages: what waits for the applicant there. */
export const APPLICATION_VIEWS: Record<string, readonly ProjectStage[] | undefined> = {
  all: undefined,
  drafts: EDITABLE_STAGES,
  review: UNDER_REVIEW_STAGES,
  agreements: AGREEMENT_STAGES,
  reports: IN_TERM_STAGES,
  evaluations: EVALUATION_STAGES,
};

export interface ApplicationRow {
  id: string;
  title: string;
  stage: string;
  roundName: string;
  organizationName: string;
  requestedAmount: string;
  award: string | null;
  updatedAt: string;
}

/**
 * 我的申报与项目: the applicant's applications across its organizations, filtered by stage set
 * and paged in the database. Scoped by ApplicationAccess.where, the same rule that scopes
 * GET /api/applications; the API's list filters one stage of the application phase only.
 */
@Injectable()
export class ApplicantReads {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
  ) {}

  async applications(user: AuthUser, view: string, page: number, pageSize: number): Promise<{ items: ApplicationRow[]; total: number }> {
    const stages = APPLICATION_VIEWS[view];
    const where: Prisma.ApplicationWhereInput = { AND: [this.access.where(user), stages ? { stage: { in: [...stages] } } : {}] };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.application.findMany({
        where,
        orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
        skip: (page - 1) * pageSize,
        take: pageSize,
        include: { round: { select: { name: true } }, organization: { select: { name: true } } },
      }),
      this.prisma.application.count({ where }),
    ]);
    return {
      total,
      items: items.map((a) => ({
        id: a.id,
        title: a.title,
        stage: a.stage,
        roundName: a.round.name,
        organizationName: a.organization.name,
        requestedAmount: a.requestedAmount.toFixed(2),
        award: a.award?.toFixed(2) ?? null,
        updatedAt: a.updatedAt.toISOString(),
      })),
    };
  }

  /** The application's round and organization, for headings and the form's choices, behind the same access check as the API. */
  async context(user: AuthUser, applicationId: string) {
    const app = await this.access.require(user, applicationId);
    const organization = await this.prisma.organization.findUniqueOrThrow({
      where: { id: app.organizationId },
      select: { id: true, name: true },
    });
    const r = app.round;
    return {
      round: {
        id: r.id,
        name: r.name,
        categories: r.categories,
        matchingFundsPercent: r.matchingFundsPercent,
        managementCapPercent: r.managementCapPercent,
        projectCeiling: r.projectCeiling.toFixed(2),
        closesAt: r.closesAt.toISOString(),
      },
      organization,
    };
  }
}
