import { Injectable } from '@nestjs/common';
import { inStaffRegion, staffRegionFilter } from '../common/access';
import { audit } from '../common/audit';
import { NotFoundError, StaleVersionError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { creditHistories, CreditHistoryEntry } from './credit-history';
import { OrganizationFactsService } from './organization-facts.service';
import {
  CreateOrganizationDto,
  DisputeOpened,
  mapOrganization,
  OrganizationQuery,
  OrganizationView,
  UpdateOrganizationDto,
} from './organizations.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly facts: OrganizationFactsService,
  ) {}

  /** A code already registered opens a dispute instead of locking the real organization out. */
  async create(user: AuthUser, dto: CreateOrganizationDto): Promise<OrganizationView | DisputeOpened> {
    const holder = await this.prisma.organization.findUnique({ where: { creditCode: dto.creditCode } });
    if (holder) return { disputeOpened: await this.facts.openDispute(user, holder, dto) };
    const { ratingValidUntil, ...declared } = dto;
    const org = await this.prisma.$transaction(async (tx) => {
      const created = await tx.organization.create({
        data: {
          ...declared,
          registeredAt: new Date(`${dto.registeredAt.slice(0, 10)}T00:00:00Z`),
          ratingValidUntil: ratingValidUntil ? new Date(`${ratingValidUntil.slice(0, 10)}T00:00:00Z`) : null,
        },
      });
      // The applicant who registers an organization acts for it from then on.
      if (user.role === 'APPLICANT') {
        await tx.membership.create({ data: { userId: user.id, organizationId: created.id } });
      }
      await audit(tx, user, {
        entityType: 'Organization',
        entityId: created.id,
        action: 'organization.created',
        toState: 'GOOD',
        data: { ...dto },
      });
      return created;
    });
    return mapOrganization(org);
  }

  async list(user: AuthUser, q: OrganizationQuery): Promise<Page<OrganizationView>> {
    const where: Prisma.OrganizationWhereInput = { AND: [this.visibleTo(user)] };
    if (q.regionCode) (where.AND as Prisma.OrganizationWhereInput[]).push({ regionCode: q.regionCode });
    if (q.factsStatus) (where.AND as Prisma.OrganizationWhereInput[]).push({ factsStatus: q.factsStatus });
    if (q.q) (where.AND as Prisma.OrganizationWhereInput[]).push({ OR: [{ name: { contains: q.q } }, { creditCode: q.q }] });
    const [items, total] = await this.prisma.$transaction([
      this.prisma.organization.findMany({ where, orderBy: { createdAt: 'asc' }, ...pageArgs(q) }),
      this.prisma.organization.count({ where }),
    ]);
    return { items: items.map(mapOrganization), total, page: q.page, pageSize: q.pageSize };
  }

  async get(user: AuthUser, id: string): Promise<OrganizationView & { creditHistory: CreditHistoryEntry[] }> {
    const org = mapOrganization(await this.requireVisible(user, id));
    return { ...org, creditHistory: (await creditHistories(this.prisma, [id])).get(id) ?? [] };
  }

  async update(user: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    const current = await this.requireVisible(user, id);
    // The registered name is a registered fact: an applicant asks for its change with evidence.
    if (user.role === 'APPLICANT' && dto.name !== undefined && dto.name !== current.name) {
      throw new ValidationFailedError([
        {
          field: 'name',
          rule: 'registeredFact',
          message: 'name: 组织名称属于登记事项，请提交变更申请并附登记机关的证明，经审核人员核准后生效 / request the change with evidence',
        },
      ]);
    }
    const { version, ...changes } = dto;
    const updated = await this.prisma.$transaction(async (tx) => {
      const r = await tx.organization.updateMany({ where: { id, version }, data: { ...changes, version: { increment: 1 } } });
      if (r.count === 0) throw new StaleVersionError('Organization', version, current.version);
      await audit(tx, user, {
        entityType: 'Organization',
        entityId: id,
        action: 'organization.updated',
        data: { before: pick(current, changes), after: { ...changes } },
      });
      return tx.organization.findUniqueOrThrow({ where: { id } });
    });
    return mapOrganization(updated);
  }

  /** Applicants see the organizations they act for; staff those in their region. Others: nothing. */
  private visibleTo(user: AuthUser): Prisma.OrganizationWhereInput {
    if (user.role === 'APPLICANT') return { id: { in: user.organizationIds } };
    const region = staffRegionFilter(user);
    return region ? { regionCode: region } : {};
  }

  async requireVisible(user: AuthUser, id: string) {
    const org = await this.prisma.organization.findUnique({ where: { id } });
    const visible = org && (user.role === 'APPLICANT' ? user.organizationIds.includes(id) : inStaffRegion(user, org.regionCode));
    // Foreign data answers 404, never 403, so its existence does not leak.
    if (!visible) throw new NotFoundError('Organization', id);
    return org;
  }
}

function pick<T extends object>(source: T, keys: object): Partial<T> {
  return Object.fromEntries(Object.keys(keys).map((k) => [k, (source as Record<string, unknown>)[k]])) as Partial<T>;
}
