import { Injectable } from '@nestjs/common';
import {
  approveTranche,
  assignEvaluator,
  cancelTranche,
  ChangeInput,
  decideChange,
  fileEvaluation,
  ImplementationState,
  projectWorkflowId,
  requestChange,
  requestTranche,
  reviewReport,
  submitReport,
  terminateProject,
} from '@workflows/messages';
import {
  formatMoney,
  sumMoney,
  IMPLEMENTING_STAGES,
  inGroup,
  nameOnRecord,
  PROJECT_END_STAGES,
  TWO_WAY_EVALUATION_KINDS,
} from '@workflows/rules';
import { ApplicationAccess } from '../applications/application-access';
import { REPORT_ATTACHMENT_KINDS } from '../applications/attachment-rules';
import { staffRegionFilter } from '../common/access';
import { actorOf, Decisions } from '../common/decisions';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { peopleByIds, seenBy, seesStaffIds } from '../common/people';
import { PrismaService } from '../common/prisma.service';
import { APPLICANT_IMPLEMENTATION_STATE, type ApplicantImplementationState } from './implementation-state.dto';
import {
  ChangeDecidedView,
  ChangeRequestedView,
  ChangeView,
  EvaluationFiledView,
  EvaluationView,
  mapChange,
  ProjectView,
  PublicProjectView,
  TrancheQueueItemView,
} from './project-views.dto';
import { ChangeDecisionDto, ChangeDto, EvaluationDto, ReportDto, ReportReviewDto, TrancheQuery } from './projects.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';
import type { UpdateDefinition } from '@temporalio/common';

type ImplementationAnswer = Promise<ImplementationState | ApplicantImplementationState>;

const money = (d: { toFixed(n: number): string } | null | undefined) => (d ? d.toFixed(2) : null);

/** A funded project in implementation: tranches, reports, changes, evaluations, termination. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
    private readonly decisions: Decisions,
  ) {}

  async get(user: AuthUser, id: string) {
    const app = await this.access.require(user, id);
    const [tranches, reports, payments, recovery, credit] = await Promise.all([
      this.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } }),
      this.prisma.report.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } }),
      this.prisma.payment.findMany({ where: { applicationId: id }, orderBy: { trancheSeq: 'asc' } }),
      this.prisma.recovery.findUnique({ where: { applicationId: id } }),
      this.prisma.creditRecord.findUnique({ where: { applicationId: id } }),
    ]);
    return {
      id,
      title: app.title,
      stage: app.stage,
      award: money(app.award),
      flagged: app.flagged,
      evaluatorId: app.evaluatorId,
      termStartsAt: app.termStartsAt?.toISOString() ?? null,
      termEndsAt: app.termEndsAt?.toISOString() ?? null,
      tranches: tranches.map((t) => ({
        seq: t.seq,
        stage: t.stage,
        percent: t.percent,
        amount: t.amount.toFixed(2),
        status: t.status,
        requestedById: t.requestedById,
        approvedById: t.approvedById,
        paidAt: t.paidAt?.toISOString() ?? null,
        paymentRef: t.paymentRef,
      })),
      paidTotal: formatMoney(sumMoney(payments.map((p) => p.amount.toFixed(2)))),
      reports: reports.map((r) => ({
        seq: r.seq,
        kind: r.kind,
        dueAt: r.dueAt.toISOString(),
        status: r.status,
        attachmentIds: r.attachmentIds,
        remindedAt: r.remindedAt?.toISOString() ?? null,
        escalatedAt: r.escalatedAt?.toISOString() ?? null,
        reviewNote: r.reviewNote,
        revisionDeadline: r.revisionDeadline?.toISOString() ?? null,
      })),
      recovery: recovery ? { amount: recovery.amount.toFixed(2), reason: recovery.reason, status: recovery.status } : null,
      credit: credit ? { kind: credit.kind, grade: credit.grade, note: credit.note } : null,
    };
  }

  /** The project as the caller may see it: an applicant sees who acted by role and name, staff the ids their tools work with. */
  async view(user: AuthUser, id: string): Promise<ProjectView> {
    const project = await this.get(user, id);
    if (seesStaffIds(user)) return project;
    const people = await peopleByIds(this.prisma, [
      project.evaluatorId,
      ...project.tranches.flatMap((t) => [t.requestedById, t.approvedById]),
    ]);
    const who = (userId: string | null) => (userId ? (people.get(userId) ?? null) : null);
    const { evaluatorId, tranches, ...rest } = project;
    return {
      ...rest,
      evaluator: who(evaluatorId),
      tranches: tranches.map(({ requestedById, approvedById, ...t }) => ({
        ...t,
        requestedBy: who(requestedById),
        approvedBy: who(approvedById),
      })),
    };
  }

  async tranches(user: AuthUser, q: TrancheQuery): Promise<Page<TrancheQueueItemView>> {
    const region = staffRegionFilter(user);
    const where: Prisma.TrancheWhereInput = {
      ...(q.status && { status: q.status }),
      application: { ...(q.roundId && { roundId: q.roundId }), ...(region && { round: { regionCode: region } }) },
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.tranche.findMany({
        where,
        orderBy: [{ dueAt: 'asc' }, { applicationId: 'asc' }, { seq: 'asc' }],
        ...pageArgs(q),
        include: { application: { select: { title: true, organization: { select: { name: true } } } } },
      }),
      this.prisma.tranche.count({ where }),
    ]);
    return {
      items: items.map((t) => ({
        applicationId: t.applicationId,
        seq: t.seq,
        stage: t.stage,
        amount: t.amount.toFixed(2),
        status: t.status,
        title: t.application.title,
        organizationName: t.application.organization.name,
        dueAt: t.dueAt?.toISOString() ?? null,
        requestedById: t.requestedById,
        paidAt: t.paidAt?.toISOString() ?? null,
        paymentRef: t.paymentRef,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async tranche(user: AuthUser, id: string, seq: number, action: 'request' | 'approve'): ImplementationAnswer {
    await this.access.require(user, id);
    return this.decide(user, id, action === 'request' ? requestTranche : approveTranche, [{ actor: actorOf(user), seq }]);
  }

  async cancelTranche(user: AuthUser, id: string, seq: number, reason: string): ImplementationAnswer {
    await this.access.require(user, id);
    return this.decide(user, id, cancelTranche, [{ actor: actorOf(user), seq, reason }]);
  }

  async submitReport(user: AuthUser, id: string, seq: number, dto: ReportDto): ImplementationAnswer {
    await this.access.requireMember(user, id);
    const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
    if (attachmentIds.length > 0) {
      const found = await this.prisma.attachment.count({
        where: { id: { in: attachmentIds }, applicationId: id, kind: { in: REPORT_ATTACHMENT_KINDS } },
      });
      if (found !== attachmentIds.length) {
        throw new ValidationFailedError([
          { field: 'attachmentIds', rule: 'projectEvidence', message: 'attachmentIds: 只能引用本项目已上传的报告佐证材料或支出凭证' },
        ]);
      }
    }
    const report = {
      indicators: dto.indicators.map((x) => ({ ...x })),
      spending: dto.spending.map((x) => ({ ...x })),
      narrative: dto.narrative,
      attachmentIds,
    };
    return this.decide(user, id, submitReport, [{ actor: actorOf(user), seq, report }]);
  }

  async reviewReport(user: AuthUser, id: string, seq: number, dto: ReportReviewDto): ImplementationAnswer {
    await this.access.require(user, id);
    return this.decide(user, id, reviewReport, [
      { actor: actorOf(user), seq, decision: dto.decision, note: dto.note ?? '', revisionDeadline: dto.revisionDeadline },
    ]);
  }

  async requestChange(user: AuthUser, id: string, dto: ChangeDto): Promise<ChangeRequestedView> {
    await this.access.requireMember(user, id);
    let change: ChangeInput;
    if (dto.kind === 'REALLOCATION') {
      if (!dto.budgetLines)
        throw new ValidationFailedError([
          { field: 'budgetLines', rule: 'required', message: 'budgetLines: 预算调整须提交调整后的预算明细' },
        ]);
      change = { kind: 'REALLOCATION', budgetLines: dto.budgetLines.map((l) => ({ ...l })), reason: dto.reason };
    } else {
      if (!dto.newEndsAt)
        throw new ValidationFailedError([{ field: 'newEndsAt', rule: 'required', message: 'newEndsAt: 延期须填写新的结束时间' }]);
      change = { kind: 'EXTENSION', newEndsAt: new Date(dto.newEndsAt).toISOString(), reason: dto.reason };
    }
    return this.decisions.send(projectWorkflowId(id), requestChange, [{ actor: actorOf(user), change }], this.stageOf(id));
  }

  async decideChange(user: AuthUser, id: string, changeId: string, dto: ChangeDecisionDto): Promise<ChangeDecidedView> {
    await this.access.require(user, id);
    if (!(await this.prisma.changeRequest.findFirst({ where: { id: changeId, applicationId: id } })))
      throw new NotFoundError('ChangeRequest', changeId);
    return this.decisions.send(
      projectWorkflowId(id),
      decideChange,
      [{ actor: actorOf(user), changeId, approve: dto.decision === 'APPROVE', reason: dto.reason }],
      this.stageOf(id),
    );
  }

  async changes(user: AuthUser, id: string): Promise<ChangeView[]> {
    await this.access.require(user, id);
    const rows = await this.prisma.changeRequest.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' } });
    const changes = rows.map(mapChange);
    if (seesStaffIds(user)) return changes;
    const people = await peopleByIds(
      this.prisma,
      changes.map((c) => c.decidedById),
    );
    return changes.map(({ decidedById, ...c }) => ({ ...c, decidedBy: decidedById ? (people.get(decidedById) ?? null) : null }));
  }

  async assignEvaluator(user: AuthUser, id: string, evaluatorId: string): ImplementationAnswer {
    await this.access.require(user, id);
    return this.decide(user, id, assignEvaluator, [{ actor: actorOf(user), evaluatorId }]);
  }

  async fileEvaluation(user: AuthUser, id: string, dto: EvaluationDto): Promise<EvaluationFiledView> {
    await this.access.require(user, id);
    return this.decisions.send(
      projectWorkflowId(id),
      fileEvaluation,
      [{ actor: actorOf(user), kind: dto.kind, scores: dto.scores, comments: dto.comments ?? {}, summary: dto.summary }],
      this.stageOf(id),
    );
  }

  /**
   * Evaluations as the caller may see them: each side of the two-way evaluation sees the
   * other's only once both have filed; staff see everything.
   */
  async evaluations(user: AuthUser, id: string): Promise<EvaluationView[]> {
    await this.access.require(user, id);
    const all = await this.prisma.evaluation.findMany({ where: { applicationId: id }, orderBy: { filedAt: 'asc' } });
    const bothFiled = TWO_WAY_EVALUATION_KINDS.every((k) => all.some((e) => e.kind === k));
    const hidden = (kind: string) =>
      !bothFiled &&
      ((user.role === 'APPLICANT' && kind === 'GOV_ON_ORG') ||
        (user.role !== 'APPLICANT' && user.role !== 'ADMIN' && user.role !== 'PROGRAM_MANAGER' && kind === 'ORG_ON_GOV'));
    return all
      .filter((e) => !hidden(e.kind))
      .map((e) => ({
        kind: e.kind,
        attempt: e.attempt,
        grade: e.grade,
        total: e.total.toFixed(2),
        summary: e.summary,
        scores: e.scores as Record<string, number>,
        filedAt: e.filedAt.toISOString(),
      }));
  }

  async terminate(user: AuthUser, id: string, reason: string): ImplementationAnswer {
    await this.access.require(user, id);
    return this.decide(user, id, terminateProject, [{ actor: actorOf(user), reason }]);
  }

  /** 项目结果公开页: award, grades and outcome once the project has ended. */
  async publicResult(id: string): Promise<PublicProjectView> {
    const app = await this.prisma.application.findFirst({
      where: { id, stage: { in: [...IMPLEMENTING_STAGES] } },
      include: { organization: { select: { name: true } }, round: { select: { name: true, issuingBureau: true } }, evaluations: true },
    });
    if (!app) throw new NotFoundError('Project', id);
    const ended = inGroup(PROJECT_END_STAGES, app.stage);
    return {
      id,
      title: app.title,
      organizationName: nameOnRecord(app, app.organization.name),
      round: app.round.name,
      issuingBureau: app.round.issuingBureau,
      category: app.category,
      award: money(app.award),
      stage: app.stage,
      evaluations: ended
        ? app.evaluations.map((e) => ({ kind: e.kind, attempt: e.attempt, grade: e.grade, total: e.total.toFixed(2) }))
        : [],
    };
  }

  /**
   * A decision whose answer is the implementation state, answered as the caller may see it: staff
   * as the workflow keeps it, an applicant with the people by role and name, never their ids.
   */
  private async decide<Args extends [unknown, ...unknown[]]>(
    user: AuthUser,
    id: string,
    update: UpdateDefinition<ImplementationState, Args>,
    args: Args,
  ): ImplementationAnswer {
    const state = await this.decisions.send(projectWorkflowId(id), update, args, this.stageOf(id));
    return seenBy(this.prisma, user, state, APPLICANT_IMPLEMENTATION_STATE);
  }

  private stageOf(id: string) {
    return async () => (await this.prisma.application.findUnique({ where: { id }, select: { stage: true } }))?.stage ?? 'UNKNOWN';
  }
}
