import { Injectable } from '@nestjs/common';
import { assertPasswordPolicy } from '../auth/password-policy';
import { hashPassword } from '../auth/passwords';
import { SessionsService } from '../auth/sessions.service';
import { PrismaService } from '../common/prisma.service';
import { passwordResetMail } from './account-mail';
import { newToken, RESET_TTL_MS, tokenError, tokenHash, tokenProblem } from './account-tokens';
import type { ForgotPasswordDto, ResetWithTokenDto } from './accounts.dto';

// Registered by its owner and never verified: not an account an admin made, nor one an admin deactivated.
const AWAITING_VERIFICATION = { active: false, emailVerifiedAt: null, accountTokens: { some: { purpose: 'VERIFY_EMAIL', usedAt: null } } };
const ANSWER =
  '如果该账号存在并登记了电子邮箱，重设密码的邮件已发出，30 分钟内有效 / if the account exists and has an address, a reset mail is on its way';

/**
 * 忘记密码: a reset token goes to the account's address; using it sets a new password, ends every
 * session, clears the lockout. The request's answer is the same whether or not the account exists.
 */
@Injectable()
export class PasswordResetService {
  constructor(private readonly prisma: PrismaService) {}

  async request(dto: ForgotPasswordDto): Promise<{ message: string }> {
    const account = dto.account.trim();
    const users = await this.prisma.user.findMany({
      where: {
        email: { not: null },
        OR: [{ username: account }, { email: { equals: account, mode: 'insensitive' } }],
        // A deactivated account stays shut; a self-registered one awaiting its verification may reset (the mail proves the address too).
        AND: [{ OR: [{ active: true }, AWAITING_VERIFICATION] }],
      },
      take: 5,
    });
    for (const user of users) {
      const { token, hash } = newToken();
      await this.prisma.$transaction(async (tx) => {
        await tx.accountToken.create({
          data: { userId: user.id, purpose: 'RESET_PASSWORD', tokenHash: hash, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
        });
        await passwordResetMail(tx, user.email!, user.id, user.username, token);
        await tx.auditEntry.create({
          data: {
            entityType: 'User',
            entityId: user.id,
            action: 'user.passwordResetRequested',
            reason: '忘记密码 / forgot password',
            data: { by: account.includes('@') ? 'email' : 'username' },
          },
        });
      });
    }
    return { message: ANSWER };
  }

  async reset(dto: ResetWithTokenDto): Promise<void> {
    const row = await this.prisma.accountToken.findUnique({ where: { tokenHash: tokenHash(dto.token) }, include: { user: true } });
    const unverified = row ? (await this.prisma.user.count({ where: { id: row.userId, ...AWAITING_VERIFICATION } })) > 0 : false;
    const problem = tokenProblem(row?.purpose === 'RESET_PASSWORD' ? row : null);
    if (problem || !row) throw tokenError(problem ?? 'invalid');
    assertPasswordPolicy(dto.newPassword, row.user.username, 'newPassword');
    const passwordHash = await hashPassword(dto.newPassword);
    await this.prisma.$transaction(async (tx) => {
      const used = await tx.accountToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: new Date() } });
      if (used.count === 0) throw tokenError('used');
      // Every other reset token of the account dies with this one.
      await tx.accountToken.updateMany({
        where: { userId: row.userId, purpose: 'RESET_PASSWORD', usedAt: null },
        data: { usedAt: new Date() },
      });
      await tx.user.update({
        where: { id: row.userId },
        data: { passwordHash, mustChangePassword: false, ...(unverified && { active: true, emailVerifiedAt: new Date() }) },
      });
      const ended = await SessionsService.endAll(tx, row.userId, 'passwordReset');
      await tx.loginLockout.updateMany({ where: { userId: row.userId }, data: { failures: 0, lockouts: 0, lockedUntil: null } });
      await tx.auditEntry.create({
        data: {
          entityType: 'User',
          entityId: row.userId,
          action: 'user.passwordResetByEmail',
          actorId: row.userId,
          actorRole: row.user.role,
          reason: '通过邮件重设密码 / reset through the emailed token',
          data: { sessionsEnded: ended.count, lockoutCleared: true, emailVerified: unverified },
        },
      });
    });
  }
}
