import { Injectable } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import {
  projectWorkflowId,
  ProjectWorkflowInput,
  decideEligibility,
  signAgreement,
  submitApplication,
  ProjectState,
} from '@workflows/messages';
import {
  ANNOUNCED_ROUND_STATUSES,
  applicationWindow,
  blockingChecks,
  checkStoredSubmission,
  EDITABLE_STAGES,
  eligibilityDecisionErrors,
  inGroup,
  warningChecks,
} from '@workflows/rules';
import { audit } from '../common/audit';
import { actorOf, Decisions } from '../common/decisions';
import { InvalidTransitionError, NotFoundError, StaleVersionError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { peopleByIds, seenBy, seesStaffIds } from '../common/people';
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
import { APPLICANT_PROJECT_STATE, type ApplicantProjectState } from './project-state.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { ApplicationWindow, SubmissionCheck } from '@workflows/rules';

const SEARCH_ORGANIZATIONS_MAX = 1000;

/** A decision's answer: the project state, with the people by role and name when an applicant asks. */
type ProjectAnswer = Promise<ProjectState | ApplicantProjectState>;

/** The automatic checks of a draft as it stands, and whether it may be submitted now. */
export interface DraftChecks {
  applicationId: string;
  stage: string;
  checks: SubmissionCheck[];
  /** Failed hard rules: submission is refused until they pass. */
  blocking: string[];
  /** Failed warnings: the applicant confirms submitting anyway. */
  warnings: string[];
  /** The window applies to a first submission; a returned application has its revision deadline instead. */
  window: ApplicationWindow;
  windowApplies: boolean;
  canSubmit: boolean;
}

/** The money of a draft as typed in the form, already checked to be amounts (yuan, two decimals). */
export interface TypedMoney {
  requestedAmount: string;
  budgetLines: { type: string; amount: string }[];
  matchingFunds: string | null;
}

export interface SubmitOptions {
  /** The applicant read the failed warnings and submits anyway (确认仍然提交). */
  confirmWarnings?: boolean;
  /** The portal asks for that confirmation whenever a warning failed; API clients may send it. */
  requireConfirmation?: boolean;
}

/** "budgetLines: 预算合计（budget adds up to the request）：…" for a failed rule, field first as every field error. */
export function checkMessage(c: SubmissionCheck): string {
  return `${c.field}: ${c.label.zh}未通过：${c.reason} / ${c.field}: the rule "${c.label.en}" failed`;
}

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

  /** The draft's automatic checks now (the workflow records the same list at submission); the owner's only. */
  /** Refuses (404) anyone but a member of the application's organization. */
  async requireMember(user: AuthUser, id: string): Promise<void> {
    await this.access.requireMember(user, id);
  }

  async draftChecks(user: AuthUser, id: string, typed?: TypedMoney): Promise<DraftChecks> {
    const app = await this.access.requireMember(user, id);
    return this.checksOf(app, new Date(), typed);
  }

  private async checksOf(app: Awaited<ReturnType<ApplicationAccess['requireMember']>>, at: Date, typed?: TypedMoney): Promise<DraftChecks> {
    const [organization, attachments] = await Promise.all([
      this.prisma.organization.findUniqueOrThrow({ where: { id: app.organizationId } }),
      this.prisma.attachment.findMany({ where: { applicationId: app.id }, select: { kind: true } }),
    ]);
    // Values typed in the form and not yet saved stand in for the stored ones (the portal's live checks).
    const application = typed
      ? {
          requestedAmount: new Prisma.Decimal(typed.requestedAmount),
          budgetLines: typed.budgetLines,
          matchingFunds: typed.matchingFunds ? new Prisma.Decimal(typed.matchingFunds) : null,
        }
      : app;
    const checks = checkStoredSubmission(
      { organization, round: app.round, application, attachmentKinds: attachments.map((a) => a.kind) },
      at,
    );
    const window = applicationWindow(app.round.opensAt, app.round.closesAt, at);
    const windowApplies = app.stage === 'DRAFT';
    const blocking = blockingChecks(checks).map((c) => c.rule);
    return {
      applicationId: app.id,
      stage: app.stage,
      checks,
      blocking,
      warnings: warningChecks(checks).map((c) => c.rule),
      window,
      windowApplies,
      canSubmit: inGroup(EDITABLE_STAGES, app.stage) && blocking.length === 0 && (!windowApplies || window.state === 'open'),
    };
  }

  /**
   * 提交: starts the project's workflow on the first submission; resubmits after a return. A first
   * submission outside the round's window is refused with the window's times; a draft failing a
   * hard rule is refused naming each field and rule; failed warnings need confirming where asked.
   */
  async submit(user: AuthUser, id: string, options: SubmitOptions = {}): ProjectAnswer {
    // Taken first: the deadline is judged by when the submission reached the platform.
    const receivedAt = new Date().toISOString();
    const app = await this.access.requireMember(user, id);
    // A stage that cannot be submitted is left to the workflow, which names the stage.
    if (inGroup(EDITABLE_STAGES, app.stage)) {
      const found = await this.checksOf(app, new Date(receivedAt));
      if (found.windowApplies && found.window.refusal) throw new InvalidTransitionError(found.window.refusal, app.stage);
      const failed = found.checks.filter((c) => found.blocking.includes(c.rule));
      if (failed.length > 0) {
        throw new ValidationFailedError(failed.map((c) => ({ field: c.field, rule: c.rule, message: checkMessage(c) })));
      }
      if (options.requireConfirmation && found.warnings.length > 0 && !options.confirmWarnings) {
        throw new ValidationFailedError([
          {
            field: 'confirmWarnings',
            rule: 'confirmWarnings',
            message: 'confirmWarnings: 有提示性规则未通过，请确认仍然提交 / some warnings failed: confirm to submit anyway',
          },
        ]);
      }
    }
    const input: ProjectWorkflowInput = {
      applicationId: id,
      roundId: app.roundId,
      organizationId: app.organizationId,
      regionCode: app.round.regionCode,
      roundClosesAt: app.round.closesAt.toISOString(),
    };
    const state = await this.decisions.sendWithStart(
      submitApplication,
      [{ actor: actorOf(user), receivedAt }],
      { workflowType: 'projectWorkflow', workflowId: projectWorkflowId(id), args: [input] },
      () => this.stageOf(id),
    );
    return seenBy(this.prisma, user, state, APPLICANT_PROJECT_STATE);
  }

  async decideEligibility(user: AuthUser, id: string, dto: EligibilityDecisionDto): ProjectAnswer {
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
    const state = await this.decisions.send(projectWorkflowId(app.id), decideEligibility, [decision], () => this.stageOf(id));
    return seenBy(this.prisma, user, state, APPLICANT_PROJECT_STATE);
  }

  /** Either party signs; the applicant is answered with the people by role and name, never staff ids. */
  async sign(user: AuthUser, id: string): ProjectAnswer {
    const app = await this.access.require(user, id);
    const state = await this.decisions.send(projectWorkflowId(app.id), signAgreement, [{ actor: actorOf(user) }], () => this.stageOf(id));
    return seenBy(this.prisma, user, state, APPLICANT_PROJECT_STATE);
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
