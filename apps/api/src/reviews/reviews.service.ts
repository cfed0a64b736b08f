import { Injectable } from '@nestjs/common';
import {
  adjustAward, approveResults, closePanel, declineAssignment, formPanel, publishNotice, roundWorkflowId, RoundState, submitScores,
} from '../../../../workflows/messages';
import { inStaffRegion } from '../common/access';
import { audit } from '../common/audit';
import type { AuthUser } from '../common/auth/auth-user';
import { actorOf, Decisions } from '../common/decisions';
import { NotFoundError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { AssignmentQuery, AwardAdjustmentDto, DeclineDto, FormPanelDto, ScoresDto, TieDto } from './reviews.dto';

const RESULTS_VISIBLE = ['RANKED', 'NOTICE', 'FINALIZED'];

/** Round-wide review steps: panel, scoring, ranking and awards, notice, approval. */
@Injectable()
export class ReviewsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly decisions: Decisions,
  ) {}

  async formPanel(user: AuthUser, roundId: string, dto: FormPanelDto): Promise<RoundState> {
    await this.requireRound(user, roundId);
    return this.decisions.send(roundWorkflowId(roundId), formPanel, [{ actor: actorOf(user), expertIds: dto.expertIds }], () => this.statusOf(roundId));
  }

  async roundAction(user: AuthUser, roundId: string, action: 'closePanel' | 'publishNotice' | 'approveResults'): Promise<RoundState> {
    await this.requireRound(user, roundId);
    const update = { closePanel, publishNotice, approveResults }[action];
    return this.decisions.send(roundWorkflowId(roundId), update, [{ actor: actorOf(user) }], () => this.statusOf(roundId));
  }

  async adjustAward(user: AuthUser, roundId: string, dto: AwardAdjustmentDto): Promise<RoundState> {
    await this.requireRound(user, roundId);
    return this.decisions.send(roundWorkflowId(roundId), adjustAward, [{ actor: actorOf(user), ...dto }], () => this.statusOf(roundId));
  }

  /** Ranking with every score, for bureau staff once the panel has closed. */
  async ranking(user: AuthUser, roundId: string) {
    const round = await this.requireRound(user, roundId);
    if (!RESULTS_VISIBLE.includes(round.status)) return { status: round.status, entries: [] };
    const apps = await this.prisma.application.findMany({
      where: { roundId, finalScore: { not: null } },
      include: { organization: { select: { name: true } }, assignments: { where: { status: 'SUBMITTED' }, select: { expertId: true, total: true } } },
      orderBy: [{ rank: { sort: 'asc', nulls: 'last' } }, { finalScore: 'desc' }],
    });
    return {
      status: round.status,
      entries: apps.map((a) => ({
        applicationId: a.id, title: a.title, organizationName: a.organization.name, stage: a.stage, rank: a.rank,
        finalScore: a.finalScore?.toFixed(2), requested: a.requestedAmount.toFixed(2), award: a.award?.toFixed(2) ?? '0.00',
        expertTotals: a.assignments.map((s) => s.total!.toFixed(2)),
      })),
    };
  }

  async myAssignments(user: AuthUser, q: AssignmentQuery): Promise<Page<unknown>> {
    const where = { expertId: user.id, ...(q.status && { status: q.status }), ...(q.roundId && { roundId: q.roundId }) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.assignment.findMany({
        where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], ...pageArgs(q),
        include: { application: { select: { title: true, category: true, requestedAmount: true } } },
      }),
      this.prisma.assignment.count({ where }),
    ]);
    return {
      items: items.map((a) => ({
        id: a.id, roundId: a.roundId, applicationId: a.applicationId, status: a.status, title: a.application.title,
        category: a.application.category, requestedAmount: a.application.requestedAmount.toFixed(2),
        total: a.total?.toFixed(2) ?? null, scores: a.scores, comments: a.comments, submittedAt: a.submittedAt?.toISOString() ?? null,
      })),
      total, page: q.page, pageSize: q.pageSize,
    };
  }

  async decline(user: AuthUser, applicationId: string, dto: DeclineDto): Promise<RoundState> {
    const a = await this.requireAssignment(user, applicationId);
    return this.decisions.send(roundWorkflowId(a.roundId), declineAssignment, [{ actor: actorOf(user), applicationId, reason: dto.reason }], () => this.statusOf(a.roundId));
  }

  async score(user: AuthUser, applicationId: string, dto: ScoresDto): Promise<{ total: string }> {
    const a = await this.requireAssignment(user, applicationId);
    return this.decisions.send(roundWorkflowId(a.roundId), submitScores, [{ actor: actorOf(user), applicationId, scores: dto.scores, comments: dto.comments ?? {} }], () => this.statusOf(a.roundId));
  }

  /** 利益关联申报: an expert declares a tie before (or during) review; it is never assigned there. */
  async declareTie(user: AuthUser, dto: TieDto) {
    if (!(await this.prisma.organization.findUnique({ where: { id: dto.organizationId } }))) throw new NotFoundError('Organization', dto.organizationId);
    return this.prisma.$transaction(async (tx) => {
      const tie = await tx.expertTie.upsert({
        where: { expertId_organizationId: { expertId: user.id, organizationId: dto.organizationId } },
        create: { expertId: user.id, ...dto }, update: { reason: dto.reason },
      });
      await audit(tx, user, { entityType: 'User', entityId: user.id, action: 'expert.tieDeclared', reason: dto.reason, data: { organizationId: dto.organizationId } });
      return tie;
    });
  }

  myTies(user: AuthUser) {
    return this.prisma.expertTie.findMany({ where: { expertId: user.id }, orderBy: { createdAt: 'asc' } });
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

  private async statusOf(roundId: string): Promise<string> {
    return (await this.prisma.round.findUnique({ where: { id: roundId }, select: { status: true } }))?.status ?? 'UNKNOWN';
  }
}
