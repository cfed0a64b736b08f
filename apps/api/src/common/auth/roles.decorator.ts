import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { decidersOf, isPublicDecision, type Decision, type PublicDecision } from '@workflows/rules/deciders';
import { RateLimit } from '../../limits/rate-limit.decorator';
import { ApiErrors, type ErrorStatus } from '../openapi/api-errors.decorator';
import type { Role } from '@generated/prisma/enums';

export const ROLES_KEY = 'psp:roles';
export const PUBLIC_KEY = 'psp:public';
export const DECISION_KEY = 'psp:decision';
export const PASSWORD_CHANGE_KEY = 'psp:password-change';
/** The 403 code of every other route while an account must change its reset password. */
export const PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED';

/**
 * The roles that may call a route. A route without @Roles or @Public is refused for everyone.
 * In the OpenAPI document: the bearer token, and the 401, 403 and 503 every signed-in route can answer.
 */
export const Roles = (...roles: Role[]) => applyDecorators(SetMetadata(ROLES_KEY, roles), ApiBearerAuth(), ApiErrors(401, 403, 503));

/**
 * A route anyone may call without signing in (public notices, health, login). In the OpenAPI
 * document: no credential (an empty security requirement) and the refusals in `errors` (by default
 * the 503 of a database out of reach; the health check documents its own 503).
 */
export const Public = (opts: { errors?: ErrorStatus[] } = {}) =>
  applyDecorators(SetMetadata(PUBLIC_KEY, true), ApiSecurity({}), ApiErrors(...(opts.errors ?? [503])));

/** A route still open to an account whose password was reset (changing it, signing out, who am I). */
export const OpenDuringPasswordChange = () => SetMetadata(PASSWORD_CHANGE_KEY, true);

/**
 * A route that sends one decision: the roles that may call it are the decision's in
 * workflows/rules/deciders.ts (the table the workflow checks too), narrowed to `only` on a
 * portal workspace that serves one of them. A public decision (an objection) is @Public, and
 * counted against the per-address limit of anonymous writes.
 */
export function Decides(decision: Decision | PublicDecision, ...only: Role[]): MethodDecorator & ClassDecorator {
  const access = isPublicDecision(decision) ? applyDecorators(Public(), RateLimit('publicWrite')) : Roles(...decidersOf(decision, only));
  // A decision can be refused by the stage (409) and must reach its workflow (503 when Temporal does not answer).
  return applyDecorators(SetMetadata(DECISION_KEY, decision), access, ApiErrors(409));
}
