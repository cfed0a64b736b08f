import { Injectable } from '@nestjs/common';
import { assertPasswordPolicy } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { audit } from '../common/audit';
import { ConflictError, NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { AddMembershipDto, ChangeRoleDto, CreateUserDto, mapUser, UserDetail, UserListQuery, UserView } from './users.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserView> {
    const { password, ...rest } = dto;
    assertPasswordPolicy(password, dto.username);
    if (await this.prisma.user.findUnique({ where: { username: dto.username }, select: { id: true } }))
      throw new ConflictError(`用户名 ${dto.username} 已被使用 / the user name ${dto.username} is already taken`);
    const passwordHash = await hashPassword(password);
    const user = await this.prisma.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { ...rest, passwordHash } });
      await audit(tx, actor, {
        entityType: 'User',
        entityId: created.id,
        action: 'user.created',
        toState: created.role,
        data: { username: created.username, role: created.role },
      });
      return created;
    });
    return mapUser(user);
  }

  async list(q: UserListQuery): Promise<Page<UserView>> {
    const text = q.q?.trim();
    const where: Prisma.UserWhereInput = {
      ...(text && {
        OR: [{ username: { contains: text, mode: 'insensitive' } }, { displayName: { contains: text, mode: 'insensitive' } }],
      }),
      ...(q.role && { role: q.role }),
      ...(q.regionCode && { regionCode: { startsWith: q.regionCode } }),
      ...(q.active && { active: q.active === 'true' }),
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.user.findMany({ where, orderBy: { username: 'asc' }, ...pageArgs(q) }),
      this.prisma.user.count({ where }),
    ]);
    return { items: items.map(mapUser), total, page: q.page, pageSize: q.pageSize };
  }

  /** One account with the organizations it acts for. */
  async detail(id: string): Promise<UserDetail> {
    const user = await this.prisma.user.findUnique({
      where: { id },
      include: { memberships: { include: { organization: { select: { id: true, name: true } } } } },
    });
    if (!user) throw new NotFoundError('User', id);
    return { ...mapUser(user), createdAt: user.createdAt, organizations: user.memberships.map((m) => m.organization) };
  }

  /**
   * 角色与区域: the account's role and region. The guard reads both at every request, so the
   * change holds from the account's next step. An admin does not change their own role (they
   * would lock themselves out), and an account that acts for organizations stays an applicant.
   */
  async changeRole(actor: AuthUser, id: string, dto: ChangeRoleDto): Promise<UserView> {
    if (id === actor.id) throw new ConflictError('不能修改自己的角色 / an admin cannot change their own role');
    const before = await this.prisma.user.findUnique({ where: { id }, include: { _count: { select: { memberships: true } } } });
    if (!before) throw new NotFoundError('User', id);
    if (dto.role !== 'APPLICANT' && before._count.memberships > 0)
      throw new ConflictError('该账号仍是社会组织成员，只能是申报单位账号 / an account that acts for organizations stays an applicant');
    const regionCode = dto.regionCode ?? null;
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id }, data: { role: dto.role, regionCode } });
      await audit(tx, actor, {
        entityType: 'User',
        entityId: id,
        action: 'user.roleChanged',
        fromState: before.role,
        toState: user.role,
        reason: dto.reason,
        data: { regionBefore: before.regionCode, regionAfter: regionCode },
      });
      return mapUser(user);
    });
  }

  /** Lets an applicant account act for an organization (several people per organization). */
  async addMembership(actor: AuthUser, userId: string, dto: AddMembershipDto): Promise<void> {
    const user = await this.prisma.user.findUnique({ where: { id: userId } });
    if (!user) throw new NotFoundError('User', userId);
    if (user.role !== 'APPLICANT') {
      throw new ValidationFailedError([{ field: 'userId', rule: 'applicantOnly', message: 'userId: 只有申报单位账号可以加入社会组织' }]);
    }
    const org = await this.prisma.organization.findUnique({ where: { id: dto.organizationId } });
    if (!org) throw new NotFoundError('Organization', dto.organizationId);
    await this.prisma.$transaction(async (tx) => {
      await tx.membership.upsert({
        where: { userId_organizationId: { userId, organizationId: org.id } },
        create: { userId, organizationId: org.id },
        update: {},
      });
      await audit(tx, actor, { entityType: 'Organization', entityId: org.id, action: 'organization.memberAdded', data: { userId } });
    });
  }

  /** Organizations an applicant account may be added to, by name, for the admin's choice. */
  async organizationChoices(): Promise<{ id: string; name: string }[]> {
    return this.prisma.organization.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' }, take: 500 });
  }
}
