import { Injectable } from '@nestjs/common';
import { assertPasswordPolicy } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { SessionsService } from '../auth/sessions.service';
import { audit } from '../common/audit';
import { ConflictError, NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { AccountActionDto, mapUser, ResetPasswordDto, UserView } from './users.dto';
import type { AuthUser } from '../common/auth/auth-user';

/**
 * An admin's hold on accounts: deactivate (every session of the account ends at once), reactivate,
 * reset a password (sessions end; the person must choose a new one at the next sign-in). Each is
 * one transaction with its audit row.
 */
@Injectable()
export class AccountAdminService {
  constructor(private readonly prisma: PrismaService) {}

  async deactivate(actor: AuthUser, id: string, dto: AccountActionDto): Promise<UserView> {
    if (id === actor.id) throw new ConflictError('不能停用自己的账号 / an admin cannot deactivate their own account');
    await this.require(id);
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id }, data: { active: false } });
      const ended = await SessionsService.endAll(tx, id, 'deactivated');
      await audit(tx, actor, {
        entityType: 'User',
        entityId: id,
        action: 'user.deactivated',
        toState: 'INACTIVE',
        reason: dto.reason,
        data: { sessionsEnded: ended.count },
      });
      return mapUser(user);
    });
  }

  async reactivate(actor: AuthUser, id: string, dto: AccountActionDto): Promise<UserView> {
    await this.require(id);
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id }, data: { active: true } });
      await audit(tx, actor, { entityType: 'User', entityId: id, action: 'user.reactivated', toState: 'ACTIVE', reason: dto.reason });
      return mapUser(user);
    });
  }

  async resetPassword(actor: AuthUser, id: string, dto: ResetPasswordDto): Promise<UserView> {
    const target = await this.require(id);
    assertPasswordPolicy(dto.temporaryPassword, target.username, 'temporaryPassword');
    const passwordHash = await hashPassword(dto.temporaryPassword);
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.update({ where: { id }, data: { passwordHash, mustChangePassword: true } });
      const ended = await SessionsService.endAll(tx, id, 'passwordReset');
      await audit(tx, actor, {
        entityType: 'User',
        entityId: id,
        action: 'user.passwordReset',
        reason: dto.reason,
        data: { sessionsEnded: ended.count },
      });
      return mapUser(user);
    });
  }

  private async require(id: string) {
    const user = await this.prisma.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundError('User', id);
    return user;
  }
}
