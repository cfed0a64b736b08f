import { setTimeout as sleep } from 'node:timers/promises';
import { ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { TooManyRequestsError } from '../common/errors';
import { LIMITS } from './limits.tokens';
import type { Limits } from './limits.config';
import type { Response } from 'express';

/**
 * @nestjs/throttler's guard, answering in the platform's own shape: 429 with a plain `Retry-After`
 * (the library names it per throttler) and a message in Chinese and English, on the API and the portal.
 * The refusal is held for `PSP_REFUSAL_DELAY_MS` first (see limits.config.ts).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(LIMITS) private readonly limits: Limits,
  ) {
    super(options, storage, reflector);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const delay = this.limits.PSP_REFUSAL_DELAY_MS;
    if (delay > 0) await sleep(delay);
    // The window went on while the refusal was held.
    const seconds = Math.max(1, Math.ceil((detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire) - delay / 1000));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new TooManyRequestsError(`请求过于频繁，请 ${seconds} 秒后再试 / too many requests, retry in ${seconds} s`, seconds);
  }
}
