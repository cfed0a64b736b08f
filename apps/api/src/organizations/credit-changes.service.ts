import { Injectable } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import { secondPersonRefusal } from '@workflows/rules';
import { staffRegionFilter } from '../common/access';
import { audit } from '../common/audit';
import { ConflictError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { Page } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { CreditChangeDecisionDto, CreditChangeView, mapCreditChange, ProposeCreditChangeDto } from './credit-changes.dto';
import { OrganizationsService } from './organizations.service';
import type { AuthUser } from '../common/auth/auth-user';

export interface PendingCreditChange extends CreditChangeView {
  organizationName: string;
  creditCode: string;
  currentStatus: string;
}

const PENDING_TAKEN =
  '该组织已有一项待复核的失信名单变更，请先由另一名审核人员确认或驳回 / a change for this organization is already awaiting confirmation';

/**
 * 列入或移出失信名单, by two reviewers (四眼原则): one proposes with a reason, a different reviewer
 * whose region covers the organization confirms or refuses with a reason; the organization's
 * credit status changes only on confirmation. Both steps are audited on the organization.
 */
@Injectable()
export class CreditChangesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly organizations: OrganizationsService,
  ) {}

  async propose(user: AuthUser, organizationId: string, dto: ProposeCreditChangeDto): Promise<CreditChangeView> {
    const org = await this.organizations.requireVisible(user, organizationId);
    if (dto.creditStatus === 'DISHONEST' && !dto.dishonestUntil) {
      throw new ValidationFailedError([
        {
          field: 'dishonestUntil',
          rule: 'requiredWhenDishonest',
          message: 'dishonestUntil: 列入失信名单时须填写截止日期 / required when listing',
        },
      ]);
    }
    if (dto.creditStatus === 'GOOD' && org.creditStatus === 'GOOD') {
      throw new ConflictError('该组织不在失信名单上，无需移出 / the organization is not on the dishonesty list');
    }
    if (await this.prisma.creditChange.findFirst({ where: { organizationId, status: 'PENDING' }, select: { id: true } })) {
      throw new ConflictError(PENDING_TAKEN);
    }
    const dishonestUntil = dto.creditStatus === 'DISHONEST' ? new Date(`${dto.dishonestUntil!.slice(0, 10)}T00:00:00Z`) : null;
    try {
      const change = await this.prisma.$transaction(async (tx) => {
        const created = await tx.creditChange.create({
          data: { organizationId, creditStatus: dto.creditStatus, dishonestUntil, reason: dto.reason, proposedById: user.id },
        });
        await audit(tx, user, {
          entityType: 'Organization',
          entityId: organizationId,
          action: 'organization.creditChangeProposed',
          fromState: org.creditStatus,
          toState: dto.creditStatus,
          reason: dto.reason,
          data: { changeId: created.id, dishonestUntil: dto.dishonestUntil ?? null },
        });
        return created;
      });
      return mapCreditChange(change);
    } catch (e) {
      // Two proposals at once: the partial unique index keeps one pending per organization.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw new ConflictError(PENDING_TAKEN);
      throw e;
    }
  }

  async list(user: AuthUser, organizationId: string): Promise<CreditChangeView[]> {
    await this.organizations.requireVisible(user, organizationId);
    const changes = await this.prisma.creditChange.findMany({ where: { organizationId }, orderBy: { proposedAt: 'desc' } });
    return changes.map(mapCreditChange);
  }

  /** The reviewer's queue: proposals of the reviewer's region waiting for a second reviewer. */
  async pending(user: AuthUser, q: { page: number; pageSize: number }): Promise<Page<PendingCreditChange>> {
    const region = staffRegionFilter(user);
    const where: Prisma.CreditChangeWhereInput = { status: 'PENDING', ...(region && { organization: { regionCode: region } }) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.creditChange.findMany({
        where,
        include: { organization: { select: { name: true, creditCode: true, creditStatus: true } } },
        orderBy: [{ proposedAt: 'asc' }, { id: 'asc' }],
        skip: (q.page - 1) * q.pageSize,
        take: q.pageSize,
      }),
      this.prisma.creditChange.count({ where }),
    ]);
    return {
      items: items.map((c) => ({
        ...mapCreditChange(c),
        organizationName: c.organization.name,
        creditCode: c.organization.creditCode,
        currentStatus: c.organization.creditStatus,
      })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  async get(user: AuthUser, organizationId: string, changeId: string): Promise<CreditChangeView> {
    await this.organizations.requireVisible(user, organizationId);
    const change = await this.prisma.creditChange.findFirst({ where: { id: changeId, organizationId } });
    if (!change) throw new NotFoundError('CreditChange', changeId);
    return mapCreditChange(change);
  }

  /** One proposal by its own id (the portal's pages), with its organization; 404 outside the caller's region. */
  async find(user: AuthUser, changeId: string) {
    const change = await this.prisma.creditChange.findUnique({ where: { id: changeId } });
    if (!change) throw new NotFoundError('CreditChange', changeId);
    const organization = await this.organizations.requireVisible(user, change.organizationId).catch(() => {
      throw new NotFoundError('CreditChange', changeId);
    });
    return { change: mapCreditChange(change), organization };
  }

  async decide(user: AuthUser, organizationId: string, changeId: string, dto: CreditChangeDecisionDto): Promise<CreditChangeView> {
    const org = await this.organizations.requireVisible(user, organizationId);
    const change = await this.get(user, organizationId, changeId);
    const refusal = secondPersonRefusal('creditChange', change.proposedById, user);
    if (refusal) throw new ForbiddenError(`${refusal.zh} / ${refusal.en}`);
    const status = dto.decision === 'CONFIRM' ? 'CONFIRMED' : 'REFUSED';
    const decided = await this.prisma.$transaction(async (tx) => {
      const r = await tx.creditChange.updateMany({
        where: { id: changeId, status: 'PENDING' },
        data: { status, decidedById: user.id, decidedAt: new Date(), decisionReason: dto.reason },
      });
      if (r.count === 0)
        throw new InvalidTransitionError('该变更已复核，不能再次确认或驳回 / the change has already been decided', change.status);
      if (status === 'CONFIRMED') {
        await tx.organization.update({
          where: { id: organizationId },
          data: {
            creditStatus: change.creditStatus,
            dishonestUntil: change.dishonestUntil ? new Date(`${change.dishonestUntil}T00:00:00Z`) : null,
            version: { increment: 1 },
          },
        });
      }
      await audit(tx, user, {
        entityType: 'Organization',
        entityId: organizationId,
        action: status === 'CONFIRMED' ? 'organization.creditStatusChanged' : 'organization.creditChangeRefused',
        fromState: org.creditStatus,
        toState: status === 'CONFIRMED' ? change.creditStatus : org.creditStatus,
        reason: dto.reason,
        data: { changeId, proposedById: change.proposedById, proposalReason: change.reason, dishonestUntil: change.dishonestUntil },
      });
      return tx.creditChange.findUniqueOrThrow({ where: { id: changeId } });
    });
    return mapCreditChange(decided);
  }
}
