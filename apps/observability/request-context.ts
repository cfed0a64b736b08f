import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { REQUEST_ID_PATTERN } from '../../workflows/request-id';
import type { NextFunction, Request, Response } from 'express';

/** The request id of the HTTP call (API) or of the decision whose activity runs (worker). */
export const requestContext = new AsyncLocalStorage<{ requestId: string }>();

export const currentRequestId = (): string | undefined => requestContext.getStore()?.requestId;

/**
 * Express middleware, first of all: keeps a well-formed X-Request-Id of the caller (a proxy's)
 * or makes one, answers with it, and runs the rest of the request inside its context, so that the
 * log lines and the Temporal calls of the request carry it.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  (req as Request & { id?: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  requestContext.run({ requestId }, next);
}
