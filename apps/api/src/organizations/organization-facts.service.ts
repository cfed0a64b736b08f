import { Injectable } from '@nestjs/common';
import { inStaffRegion, staffRegionFilter } from '../common/access';
import { audit } from '../common/audit';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { DisputeQuery, DisputeView, mapDispute, mapVerification, SettleDisputeDto, VerifyOrganizationDto } from './organization-facts.dto';
import { recordVerification } from './verification';
import type { AuthUser } from '../common/auth/auth-user';
import type { Organization, Prisma } from '@generated/prisma/client';

export const DISPUTE_OPENED =
  '该统一社会信用代码已被登记，已提交争议由登记地审核人员处理' +
  ' / this credit code is already registered; a dispute has been opened for a reviewer of the region to settle';

/** Verification of registration facts and disputes over a credit code: reviewers of the organization's region only. */
@Injectable()
export class OrganizationFactsService {
  constructor(private readonly prisma: PrismaService) {}

  async verify(user: AuthUser, id: string, dto: VerifyOrganizationDto) {
    const org = await this.requireInRegion(user, id);
    if (dto.result === 'VERIFIED' && !inStaffRegion(user, dto.regionCode)) {
      const message = 'regionCode: 登记地须在本人管辖区域内 / the registering region must be within your own region';
      throw new ValidationFailedError([{ field: 'regionCode', rule: 'withinOwnRegion', message }]);
    }
    const record = await this.prisma.$transaction((tx) => recordVerification(tx, user, org, dto));
    return mapVerification(record);
  }

  async verifications(user: AuthUser, id: string) {
    await this.requireInRegion(user, id);
    const rows = await this.prisma.organizationVerification.findMany({
      where: { organizationId: id },
      orderBy: { createdAt: 'desc' },
      take: 50,
    });
    return rows.map(mapVerification);
  }

  /** A second claim on a registered code: recorded with both sides' evidence, the holder keeps acting until settled. */
  async openDispute(user: AuthUser, holder: Organization, claim: { name: string; certificateRef?: string }) {
    if (user.organizationIds.includes(holder.id)) {
      throw new ConflictError(`您已登记该组织 ${holder.id} / you already act for the organization with this code`);
    }
    if (!claim.certificateRef) {
      const message =
        'certificateRef: 该信用代码已被登记；如需主张，请提供登记证书 / this credit code is already registered; to claim it, give the registration certificate';
      throw new ValidationFailedError([{ field: 'certificateRef', rule: 'requiredToClaim', message }]);
    }
    const open = await this.prisma.organizationDispute.findFirst({
      where: { organizationId: holder.id, claimantId: user.id, status: 'OPEN' },
    });
    if (open) throw new ConflictError(`已有待处理的争议 ${open.id} / a dispute by you on this code is already open`);
    const dispute = await this.prisma.$transaction(async (tx) => {
      const d = await tx.organizationDispute.create({
        data: {
          organizationId: holder.id,
          creditCode: holder.creditCode,
          claimantId: user.id,
          claimedName: claim.name,
          claimantEvidenceRef: claim.certificateRef!,
          holderEvidenceRef: holder.certificateRef,
        },
      });
      await audit(tx, user, {
        entityType: 'OrganizationDispute',
        entityId: d.id,
        action: 'organization.disputeOpened',
        toState: 'OPEN',
        data: { organizationId: holder.id },
      });
      return d;
    });
    return { disputeId: dispute.id, status: dispute.status, message: DISPUTE_OPENED };
  }

  async disputes(user: AuthUser, q: DisputeQuery): Promise<Page<DisputeView>> {
    const region = staffRegionFilter(user);
    const where: Prisma.OrganizationDisputeWhereInput = {
      ...(q.status ? { status: q.status } : {}),
      ...(region ? { organization: { regionCode: region } } : {}),
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.organizationDispute.findMany({ where, orderBy: { createdAt: 'asc' }, ...pageArgs(q) }),
      this.prisma.organizationDispute.count({ where }),
    ]);
    return { items: items.map(mapDispute), total, page: q.page, pageSize: q.pageSize };
  }

  /** One dispute of the reviewer's region; another region's answers 404. */
  async dispute(user: AuthUser, disputeId: string) {
    const dispute = await this.prisma.organizationDispute.findUnique({ where: { id: disputeId }, include: { organization: true } });
    if (!dispute || !inStaffRegion(user, dispute.organization.regionCode)) throw new NotFoundError('OrganizationDispute', disputeId);
    return dispute;
  }

  /** The rightful claimant gets the organization: its members are replaced and its facts must be verified again. */
  async settle(user: AuthUser, disputeId: string, dto: SettleDisputeDto) {
    const dispute = await this.dispute(user, disputeId);
    const settled = await this.prisma.$transaction(async (tx) => {
      const r = await tx.organizationDispute.updateMany({
        where: { id: disputeId, status: 'OPEN' },
        data: { status: 'SETTLED', winner: dto.winner, settledById: user.id, settledAt: new Date(), reason: dto.reason },
      });
      if (r.count === 0) throw new ConflictError('争议已处理 / the dispute is already settled');
      if (dto.winner === 'CLAIMANT') {
        const orgId = dispute.organizationId;
        const before = await tx.membership.findMany({ where: { organizationId: orgId }, select: { userId: true } });
        await tx.membership.deleteMany({ where: { organizationId: orgId } });
        await tx.membership.create({ data: { userId: dispute.claimantId, organizationId: orgId } });
        await tx.organization.update({
          where: { id: orgId },
          data: {
            name: dispute.claimedName,
            certificateRef: dispute.claimantEvidenceRef,
            factsStatus: 'UNVERIFIED',
            version: { increment: 1 },
          },
        });
        await audit(tx, user, {
          entityType: 'Organization',
          entityId: orgId,
          action: 'organization.movedByDispute',
          reason: dto.reason,
          data: { disputeId, formerMembers: before.map((m) => m.userId), newMember: dispute.claimantId },
        });
      }
      await audit(tx, user, {
        entityType: 'OrganizationDispute',
        entityId: disputeId,
        action: 'organization.disputeSettled',
        fromState: 'OPEN',
        toState: 'SETTLED',
        reason: dto.reason,
        data: { winner: dto.winner },
      });
      return tx.organizationDispute.findUniqueOrThrow({ where: { id: disputeId } });
    });
    return mapDispute(settled);
  }

  private async requireInRegion(user: AuthUser, id: string) {
    const org = await this.prisma.organization.findUnique({ where: { id } });
    // Another region's organization answers 404, so its existence does not leak.
    if (!org || !inStaffRegion(user, org.regionCode)) throw new NotFoundError('Organization', id);
    return org;
  }
}
