import { Injectable } from '@nestjs/common';
import { audit } from '../common/audit';
import { ConflictError, ForbiddenError, NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { invitationMail } from './account-mail';
import { INVITATION_TTL_MS, newToken, tokenError, tokenHash, tokenProblem } from './account-tokens';
import { MEMBERSHIP_ROLE_LABELS, mapInvitation } from './accounts.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { ChangeMemberRoleDto, InviteDto, RevokeInvitationDto, InvitationView, MemberView } from './accounts.dto';
import type { OrganizationInvitation, Prisma } from '@generated/prisma/client';

type Tx = Prisma.TransactionClient;
const OWNER_ONLY = '只有机构负责人可以邀请同事或调整角色 / only an owner of the organization may do this';

/**
 * 邀请同事: an OWNER of an organization invites an address with a role; the invitee accepts signed
 * in, or registers through the link. Only the token's hash is stored; every step is audited.
 */
@Injectable()
export class InvitationsService {
  constructor(private readonly prisma: PrismaService) {}

  async members(user: AuthUser, organizationId: string): Promise<{ members: MemberView[]; myRole: string }> {
    const mine = await this.requireMember(user, organizationId);
    const rows = await this.prisma.membership.findMany({
      where: { organizationId },
      include: { user: { select: { username: true, displayName: true } } },
      orderBy: { createdAt: 'asc' },
    });
    const members = rows.map((m) => ({
      userId: m.userId,
      username: m.user.username,
      displayName: m.user.displayName,
      role: m.role,
      since: m.createdAt.toISOString(),
    }));
    return { members, myRole: mine.role };
  }

  /** Pending invitations (not accepted, revoked or expired), newest first; OWNER only. */
  async pending(user: AuthUser, organizationId: string): Promise<InvitationView[]> {
    await this.requireOwner(user, organizationId);
    const rows = await this.prisma.organizationInvitation.findMany({
      where: { organizationId, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      take: 100,
    });
    return rows.map(mapInvitation);
  }

  async invite(user: AuthUser, organizationId: string, dto: InviteDto): Promise<InvitationView> {
    await this.requireOwner(user, organizationId);
    const { token, hash } = newToken();
    return this.prisma.$transaction(async (tx) => {
      const org = await tx.organization.findUniqueOrThrow({ where: { id: organizationId } });
      const invitation = await tx.organizationInvitation.create({
        data: {
          organizationId,
          email: dto.email,
          role: dto.role,
          tokenHash: hash,
          invitedById: user.id,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        },
      });
      await invitationMail(tx, dto.email, invitation.id, org, user.displayName, MEMBERSHIP_ROLE_LABELS[dto.role], token);
      await audit(tx, user, {
        entityType: 'OrganizationInvitation',
        entityId: invitation.id,
        action: 'organization.colleagueInvited',
        toState: 'PENDING',
        reason: '邀请同事 / invited a colleague',
        data: { organizationId, email: dto.email, role: dto.role },
      });
      return mapInvitation(invitation);
    });
  }

  async revoke(user: AuthUser, organizationId: string, invitationId: string, dto: RevokeInvitationDto): Promise<InvitationView> {
    await this.requireOwner(user, organizationId);
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.organizationInvitation.updateMany({
        where: { id: invitationId, organizationId, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date(), revokedById: user.id },
      });
      const invitation = await tx.organizationInvitation.findFirst({ where: { id: invitationId, organizationId } });
      if (!invitation) throw new NotFoundError('OrganizationInvitation', invitationId);
      if (r.count === 0) throw new ConflictError('该邀请已被接受或撤销 / the invitation was accepted or revoked already');
      await audit(tx, user, {
        entityType: 'OrganizationInvitation',
        entityId: invitationId,
        action: 'organization.invitationRevoked',
        fromState: 'PENDING',
        toState: 'REVOKED',
        reason: dto.reason,
        data: { organizationId, email: invitation.email },
      });
      return mapInvitation(invitation);
    });
  }

  /** An OWNER changes a member's role; the organization always keeps at least one OWNER. */
  async changeRole(user: AuthUser, organizationId: string, memberId: string, dto: ChangeMemberRoleDto): Promise<MemberView> {
    await this.requireOwner(user, organizationId);
    return this.prisma.$transaction(async (tx) => {
      // One role change at a time per organization, so two owners cannot demote each other at once.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`membership-roles:${organizationId}`}))`;
      const member = await tx.membership.findUnique({
        where: { userId_organizationId: { userId: memberId, organizationId } },
        include: { user: { select: { username: true, displayName: true } } },
      });
      if (!member) throw new NotFoundError('Membership', memberId);
      if (member.role === 'OWNER' && dto.role !== 'OWNER') {
        const owners = await tx.membership.count({ where: { organizationId, role: 'OWNER' } });
        if (owners <= 1) throw new ConflictError('机构至少要有一位负责人 / the organization must keep at least one owner');
      }
      const key = { userId_organizationId: { userId: memberId, organizationId } };
      const updated = await tx.membership.update({ where: key, data: { role: dto.role } });
      await audit(tx, user, {
        entityType: 'Membership',
        entityId: organizationId,
        action: 'organization.memberRoleChanged',
        fromState: member.role,
        toState: dto.role,
        reason: dto.reason,
        data: { organizationId, userId: memberId },
      });
      const { username, displayName } = member.user;
      return { userId: memberId, username, displayName, role: updated.role, since: updated.createdAt.toISOString() };
    });
  }

  /** What an invitation link offers, for its page: the organization and the role. */
  async lookup(token: string): Promise<{ organizationName: string; role: string; email: string; expiresAt: string }> {
    const invitation = await this.prisma.organizationInvitation.findUnique({
      where: { tokenHash: tokenHash(token) },
      include: { organization: { select: { name: true } } },
    });
    const problem = invitationProblem(invitation);
    if (problem || !invitation) throw tokenError(problem ?? 'invalid');
    const { role, email, expiresAt } = invitation;
    return { organizationName: invitation.organization.name, role, email, expiresAt: expiresAt.toISOString() };
  }

  /** A signed-in applicant accepts: the membership with the invitation's role. */
  async accept(user: AuthUser, token: string): Promise<{ organizationId: string; role: string }> {
    return this.prisma.$transaction(async (tx) => {
      const invitation = await this.requireOpen(tx, token, 'token');
      return this.acceptWithin(tx, invitation, user);
    });
  }

  async requireOpen(tx: Tx, token: string, field: string): Promise<OrganizationInvitation> {
    const invitation = await tx.organizationInvitation.findUnique({ where: { tokenHash: tokenHash(token) } });
    const problem = invitationProblem(invitation);
    if (problem || !invitation) throw tokenError(problem ?? 'invalid', field);
    return invitation;
  }

  async acceptWithin(tx: Tx, invitation: OrganizationInvitation, user: Pick<AuthUser, 'id' | 'role'>) {
    const taken = await tx.organizationInvitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date(), acceptedById: user.id },
    });
    if (taken.count === 0) throw tokenError('used');
    const existing = await tx.membership.findUnique({
      where: { userId_organizationId: { userId: user.id, organizationId: invitation.organizationId } },
    });
    if (existing) throw new ConflictError('您已是该机构的成员 / you are a member of this organization already');
    await tx.membership.create({ data: { userId: user.id, organizationId: invitation.organizationId, role: invitation.role } });
    await tx.auditEntry.create({
      data: {
        entityType: 'OrganizationInvitation',
        entityId: invitation.id,
        action: 'organization.invitationAccepted',
        fromState: 'PENDING',
        toState: 'ACCEPTED',
        actorId: user.id,
        actorRole: user.role,
        reason: '接受邀请 / accepted the invitation',
        data: { organizationId: invitation.organizationId, role: invitation.role, invitedById: invitation.invitedById },
      },
    });
    return { organizationId: invitation.organizationId, role: invitation.role };
  }

  private async requireMember(user: AuthUser, organizationId: string) {
    const m = await this.prisma.membership.findUnique({ where: { userId_organizationId: { userId: user.id, organizationId } } });
    // Foreign organizations answer 404, so their existence does not leak.
    if (!m) throw new NotFoundError('Organization', organizationId);
    return m;
  }

  private async requireOwner(user: AuthUser, organizationId: string) {
    const m = await this.requireMember(user, organizationId);
    if (m.role !== 'OWNER') throw new ForbiddenError(OWNER_ONLY);
    return m;
  }
}

function invitationProblem(i: OrganizationInvitation | null) {
  if (i?.revokedAt) return 'invalid' as const;
  return tokenProblem(i && { expiresAt: i.expiresAt, usedAt: i.acceptedAt });
}
