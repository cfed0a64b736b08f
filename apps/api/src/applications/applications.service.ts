import { Injectable } from '@nestjs/common';
import {
  projectWorkflowId,
  ProjectWorkflowInput,
  decideEligibility,
  signAgreement,
  submitApplication,
  ProjectState,
} from '@workflows/messages';
import { ANNOUNCED_ROUND_STATUSES, EDITABLE_STAGES, eligibilityDecisionErrors, inGroup } from '@workflows/rules';
import { audit } from '../common/audit';
import { actorOf, Decisions } from '../common/decisions';
import { InvalidTransitionError, NotFoundError, StaleVersionError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { peopleByIds, seesStaffIds } from '../common/people';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import {
  ApplicationQuery,
  ApplicationView,
  CreateApplicationDto,
  EligibilityDecisionDto,
  mapApplication,
  UpdateApplicationDto,
} from './applications.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

const SEARCH_ORGANIZATIONS_MAX = 1000;

@Injectable()
export class ApplicationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
    private readonly decisions: Decisions,
  ) {}

  async create(user: AuthUser, dto: CreateApplicationDto): Promise<ApplicationView> {
    if (!user.organizationIds.includes(dto.organizationId)) throw new NotFoundError('Organization', dto.organizationId);
    const round = await this.prisma.round.findFirst({ where: { id: dto.roundId, status: { in: [...ANNOUNCED_ROUND_STATUSES] } } });
    if (!round)
      throw new ValidationFailedError([
        { field: 'roundId', rule: 'openRound', message: 'roundId: 该轮次不存在或不在申报期 / round is not open for applications' },
      ]);
    this.checkCategory(dto.category, round.categories);
    const { roundId, organizationId, budgetLines, indicators, milestones, ...fields } = dto;
    const app = await this.prisma.$transaction(async (tx) => {
      const created = await tx.application.create({
        data: {
          ...fields,
          budgetLines: plain(budgetLines),
          indicators: plain(indicators),
          milestones: plain(milestones),
          roundId,
          organizationId,
          createdById: user.id,
        },
      });
      await tx.application.update({ where: { id: created.id }, data: { workflowId: projectWorkflowId(created.id) } });
      await audit(tx, user, { entityType: 'Application', entityId: created.id, action: 'application.created', toState: 'DRAFT' });
      return { ...created, workflowId: projectWorkflowId(created.id) };
    });
    return mapApplication(app);
  }

  async update(user: AuthUser, id: string, dto: UpdateApplicationDto): Promise<ApplicationView> {
    const app = await this.access.requireMember(user, id);
    if (!inGroup(EDITABLE_STAGES, app.stage)) {
      throw new InvalidTransitionError(`申报书已提交，当前阶段不能修改 / not editable in stage ${app.stage}`, app.stage);
    }
    if (dto.category) this.checkCategory(dto.category, app.round.categories);
    const { version, budgetLines, indicators, milestones, ...rest } = dto;
    const changes = {
      ...rest,
      ...(budgetLines && { budgetLines: plain(budgetLines) }),
      ...(indicators && { indicators: plain(indicators) }),
      ...(milestones && { milestones: plain(milestones) }),
    };
    const updated = await this.prisma.$transaction(async (tx) => {
      const r = await tx.application.updateMany({
        where: { id, version, stage: { in: [...EDITABLE_STAGES] } },
        data: { ...changes, version: { increment: 1 } },
      });
      if (r.count === 0) throw new StaleVersionError('Application', version, app.version);
      await audit(tx, user, {
        entityType: 'Application',
        entityId: id,
        action: 'application.edited',
        fromState: app.stage,
        toState: app.stage,
        data: { fields: Object.keys(changes) },
      });
      return tx.application.findUniqueOrThrow({ where: { id } });
    });
    return mapApplication(updated);
  }

  async get(user: AuthUser, id: string): Promise<ApplicationView> {
    return mapApplication(await this.access.require(user, id));
  }

  async list(user: AuthUser, q: ApplicationQuery): Promise<Page<ApplicationView>> {
    const where: Prisma.ApplicationWhereInput = {
      AND: [
        this.access.where(user),
        q.roundId ? { roundId: q.roundId } : {},
        q.organizationId ? { organizationId: q.organizationId } : {},
        q.stage ? { stage: q.stage } : {},
        q.q ? await this.search(q.q) : {},
      ],
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.application.findMany({ where, orderBy: [{ submittedAt: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.application.count({ where }),
    ]);
    return { items: items.map(mapApplication), total, page: q.page, pageSize: q.pageSize };
  }

  /** 提交: starts the project's workflow on the first submission; resubmits after a return. */
  async submit(user: AuthUser, id: string): Promise<ProjectState> {
    // Taken first: the deadline is judged by when the submission reached the platform.
    const receivedAt = new Date().toISOString();
    const app = await this.access.requireMember(user, id);
    const input: ProjectWorkflowInput = {
      applicationId: id,
      roundId: app.roundId,
      organizationId: app.organizationId,
      regionCode: app.round.regionCode,
      roundClosesAt: app.round.closesAt.toISOString(),
    };
    return this.decisions.sendWithStart(
      submitApplication,
      [{ actor: actorOf(user), receivedAt }],
      { workflowType: 'projectWorkflow', workflowId: projectWorkflowId(id), args: [input] },
      () => this.stageOf(id),
    );
  }

  async decideEligibility(user: AuthUser, id: string, dto: EligibilityDecisionDto): Promise<ProjectState> {
    const app = await this.access.require(user, id);
    const actor = actorOf(user);
    const decision =
      dto.decision === 'RETURN'
        ? { actor, decision: 'RETURN' as const, reason: dto.reason ?? '', revisionDeadline: dto.revisionDeadline ?? '' }
        : dto.decision === 'REJECT'
          ? { actor, decision: 'REJECT' as const, reason: dto.reason ?? '' }
          : { actor, decision: 'PASS' as const, reason: dto.reason };
    // The workflow's own rule, so that a return without reason and deadline names both at once.
    const errors = eligibilityDecisionErrors(dto, Date.now());
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return this.decisions.send(projectWorkflowId(app.id), decideEligibility, [decision], () => this.stageOf(id));
  }

  async sign(user: AuthUser, id: string): Promise<ProjectState> {
    const app = await this.access.require(user, id);
    return this.decisions.send(projectWorkflowId(app.id), signAgreement, [{ actor: actorOf(user) }], () => this.stageOf(id));
  }

  async eligibilityChecks(user: AuthUser, id: string) {
    await this.access.require(user, id);
    return this.prisma.eligibilityCheck.findMany({ where: { applicationId: id }, orderBy: [{ submissionNo: 'desc' }, { rule: 'asc' }] });
  }

  /** The application's activity history from the audit trail (who, role, when, what, why). */
  async history(user: AuthUser, id: string) {
    await this.access.require(user, id);
    const entries = await this.prisma.auditEntry.findMany({ where: { entityType: 'Application', entityId: id }, orderBy: { id: 'asc' } });
    const people = await peopleByIds(
      this.prisma,
      entries.map((e) => e.actorId),
    );
    const ids = seesStaffIds(user);
    return entries.map((e) => ({
      id: e.id.toString(),
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      ...(ids && { actorId: e.actorId }),
      actorRole: e.actorRole,
      actorName: e.actorId ? (people.get(e.actorId)?.displayName ?? null) : null,
      reason: e.reason,
      at: e.at.toISOString(),
    }));
  }

  /**
   * Project search: the title or the organization's name contains the text. The organizations
   * are found first, so that both halves of the OR use their trigram index (an OR across a join
   * cannot, and scans every application); a text that names very many organizations keeps the
   * join, where a scan is the better plan anyway.
   */
  private async search(text: string): Promise<Prisma.ApplicationWhereInput> {
    const contains = { contains: text, mode: 'insensitive' as const };
    const orgs = await this.prisma.organization.findMany({
      where: { name: contains },
      select: { id: true },
      take: SEARCH_ORGANIZATIONS_MAX + 1,
    });
    const byOrganization =
      orgs.length > SEARCH_ORGANIZATIONS_MAX ? { organization: { name: contains } } : { organizationId: { in: orgs.map((o) => o.id) } };
    return { OR: [{ title: contains }, byOrganization] };
  }

  private async stageOf(id: string): Promise<string> {
    return (await this.prisma.application.findUnique({ where: { id }, select: { stage: true } }))?.stage ?? 'UNKNOWN';
  }

  private checkCategory(category: string, allowed: string[]): void {
    if (!allowed.includes(category)) {
      throw new ValidationFailedError([
        {
          field: 'category',
          rule: 'roundCategory',
          message: `category: 项目类别须为：${allowed.join('、')} / not a category of the round`,
        },
      ]);
    }
  }
}

/** DTO class instances → plain JSON for Prisma's Json columns. */
function plain(list: object[]): Prisma.InputJsonValue {
  return list.map((x) => ({ ...x })) as Prisma.InputJsonValue;
}
