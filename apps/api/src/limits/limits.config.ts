import { availableParallelism } from 'node:os';
import { plainToInstance, Type } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';

const MINUTE = 60_000;

/**
 * Abuse limits, from the environment. The defaults suit one bureau's traffic; the test platform
 * raises them (its tests sign in hundreds of times from 127.0.0.1) and the limits' own test lowers them.
 */
export class LimitsEnv {
  /** Length of every rate-limit window. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  PSP_RATE_WINDOW_MS = MINUTE;

  /** Sign-in attempts one address may make per window, whatever the account. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PSP_LOGIN_LIMIT_PER_ADDRESS = 20;

  /** Sign-in attempts one user name may receive per window, from any address. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PSP_LOGIN_LIMIT_PER_ACCOUNT = 10;

  /** Anonymous writes (objections) one address may make per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PSP_PUBLIC_WRITE_LIMIT_PER_ADDRESS = 5;

  /** Document verifications (/verify, API and portal together) one address may ask for per window. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PSP_VERIFY_LIMIT_PER_ADDRESS = 30;

  /** Wrong passwords in a row after which an account is locked. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  PSP_LOCKOUT_FAILURES = 5;

  /** The first lockout; each further one before a successful sign-in lasts twice as long. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  PSP_LOCKOUT_MS = 15 * MINUTE;

  /** The longest lockout. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(30 * 24 * 60 * MINUTE)
  PSP_LOCKOUT_MAX_MS = 24 * 60 * MINUTE;

  /**
   * How long a throttled request waits before its 429 is sent. A flood's clients wait for their
   * answers, so holding each refusal a moment (timers, no work) slows a flood from a few
   * connections to a trickle instead of letting it spin the event loop on cheap refusals.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(10_000)
  PSP_REFUSAL_DELAY_MS = 1000;

  /** Password hashes computed at once in one API process: one fewer than the cores, at least one. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(64)
  PSP_PASSWORD_HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);
}

export type Limits = LimitsEnv;

export function loadLimits(raw: Record<string, unknown> = process.env): Limits {
  const keys = Object.keys(new LimitsEnv());
  const given = Object.fromEntries(keys.filter((k) => raw[k] !== undefined && raw[k] !== '').map((k) => [k, raw[k]]));
  const env = plainToInstance(LimitsEnv, given, { exposeDefaultValues: true });
  const errors = validateSync(env);
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return env;
}

/**
 * Seconds to tell a client in Retry-After: whole seconds, never 0. The sub-millisecond part is
 * dropped first: a lock's end is stored to the millisecond (timestamp(3)), so a 2 s lock can read
 * back as 2000.4 ms, which must still say 2, not 3.
 */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(Math.floor(ms) / 1000));
}
