import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import { limitPasswordHashing } from '../auth/passwords';
import { loadLimits, type Limits } from './limits.config';
import { LIMITS } from './limits.tokens';
import { LoginLockoutService } from './login-lockout.service';
import { RATE_LIMIT_KEY, type RateLimitGroup } from './rate-limit.decorator';
import { RateLimitGuard } from './rate-limit.guard';
import type { ExecutionContext } from '@nestjs/common';

/** A throttler counts only the routes marked with its group: every other route skips it. */
function only(group: RateLimitGroup) {
  return (context: ExecutionContext) => Reflect.getMetadata(RATE_LIMIT_KEY, context.getHandler()) !== group;
}

/**
 * The user name a sign-in (or a registration, or a reset request's `account`) names, so guesses at
 * one account from many addresses are counted together.
 */
function accountOf(req: Record<string, unknown>): string {
  const body = req.body as { username?: unknown; account?: unknown } | undefined;
  const username = body?.username ?? body?.account;
  return typeof username === 'string' && username.length > 0 ? `user:${username.slice(0, 64).toLowerCase()}` : `ip:${String(req.ip)}`;
}

// The library keys a count by route as well; one key per throttler and caller makes the API's
// and the portal's sign-in (or objection) routes draw on the same allowance.
function sharedKey(_context: ExecutionContext, tracker: string, throttler: string): string {
  return `${throttler}:${tracker}`;
}

function throttlers(limits: Limits): ThrottlerOptions[] {
  const ttl = limits.PSP_RATE_WINDOW_MS;
  return [
    { name: 'login-address', ttl, limit: limits.PSP_LOGIN_LIMIT_PER_ADDRESS, skipIf: only('login') },
    { name: 'login-account', ttl, limit: limits.PSP_LOGIN_LIMIT_PER_ACCOUNT, skipIf: only('login'), getTracker: accountOf },
    { name: 'public-write', ttl, limit: limits.PSP_PUBLIC_WRITE_LIMIT_PER_ADDRESS, skipIf: only('publicWrite') },
    { name: 'verify', ttl, limit: limits.PSP_VERIFY_LIMIT_PER_ADDRESS, skipIf: only('verify') },
  ];
}

function limitsOfThisProcess(): Limits {
  const limits = loadLimits();
  limitPasswordHashing(limits.PSP_PASSWORD_HASH_CONCURRENCY);
  return limits;
}

/**
 * Abuse limits: per-address and per-account throttling of sign-in and of anonymous writes (counted
 * in each API process: a replica's share of a flood), and the account lockout (in PostgreSQL, shared).
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      useFactory: () => ({ throttlers: throttlers(loadLimits()), generateKey: sharedKey, setHeaders: false }),
    }),
  ],
  providers: [{ provide: LIMITS, useFactory: limitsOfThisProcess }, LoginLockoutService, { provide: APP_GUARD, useClass: RateLimitGuard }],
  exports: [LIMITS, LoginLockoutService],
})
export class LimitsModule {}
