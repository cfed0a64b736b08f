import { Injectable, UnauthorizedException } from '@nestjs/common';
import { audit } from '../common/audit';
import { ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { LoginLockoutService } from '../limits/login-lockout.service';
import { assertPasswordPolicy } from './password-policy';
import { dummyHash, hashPassword, verifyPassword } from './passwords';
import { SessionChannel, SessionsService } from './sessions.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { ChangePasswordDto, LoginDto, LoginResultDto } from './auth.dto';

export { hashPassword } from './passwords';

const WRONG = '用户名或密码错误 / wrong username or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly sessions: SessionsService,
    private readonly lockout: LoginLockoutService,
  ) {}

  /** Checks the password and opens a server-side session; the token names it. */
  async login(dto: LoginDto, channel: SessionChannel = 'API'): Promise<LoginResultDto> {
    const user = await this.prisma.user.findUnique({ where: { username: dto.username } });
    if (user) await this.lockout.refuseIfLocked(user.id);
    // An unknown name is checked against a hash of the same kind, so both answers take as long.
    const check = await verifyPassword(dto.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !check.ok || !user.active) {
      if (user && !check.ok) await this.lockout.recordFailure(user.id);
      throw new UnauthorizedException({ code: 'UNAUTHENTICATED', message: WRONG });
    }
    await this.lockout.recordSuccess(user.id);
    if (check.needsRehash) {
      // Only when the hash is still the one just checked: a password changed meanwhile wins.
      await this.prisma.user.updateMany({
        where: { id: user.id, passwordHash: user.passwordHash },
        data: { passwordHash: await hashPassword(dto.password) },
      });
    }
    const accessToken = await this.sessions.open(user.id, channel);
    return {
      accessToken,
      tokenType: 'Bearer',
      mustChangePassword: user.mustChangePassword,
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    };
  }

  async logout(user: AuthUser): Promise<void> {
    await this.sessions.end(user.sessionId, 'logout');
    await this.prisma.$transaction((tx) => audit(tx, user, { entityType: 'User', entityId: user.id, action: 'user.loggedOut' }));
  }

  /**
   * The owner changes their password with the current one. Every other session of the account ends
   * (a thief's included); the one that made the change goes on.
   */
  async changePassword(user: AuthUser, dto: ChangePasswordDto): Promise<void> {
    const stored = await this.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    if (!(await verifyPassword(dto.currentPassword, stored.passwordHash)).ok) {
      throw validation('currentPassword', 'matches', 'currentPassword: 当前密码不正确 / current password is wrong');
    }
    if (dto.newPassword === dto.currentPassword) {
      throw validation('newPassword', 'differs', 'newPassword: 新密码须与当前密码不同 / must differ from the current password');
    }
    assertPasswordPolicy(dto.newPassword, stored.username, 'newPassword');
    const passwordHash = await hashPassword(dto.newPassword);
    await this.prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { passwordHash, mustChangePassword: false } });
      const ended = await SessionsService.endAll(tx, user.id, 'passwordChanged', user.sessionId);
      await audit(tx, user, {
        entityType: 'User',
        entityId: user.id,
        action: 'user.passwordChanged',
        data: { otherSessionsEnded: ended.count, afterReset: stored.mustChangePassword },
      });
    });
  }
}

function validation(field: string, rule: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, rule, message }]);
}
