import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { Prisma } from '../../../../generated/prisma/client';
import { DomainError, InvalidTransitionError, StaleVersionError, ValidationFailedError } from './errors';

interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  [extra: string]: unknown;
}

/** Maps every error to one JSON shape; unknown errors are logged and answered without internals. */
@Catch()
export class DomainExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(error);
    if (body.statusCode >= 500) this.logger.error(error instanceof Error ? error.stack ?? error.message : String(error));
    res.status(body.statusCode).json(body);
  }

  private toBody(error: unknown): ErrorBody {
    if (error instanceof DomainError) {
      const body: ErrorBody = { statusCode: error.status, code: error.code, message: error.message };
      if (error instanceof ValidationFailedError) body.errors = error.errors;
      if (error instanceof InvalidTransitionError) body.currentStage = error.currentStage;
      if (error instanceof StaleVersionError) body.currentVersion = error.actual;
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
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      return { statusCode: 409, code: 'DUPLICATE', message: `记录已存在 / already exists (${String(error.meta?.target ?? '')})` };
    }
    if (isConnectionError(error)) {
      return { statusCode: 503, code: 'DEPENDENCY_UNAVAILABLE', message: '依赖服务暂不可用，请稍后重试 / a dependency is unavailable' };
    }
    return { statusCode: 500, code: 'INTERNAL', message: '服务器内部错误 / internal error' };
  }
}

function httpCode(status: number): string {
  return ({ 400: 'BAD_REQUEST', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT' } as Record<number, string>)[status] ?? 'HTTP_ERROR';
}

function isConnectionError(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  const text = error instanceof Error ? `${error.name} ${error.message} ${(error as { code?: string }).code ?? ''}` : '';
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|DatabaseNotReachable|P1001|UNAVAILABLE|14 UNAVAILABLE/.test(text);
}
