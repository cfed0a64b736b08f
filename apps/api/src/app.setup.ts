import { httpMetricsMiddleware } from '@observability/metrics';
import { requestIdMiddleware } from '@observability/request-context';
import { JSON_BODY_LIMIT, refuseDeepJson } from './common/body-limits';
import { DomainExceptionFilter } from './common/domain-exception.filter';
import { serveOpenApiDocument } from './common/openapi/document';
import { apiDocsEnabled, securityHeaders } from './common/security-headers';
import { createValidationPipe } from './common/validation';
import { webRoutes } from './web/web-routes';
import { configureWebViews } from './web/web-views';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';

/** Everything main.ts and the tests both need, so the tested app is the shipped app. */
export function configureApp(app: INestApplication): void {
  const express = app as NestExpressApplication;
  // First of all: the request id every log line and Temporal call of the request carries, and the timing.
  express.use(requestIdMiddleware);
  express.use(httpMetricsMiddleware);
  express.use(securityHeaders());
  express.disable('x-powered-by');
  // Behind a reverse proxy every caller would share the proxy's address, and so its rate limits.
  const proxy = process.env.TRUST_PROXY?.trim();
  if (proxy) express.set('trust proxy', /^\d+$/.test(proxy) ? Number(proxy) : proxy);
  // Registered here, before Nest's defaults, so that nesting is limited before anything walks the body.
  express.useBodyParser('json', { limit: JSON_BODY_LIMIT, verify: refuseDeepJson });
  setApiPrefix(app);
  configureWebViews(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new DomainExceptionFilter());
  app.enableShutdownHooks();
  if (!apiDocsEnabled()) return;
  serveOpenApiDocument(app);
}

/** The JSON API lives under /api; the server-rendered portal's pages at the site's root. */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: webRoutes() });
}
