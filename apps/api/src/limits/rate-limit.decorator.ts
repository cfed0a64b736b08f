import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiErrors } from '../common/openapi/api-errors.decorator';

/** Which abuse limits a route is counted against (limits.module.ts names the throttlers of each). */
export type RateLimitGroup = 'login' | 'publicWrite' | 'verify';

export const RATE_LIMIT_KEY = 'psp:rateLimit';

/**
 * Counts the route against its group's limits: `login` per address and per account, `publicWrite`
 * (anonymous writes such as objections) per address, `verify` (document verification, /verify)
 * per address. Routes without it are not throttled.
 */
export const RateLimit = (group: RateLimitGroup) => applyDecorators(SetMetadata(RATE_LIMIT_KEY, group), ApiErrors(429));
