import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { Prisma } from '@generated/prisma/client';
import {
  DependencyUnavailableError,
  DomainError,
  FieldConflictError,
  InvalidTransitionError,
  PayloadTooLargeError,
  StaleVersionError,
  TooManyRequestsError,
  ValidationFailedError,
} from './errors';
import type { Response } from 'express';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  [extra: string]: unknown;
}

/** Seconds a client should wait before retrying while PostgreSQL or Temporal is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export const TEMPORAL_DOWN_MESSAGE = '流程引擎暂不可用，请稍后重试 / Temporal is unavailable, retry later';
export const TEMPORAL_SLOW_MESSAGE = '流程处理繁忙，未能及时答复此决定，请稍后重试 / the workflow did not answer in time, retry later';

/** Maps every error to one JSON shape; unknown errors are logged and answered without internals. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode === 503) {
      // An outage is expected and transient: one line, not a stack trace per request.
      this.logger.warn(
        `dependency unavailable: ${error instanceof Error ? error.message.split('\n').filter(Boolean).pop() : String(error)}`,
      );
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (error instanceof TooManyRequestsError) {
      res.setHeader('Retry-After', String(error.retryAfterSeconds));
    } else if (body.statusCode >= 500) {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    res.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
      if (error instanceof ValidationFailedError || error instanceof PayloadTooLargeError) body.errors = error.errors;
      if (error instanceof FieldConflictError) body.errors = error.errors;
      if (error instanceof InvalidTransitionError) Object.assign(body, { currentStage: error.currentStage, ...error.blockers });
      if (error instanceof StaleVersionError) body.currentVersion = error.actual;
      if (error instanceof DependencyUnavailableError) body.dependency = error.dependency;
      if (error instanceof TooManyRequestsError) body.retryAfterSeconds = error.retryAfterSeconds;
      return body;
    }
    if (error instanceof HttpException) {
      const response = error.getResponse();
      const extra = typeof response === 'object' && response !== null ? (response as Record<string, unknown>) : {};
      return {
        ...extra,
        statusCode: error.getStatus(),
        code: typeof extra.code === 'string' ? extra.code : httpCode(error.getStatus()),
        message: typeof extra.message === 'string' ? extra.message : error.message,
      };
    }
    // body-parser's own errors (a body too large, JSON that does not parse) are http-errors with
    // a client status and `expose`, not HttpExceptions: answer them as what they are.
    const client = error as { status?: unknown; expose?: unknown };
    if (client.expose === true && typeof client.status === 'number' && client.status >= 400 && client.status < 500) {
      return client.status === 413
        ? { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: '请求体过大 / request body too large' }
        : { statusCode: client.status, code: httpCode(client.status), message: '请求格式有误 / malformed request' };
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return { statusCode: 409, code: 'DUPLICATE', message: `记录已存在 / already exists (${String(error.meta?.target ?? '')})` };
    }
    if (unstorableText(error)) {
      // The value passed validation but PostgreSQL cannot hold it; the transaction was rolled back.
      const message =
        '文本含有无法保存的字符（空字符 U+0000 或不成对的代理项）/ text contains characters that cannot be stored (U+0000 or an unpaired surrogate)';
      return { statusCode: 400, code: 'VALIDATION_FAILED', message, errors: [{ field: 'body', rule: 'storableText', message }] };
    }
    const down = unavailableDependency(error);
    if (down === 'database') {
      return {
        statusCode: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        dependency: down,
        message: '数据库暂不可用，请稍后重试 / the database is unavailable, retry later',
      };
    }
    if (down === 'temporal') {
      const message = temporalFailure(error) === 'slow' ? TEMPORAL_SLOW_MESSAGE : TEMPORAL_DOWN_MESSAGE;
      return { statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', dependency: down, message };
    }
    return { statusCode: 500, code: 'INTERNAL', message: '服务器内部错误 / internal error' };
  }
}

function httpCode(status: number): string {
  return (
    ({ 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' } as Record<number, string>)[
      status
    ] ?? 'HTTP_ERROR'
  );
}

// Prisma's codes for an unreachable or vanished server (P1001 can't reach, P1002 timed out,
// P1008 operation timed out, P1017 server closed the connection, P2024 no pooled connection
// in time), the driver adapter's kinds for the same, and PostgreSQL's own SQLSTATEs for a
// server that is shutting down or starting (57P01-57P03) or a broken connection (class 08).
const PRISMA_DOWN_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_DOWN_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SQLSTATE_DOWN = /^(08|57P0[1-3]|53300)/;
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
// gRPC status codes Temporal answers with when it cannot (yet) do what was asked.
const GRPC = { DEADLINE_EXCEEDED: 4, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9, ABORTED: 10, UNAVAILABLE: 14 } as const;
// The server's words for an update it gave up on while the workflow was behind: the update registry
// cleared ("workflow update was aborted", but not "…aborted by closing workflow", which means the
// case has ended), a workflow task that failed under it, a run that is continuing as new, or too
// many updates already waiting on the same workflow.
const WORKFLOW_BEHIND = /update was aborted(?! by closing)|workflow task failure|workflow is closing|in-flight updates/i;

/**
 * How Temporal failed to answer, if that is what the error says. 'slow': Temporal answered but the
 * workflow did not decide in time — the update's call timed out or was cancelled, a gRPC deadline,
 * ABORTED, RESOURCE_EXHAUSTED, an aborted update, a failing workflow task. 'down': the frontend
 * cannot be reached. Anything else (a bug, a refused argument) is neither, and stays a 500.
 */
export function temporalFailure(error: unknown): 'slow' | 'down' | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const found = temporalFailureOf(e);
    if (found) return found;
  }
  return undefined;
}

function temporalFailureOf(e: unknown): 'slow' | 'down' | undefined {
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'slow';
  if (isGrpcServiceError(e)) {
    const text = `${e.details} ${e.message}`;
    switch (e.code) {
      case GRPC.DEADLINE_EXCEEDED:
      case GRPC.RESOURCE_EXHAUSTED:
      case GRPC.ABORTED:
        return 'slow';
      case GRPC.UNAVAILABLE:
        return WORKFLOW_BEHIND.test(text) ? 'slow' : 'down';
      case GRPC.FAILED_PRECONDITION:
        return WORKFLOW_BEHIND.test(text) ? 'slow' : undefined;
      default:
        return undefined;
    }
  }
  if (!(e instanceof Error)) return undefined;
  if (WORKFLOW_BEHIND.test(e.message)) return 'slow';
  if (e.name === 'ServiceError' && /DEADLINE_EXCEEDED/.test(e.message)) return 'slow';
  if (e.name === 'ServiceError' && /UNAVAILABLE|ECONNREFUSED/.test(e.message)) return 'down';
  return undefined;
}

/**
 * Which dependency an error says is out of reach, if any. Only connection-level failures count:
 * a constraint violation or a bug still answers 500, so an outage never hides a defect.
 */
export function unavailableDependency(error: unknown): 'database' | 'temporal' | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof Prisma.PrismaClientInitializationError) return 'database';
    // A DriverAdapterError carries the adapter's verdict as a plain object in `cause`.
    const kind = (e as { kind?: unknown }).kind;
    if (typeof kind === 'string' && ADAPTER_DOWN_KINDS.has(kind)) return 'database';
    if (e instanceof Prisma.PrismaClientKnownRequestError) {
      if (PRISMA_DOWN_CODES.has(e.code)) return 'database';
      const cause = (e.meta?.driverAdapterError as { cause?: { kind?: string; originalCode?: string } } | undefined)?.cause;
      if (cause?.kind && ADAPTER_DOWN_KINDS.has(cause.kind)) return 'database';
      if (cause?.originalCode && SQLSTATE_DOWN.test(cause.originalCode)) return 'database';
    }
    if (temporalFailureOf(e)) return 'temporal';
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE_DOWN.test(code))) return 'database';
    // node-postgres reports a socket closed under a query with a plain Error and no code.
    if (e instanceof Error && /Connection terminated|connection timeout|Can't reach database server|DatabaseNotReachable/i.test(e.message))
      return 'database';
  }
  return undefined;
}

// SQLSTATE 22021 (a NUL byte or other invalid UTF-8) and 22P05 (untranslatable character), and
// the query engine's refusal of an unpaired UTF-16 surrogate in the JSON it is handed.
const UNSTORABLE_SQLSTATES = new Set(['22021', '22P05']);

/** Text that passed validation but that PostgreSQL cannot store: the client's fault, not ours. */
export function unstorableText(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (
      e instanceof Prisma.PrismaClientUnknownRequestError &&
      /unexpected end of hex escape|lone leading surrogate|invalid unicode code point/i.test(e.message)
    )
      return true;
    const record = e as { kind?: unknown; code?: unknown; originalCode?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
    if (
      record.kind === 'postgres' &&
      (UNSTORABLE_SQLSTATES.has(String(record.originalCode)) || UNSTORABLE_SQLSTATES.has(String(record.code)))
    )
      return true;
    if (record.meta?.driverAdapterError?.cause && unstorableText(record.meta.driverAdapterError.cause)) return true;
  }
  return false;
}
