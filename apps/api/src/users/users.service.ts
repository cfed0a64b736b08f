import { Injectable } from '@nestjs/common';
import { assertPasswordPolicy } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { audit } from '../common/audit';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, PageQuery, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { AddMembershipDto, CreateUserDto, mapUser, UserView } from './users.dto';
import type { AuthUser } from '../common/auth/auth-user';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async create(actor: AuthUser, dto: CreateUserDto): Promise<UserView> {
    const { password, ...rest } = dto;
    assertPasswordPolicy(password, dto.username);
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

  async list(q: PageQuery): Promise<Page<UserView>> {
    const [items, total] = await this.prisma.$transaction([
      this.prisma.user.findMany({ orderBy: { username: 'asc' }, ...pageArgs(q) }),
      this.prisma.user.count(),
    ]);
    return { items: items.map(mapUser), total, page: q.page, pageSize: q.pageSize };
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
}
