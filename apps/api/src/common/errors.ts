import type { TransitionBlockers } from '@workflows/messages';

/** Typed domain errors; DomainExceptionFilter turns each into one HTTP answer. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
}

export class ValidationFailedError extends DomainError {
  readonly status = 400;
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly errors: FieldError[]) {
    super(`请求参数有误: ${errors.map((e) => `${e.field} (${e.rule})`).join(', ')}`);
  }
}

/** A body over a size limit (an upload, a multipart body), with the field and rule it broke. */
export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
  readonly code = 'PAYLOAD_TOO_LARGE';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
  readonly code = 'NOT_FOUND';
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} 不存在或无权访问 / not found`);
  }
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
  readonly code = 'FORBIDDEN';
}

/** A decision that the entity's current stage does not allow. */
export class InvalidTransitionError extends DomainError {
  readonly status = 409;
  readonly code = 'INVALID_TRANSITION';
  constructor(
    message: string,
    readonly currentStage: string,
    /** What blocks the step (applications, a time), when the refusal names it. */
    readonly blockers: TransitionBlockers = {},
  ) {
    super(message);
  }
}

/** A write that carried a version older than the stored one (optimistic concurrency). */
export class StaleVersionError extends DomainError {
  readonly status = 409;
  readonly code = 'STALE_VERSION';
  constructor(
    readonly entity: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${entity} 已被他人修改（当前版本 ${actual}，提交版本 ${expected}），请刷新后重试 / stale version`);
  }
}

export class ConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'CONFLICT';
}

/** A value that is already taken (a user name), with the field it was given in. */
export class FieldConflictError extends DomainError {
  readonly status = 409;
  readonly code = 'CONFLICT';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** PostgreSQL or Temporal out of reach, or a workflow that did not answer in time: 503 with Retry-After. */
export class DependencyUnavailableError extends DomainError {
  readonly status = 503;
  readonly code = 'DEPENDENCY_UNAVAILABLE';
  constructor(
    message: string,
    readonly dependency: 'database' | 'temporal' = 'temporal',
  ) {
    super(message);
  }
}

/** Too many requests from one address, for one account, contact or round, or an account locked for a while: 429 with Retry-After. */
export class TooManyRequestsError extends DomainError {
  readonly status = 429;
  readonly code = 'TOO_MANY_REQUESTS';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
