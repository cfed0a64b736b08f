import { Inject, Injectable } from '@nestjs/common';
import { TooManyRequestsError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { retryAfterSeconds, type Limits } from './limits.config';
import { LIMITS } from './limits.tokens';

/**
 * Temporary lockout of an account after repeated wrong passwords. The counts live in PostgreSQL
 * (LoginLockout) and every step is one statement that decides under the row's lock, so several API
 * replicas and simultaneous guesses agree on when the account locks and for how long.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    private readonly prisma: PrismaService,
    @Inject(LIMITS) private readonly limits: Limits,
  ) {}

  /** Refuses any attempt, the right password included, while the account is locked. */
  async refuseIfLocked(userId: string): Promise<void> {
    const rows = await this.prisma.$queryRaw<{ ms: number }[]>`
      SELECT (EXTRACT(EPOCH FROM ("lockedUntil" - now())) * 1000)::float8 AS ms
      FROM "LoginLockout" WHERE "userId" = ${userId}::uuid AND "lockedUntil" > now()`;
    if (rows.length > 0) throw lockedError(rows[0].ms);
  }

  /** Counts a wrong password; throws 429 when this one locks the account (and audits the lockout). */
  async recordFailure(userId: string): Promise<void> {
    const { PSP_LOCKOUT_FAILURES: threshold, PSP_LOCKOUT_MS: base, PSP_LOCKOUT_MAX_MS: max } = this.limits;
    const locked = await this.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "LoginLockout" ("userId", failures, "updatedAt") VALUES (${userId}::uuid, 1, now())
        ON CONFLICT ("userId") DO UPDATE SET failures = "LoginLockout".failures + 1, "updatedAt" = now()`;
      // Only the attempt that reaches the threshold matches: it resets the count, so a concurrent one does not lock twice.
      const rows = await tx.$queryRaw<{ lockouts: number; ms: number }[]>`
        UPDATE "LoginLockout"
        SET failures = 0, lockouts = lockouts + 1, "updatedAt" = now(),
            "lockedUntil" = now() + make_interval(secs => LEAST(${base}::float8 * power(2, LEAST(lockouts, 40)), ${max}::float8) / 1000)
        WHERE "userId" = ${userId}::uuid AND failures >= ${threshold}
        RETURNING lockouts, (EXTRACT(EPOCH FROM ("lockedUntil" - now())) * 1000)::float8 AS ms`;
      if (rows.length === 0) return undefined;
      const { lockouts, ms } = rows[0];
      await tx.auditEntry.create({
        data: {
          entityType: 'User',
          entityId: userId,
          action: 'user.lockedOut',
          reason: `连续 ${threshold} 次密码错误 / ${threshold} wrong passwords in a row`,
          data: { lockouts, lockedForSeconds: retryAfterSeconds(ms) },
        },
      });
      return ms;
    });
    if (locked !== undefined) throw lockedError(locked);
  }

  /** A successful sign-in clears the count and the growth of later lockouts. */
  async recordSuccess(userId: string): Promise<void> {
    await this.prisma.loginLockout.updateMany({
      where: { userId, OR: [{ failures: { gt: 0 } }, { lockouts: { gt: 0 } }] },
      data: { failures: 0, lockouts: 0, lockedUntil: null },
    });
  }
}

function lockedError(ms: number): TooManyRequestsError {
  const seconds = retryAfterSeconds(ms);
  const minutes = Math.ceil(seconds / 60);
  return new TooManyRequestsError(
    `密码错误次数过多，账户已临时锁定，请 ${minutes} 分钟后再试 / too many wrong passwords: the account is locked, retry in ${minutes} min`,
    seconds,
  );
}
