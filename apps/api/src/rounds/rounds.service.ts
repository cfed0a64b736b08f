import { Injectable } from '@nestjs/common';
import { roundWorkflowId, RoundWorkflowInput } from '@workflows/messages';
import {
  checkOrganizationEligibility,
  EligibilityRules,
  regionCovers,
  validateRoundConfig,
  ANNOUNCED_ROUND_STATUSES,
} from '@workflows/rules';
import { staffRegionFilter, inStaffRegion } from '../common/access';
import { audit } from '../common/audit';
import { Decisions } from '../common/decisions';
import { ForbiddenError, InvalidTransitionError, NotFoundError, StaleVersionError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { CreateRoundDto, EligibleRoundView, mapRound, RoundQuery, RoundView, UpdateRoundDto } from './rounds.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

const MANAGERS = ['PROGRAM_MANAGER', 'ADMIN'];

/** The columns a round's configuration writes, from the DTO both creation and editing validate. */
function roundData(dto: CreateRoundDto) {
  return {
    ...dto,
    opensAt: new Date(dto.opensAt),
    closesAt: new Date(dto.closesAt),
    eligibility: { ...dto.eligibility, minRating: dto.eligibility.minRating ?? null },
    rubric: dto.rubric.map((c) => ({ ...c })),
    tranchePlan: dto.tranchePlan.map((t) => ({ ...t })),
  };
}

/** A column default as PostgreSQL prints it (`5`, `60`, `'民政局'::text`, `ARRAY[3, 1]::integer[]`) as its plain value. */
function sqlLiteral(expr: string): string {
  // An array column's default, ARRAY[3, 1]::INTEGER[], as its values: `3, 1`.
  const list = /^ARRAY\[(.*)\]::[\w\s]+\[\]$/.exec(expr);
  if (list)
    return list[1]
      .split(',')
      .map((item) => sqlLiteral(item.trim()))
      .join(', ');
  const quoted = /^'((?:[^']|'')*)'::[\w\s]+$/.exec(expr);
  return quoted ? quoted[1].replace(/''/g, "'") : expr.replace(/::[\w\s]+$/, '');
}

@Injectable()
export class RoundsService {
  private defaults?: Promise<Record<string, string>>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly decisions: Decisions,
  ) {}

  /**
   * What PostgreSQL puts in a round's column when creation leaves a setting out (the schema's
   * @default), read from the catalogue so the set-up form states the values actually applied.
   */
  settingDefaults(): Promise<Record<string, string>> {
    this.defaults ??= this.prisma.$queryRaw<{ column_name: string; column_default: string | null }[]>`
      SELECT column_name, column_default FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'Round' AND column_default IS NOT NULL`.then(
      (rows) => Object.fromEntries(rows.map((r) => [r.column_name, sqlLiteral(r.column_default!)])),
      (err: unknown) => {
        this.defaults = undefined;
        throw err;
      },
    );
    return this.defaults;
  }

  async create(user: AuthUser, dto: CreateRoundDto): Promise<RoundView> {
    this.checkConfig(user, dto);
    const round = await this.prisma.$transaction(async (tx) => {
      const created = await tx.round.create({ data: { ...roundData(dto), createdById: user.id } });
      await audit(tx, user, {
        entityType: 'Round',
        entityId: created.id,
        action: 'round.created',
        toState: 'DRAFT',
        data: { ...dto } as unknown as Prisma.InputJsonValue,
      });
      return created;
    });
    return mapRound(round);
  }

  /**
   * 修改草稿: the whole configuration of a round not yet published, checked by the same rules as
   * a new one. An optional setting left out keeps its value, except matching funds, whose
   * absence means "not required".
   */
  async update(user: AuthUser, id: string, dto: UpdateRoundDto): Promise<RoundView> {
    const current = await this.requireVisible(user, id);
    if (current.status !== 'DRAFT') {
      throw new InvalidTransitionError('轮次已发布，不能再修改 / only a draft round can be edited', current.status);
    }
    this.checkConfig(user, dto);
    const { version, ...config } = dto;
    const round = await this.prisma.$transaction(async (tx) => {
      const moved = await tx.round.updateMany({
        where: { id, status: 'DRAFT', version },
        data: { ...roundData(config), matchingFundsPercent: config.matchingFundsPercent ?? null, version: { increment: 1 } },
      });
      if (moved.count === 0) {
        const now = await tx.round.findUniqueOrThrow({ where: { id } });
        if (now.status !== 'DRAFT')
          throw new InvalidTransitionError('轮次已发布，不能再修改 / only a draft round can be edited', now.status);
        throw new StaleVersionError('Round', version, now.version);
      }
      await audit(tx, user, {
        entityType: 'Round',
        entityId: id,
        action: 'round.updated',
        fromState: 'DRAFT',
        toState: 'DRAFT',
        data: { ...config } as unknown as Prisma.InputJsonValue,
      });
      return tx.round.findUniqueOrThrow({ where: { id } });
    });
    return mapRound(round);
  }

  private checkConfig(user: AuthUser, dto: CreateRoundDto): void {
    const errors = validateRoundConfig({ ...dto, opensAt: new Date(dto.opensAt), closesAt: new Date(dto.closesAt) });
    if (errors.length > 0) throw new ValidationFailedError(errors);
    if (user.role !== 'ADMIN' && (!user.regionCode || !regionCovers(user.regionCode, dto.regionCode))) {
      throw new ForbiddenError(`只能在本辖区（${user.regionCode ?? '无'}）内设立轮次 / a round must lie in your own region`);
    }
  }

  /**
   * 发布公告: the round becomes PUBLISHED and its workflow starts, which opens and closes the
   * window on time. The workflow is started inside the transaction, so a failed start leaves
   * the round a draft; a repeated call after a lost commit finds the workflow already running.
   */
  async publish(user: AuthUser, id: string): Promise<RoundView> {
    const current = await this.requireVisible(user, id);
    if (current.status !== 'DRAFT') {
      throw new InvalidTransitionError(`轮次已发布，不能重复发布 / round is ${current.status}`, current.status);
    }
    if (current.closesAt.getTime() <= Date.now()) {
      throw new ValidationFailedError([
        { field: 'closesAt', rule: 'inFuture', message: 'closesAt: 申报截止时间已过，不能发布 / closing time has passed' },
      ]);
    }
    const workflowId = roundWorkflowId(id);
    const round = await this.prisma.$transaction(
      async (tx) => {
        const moved = await tx.round.updateMany({
          where: { id, status: 'DRAFT' },
          data: { status: 'PUBLISHED', workflowId, version: { increment: 1 } },
        });
        if (moved.count === 0) throw new InvalidTransitionError('轮次状态已变化，请刷新 / round changed meanwhile', 'PUBLISHED');
        await audit(tx, user, { entityType: 'Round', entityId: id, action: 'round.published', fromState: 'DRAFT', toState: 'PUBLISHED' });
        const input: RoundWorkflowInput = {
          roundId: id,
          regionCode: current.regionCode,
          opensAt: current.opensAt.toISOString(),
          closesAt: current.closesAt.toISOString(),
        };
        await this.decisions.start('roundWorkflow', workflowId, [input]);
        return tx.round.findUniqueOrThrow({ where: { id } });
      },
      { timeout: 15000 },
    );
    return mapRound(round);
  }

  async list(user: AuthUser, q: RoundQuery): Promise<Page<RoundView>> {
    const where: Prisma.RoundWhereInput = { AND: [this.visibleTo(user)] };
    const and = where.AND as Prisma.RoundWhereInput[];
    if (q.status) and.push({ status: q.status });
    if (q.regionCode) and.push({ regionCode: q.regionCode });
    const [items, total] = await this.prisma.$transaction([
      this.prisma.round.findMany({ where, orderBy: [{ closesAt: 'desc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.round.count({ where }),
    ]);
    return { items: items.map(mapRound), total, page: q.page, pageSize: q.pageSize };
  }

  /** 本辖区轮次: what a bureau's staff manage — the rounds of their region, drafts included. */
  async inRegion(user: AuthUser, q: RoundQuery): Promise<Page<RoundView>> {
    const region = staffRegionFilter(user);
    const where: Prisma.RoundWhereInput = { ...(region && { regionCode: region }), ...(q.status && { status: q.status }) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.round.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.round.count({ where }),
    ]);
    return { items: items.map(mapRound), total, page: q.page, pageSize: q.pageSize };
  }

  /** 可申报轮次: open rounds, each with whether the organization is eligible and why not. */
  async eligibleRounds(user: AuthUser, organizationId: string): Promise<EligibleRoundView[]> {
    if (!user.organizationIds.includes(organizationId)) throw new NotFoundError('Organization', organizationId);
    const org = await this.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } });
    const rounds = await this.prisma.round.findMany({
      where: { status: { in: [...ANNOUNCED_ROUND_STATUSES] } },
      orderBy: { closesAt: 'asc' },
      take: 100,
    });
    const now = new Date();
    return rounds.map((r) => {
      const result = checkOrganizationEligibility(org, r.eligibility as unknown as EligibilityRules, now);
      return {
        round: mapRound(r),
        eligible: result.eligible,
        reasons: result.results.filter((x) => !x.passed).map((x) => ({ rule: x.rule, reason: x.reason })),
      };
    });
  }

  async get(user: AuthUser, id: string): Promise<RoundView> {
    return mapRound(await this.requireVisible(user, id));
  }

  /** Drafts are the bureau's own working papers; published rounds are visible to every signed-in user. */
  private visibleTo(user: AuthUser): Prisma.RoundWhereInput {
    if (!MANAGERS.includes(user.role)) return { status: { not: 'DRAFT' } };
    const region = staffRegionFilter(user);
    return { OR: [{ status: { not: 'DRAFT' } }, region ? { regionCode: region } : {}] };
  }

  private async requireVisible(user: AuthUser, id: string) {
    const round = await this.prisma.round.findUnique({ where: { id } });
    const visible = round && (round.status !== 'DRAFT' || (MANAGERS.includes(user.role) && inStaffRegion(user, round.regionCode)));
    if (!visible) throw new NotFoundError('Round', id);
    return round;
  }
}
