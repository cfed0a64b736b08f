import { Injectable } from '@nestjs/common';
import {
  adjustAward,
  approveResults,
  closePanel,
  declineAssignment,
  formPanel,
  projectWorkflowId,
  publishNotice,
  roundWorkflowId,
  RoundStepResult,
  submitScores,
} from '@workflows/messages';
import { inGroup, nameOnRecord, RANKED_ROUND_STATUSES } from '@workflows/rules';
import { inStaffRegion } from '../common/access';
import { audit } from '../common/audit';
import { actorOf, Decisions } from '../common/decisions';
import { NotFoundError } from '../common/errors';
import { Page, PageQuery, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { creditHistories } from '../organizations/credit-history';
import {
  AssignmentQuery,
  AssignmentView,
  AwardAdjustmentDto,
  DeclineDto,
  FormPanelDto,
  mapTie,
  RankingView,
  ScoresDto,
  TieDto,
  TieView,
} from './reviews.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

const ASSIGNED_APPLICATION = { title: true, category: true, requestedAmount: true, organizationId: true } as const;

/** Round-wide review steps: panel, scoring, ranking and awards, notice, approval. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly decisions: Decisions,
  ) {}

  async formPanel(user: AuthUser, roundId: string, dto: FormPanelDto): Promise<RoundStepResult> {
    await this.requireRound(user, roundId);
    return this.decisions.send(roundWorkflowId(roundId), formPanel, [{ actor: actorOf(user), expertIds: dto.expertIds }], () =>
      this.statusOf(roundId),
    );
  }

  async roundAction(user: AuthUser, roundId: string, action: 'closePanel' | 'publishNotice' | 'approveResults'): Promise<RoundStepResult> {
    await this.requireRound(user, roundId);
    const update = { closePanel, publishNotice, approveResults }[action];
    return this.decisions.send(roundWorkflowId(roundId), update, [{ actor: actorOf(user) }], () => this.statusOf(roundId));
  }

  /** A cut of one application's award: a decision about that application, taken by its own workflow. */
  async adjustAward(user: AuthUser, roundId: string, dto: AwardAdjustmentDto): Promise<{ applicationId: string; award: string }> {
    await this.requireRound(user, roundId);
    const app = await this.prisma.application.findFirst({ where: { id: dto.applicationId, roundId }, select: { id: true } });
    if (!app) throw new NotFoundError('Application', dto.applicationId);
    return this.decisions.send(projectWorkflowId(dto.applicationId), adjustAward, [{ actor: actorOf(user), ...dto }], () =>
      this.stageOf(dto.applicationId),
    );
  }

  /** Ranking with every score, for bureau staff once the panel has closed. */
  async ranking(user: AuthUser, roundId: string): Promise<RankingView> {
    const round = await this.requireRound(user, roundId);
    if (!inGroup(RANKED_ROUND_STATUSES, round.status)) return { status: round.status, entries: [] };
    const apps = await this.prisma.application.findMany({
      where: { roundId, finalScore: { not: null } },
      include: {
        organization: { select: { name: true } },
        assignments: { where: { status: 'SUBMITTED' }, select: { expertId: true, total: true } },
      },
      orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { finalScore: 'desc' }],
    });
    const credit = await creditHistories(
      this.prisma,
      apps.map((a) => a.organizationId),
    );
    return {
      status: round.status,
      entries: apps.map((a) => ({
        applicationId: a.id,
        title: a.title,
        organizationName: nameOnRecord(a, a.organization.name),
        stage: a.stage,
        rank: a.rank,
        finalScore: a.finalScore!.toFixed(2),
        requested: a.requestedAmount.toFixed(2),
        award: a.award?.toFixed(2) ?? '0.00',
        expertTotals: a.assignments.map((s) => s.total!.toFixed(2)),
        creditHistory: credit.get(a.organizationId) ?? [],
      })),
    };
  }

  /**
   * 评审进度: the panel's assignments per application and how many scores are in, for bureau
   * staff of the round's region. Scores themselves stay out until the panel closes (see ranking).
   */
  async panelProgress(user: AuthUser, roundId: string, q: PageQuery) {
    const round = await this.requireRound(user, roundId);
    const where = { roundId, assignments: { some: {} } };
    const [apps, total, counts] = await this.prisma.$transaction([
      this.prisma.application.findMany({
        where,
        orderBy: [{ title: 'asc' }, { id: 'asc' }],
        ...pageArgs(q),
        include: {
          organization: { select: { name: true } },
          assignments: { select: { expertId: true, status: true }, orderBy: { createdAt: 'asc' } },
        },
      }),
      this.prisma.application.count({ where }),
      this.prisma.assignment.groupBy({ by: ['status'], where: { roundId }, _count: { _all: true }, orderBy: { status: 'asc' } }),
    ]);
    const experts = await this.prisma.user.findMany({
      where: { id: { in: [...new Set(apps.flatMap((a) => a.assignments.map((s) => s.expertId)))] } },
      select: { id: true, displayName: true },
    });
    const name = new Map(experts.map((e) => [e.id, e.displayName]));
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, (c._count as { _all: number })._all])) as Partial<
      Record<string, number>
    >;
    return {
      status: round.status,
      assigned: byStatus.ASSIGNED ?? 0,
      submitted: byStatus.SUBMITTED ?? 0,
      declined: byStatus.DECLINED ?? 0,
      applications: {
        items: apps.map((a) => ({
          applicationId: a.id,
          title: a.title,
          organizationName: a.organization.name,
          stage: a.stage,
          assignments: a.assignments.map((s) => ({
            expertId: s.expertId,
            expertName: name.get(s.expertId) ?? s.expertId,
            status: s.status,
          })),
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      },
    };
  }

  async myAssignments(user: AuthUser, q: AssignmentQuery): Promise<Page<AssignmentView>> {
    const where = { expertId: user.id, ...(q.status && { status: q.status }), ...(q.roundId && { roundId: q.roundId }) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.assignment.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        ...pageArgs(q),
        include: { application: { select: ASSIGNED_APPLICATION } },
      }),
      this.prisma.assignment.count({ where }),
    ]);
    return { items: await this.withCredit(items), total, page: q.page, pageSize: q.pageSize };
  }

  /** One of the expert's own assignments, as listed by myAssignments; another expert's is 404. */
  async myAssignment(user: AuthUser, applicationId: string): Promise<AssignmentView> {
    const a = await this.prisma.assignment.findUnique({
      where: { applicationId_expertId: { applicationId, expertId: user.id } },
      include: { application: { select: ASSIGNED_APPLICATION } },
    });
    if (!a) throw new NotFoundError('Assignment', applicationId);
    return (await this.withCredit([a]))[0];
  }

  // The organization's earlier results (优秀 or 不合格) are part of what the panel weighs.
  private async withCredit(
    items: Prisma.AssignmentGetPayload<{ include: { application: { select: typeof ASSIGNED_APPLICATION } } }>[],
  ): Promise<AssignmentView[]> {
    const credit = await creditHistories(
      this.prisma,
      items.map((a) => a.application.organizationId),
    );
    return items.map((a) => ({
      id: a.id,
      roundId: a.roundId,
      applicationId: a.applicationId,
      organizationId: a.application.organizationId,
      status: a.status,
      title: a.application.title,
      category: a.application.category,
      requestedAmount: a.application.requestedAmount.toFixed(2),
      total: a.total?.toFixed(2) ?? null,
      scores: a.scores as Record<string, number> | null,
      comments: a.comments as Record<string, string> | null,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      creditHistory: credit.get(a.application.organizationId) ?? [],
    }));
  }

  // Scores and declines are decisions about one application: its own workflow takes them, so
  // experts scoring different applications at once never wait for each other.
  async decline(user: AuthUser, applicationId: string, dto: DeclineDto): Promise<{ replacementExpertId: string }> {
    await this.requireAssignment(user, applicationId);
    return this.decisions.send(
      projectWorkflowId(applicationId),
      declineAssignment,
      [{ actor: actorOf(user), applicationId, reason: dto.reason }],
      () => this.stageOf(applicationId),
    );
  }

  async score(user: AuthUser, applicationId: string, dto: ScoresDto): Promise<{ total: string }> {
    await this.requireAssignment(user, applicationId);
    return this.decisions.send(
      projectWorkflowId(applicationId),
      submitScores,
      [{ actor: actorOf(user), applicationId, scores: dto.scores, comments: dto.comments ?? {} }],
      () => this.stageOf(applicationId),
    );
  }

  /** 利益关联申报: an expert declares a tie before (or during) review; it is never assigned there. */
  async declareTie(user: AuthUser, dto: TieDto): Promise<TieView> {
    if (!(await this.prisma.organization.findUnique({ where: { id: dto.organizationId } })))
      throw new NotFoundError('Organization', dto.organizationId);
    return this.prisma.$transaction(async (tx) => {
      const tie = await tx.expertTie.upsert({
        where: { expertId_organizationId: { expertId: user.id, organizationId: dto.organizationId } },
        create: { expertId: user.id, ...dto },
        update: { reason: dto.reason },
      });
      await audit(tx, user, {
        entityType: 'User',
        entityId: user.id,
        action: 'expert.tieDeclared',
        reason: dto.reason,
        data: { organizationId: dto.organizationId },
      });
      return mapTie(tie);
    });
  }

  async myTies(user: AuthUser): Promise<TieView[]> {
    return (await this.prisma.expertTie.findMany({ where: { expertId: user.id }, orderBy: { createdAt: 'asc' } })).map(mapTie);
  }

  private async requireRound(user: AuthUser, roundId: string) {
    const round = await this.prisma.round.findUnique({ where: { id: roundId } });
    if (!round || !inStaffRegion(user, round.regionCode)) throw new NotFoundError('Round', roundId);
    return round;
  }

  private async requireAssignment(user: AuthUser, applicationId: string) {
    const a = await this.prisma.assignment.findUnique({ where: { applicationId_expertId: { applicationId, expertId: user.id } } });
    if (!a) throw new NotFoundError('Assignment', applicationId);
    return a;
  }

  private async stageOf(applicationId: string): Promise<string> {
    return (await this.prisma.application.findUnique({ where: { id: applicationId }, select: { stage: true } }))?.stage ?? 'UNKNOWN';
  }

  private async statusOf(roundId: string): Promise<string> {
    return (await this.prisma.round.findUnique({ where: { id: roundId }, select: { status: true } }))?.status ?? 'UNKNOWN';
  }
}
