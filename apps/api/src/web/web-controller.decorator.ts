import { applyDecorators, Controller, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebSession } from '../common/auth/web-session';
import { WebCsrfGuard } from './web-csrf';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPageInterceptor } from './web-page.interceptor';

/**
 * A controller of the server-rendered portal: outside the /api prefix (see web-routes.ts),
 * signed in by the session cookie, every POST CSRF-checked, errors rendered as pages, and
 * left out of the OpenAPI document. Each route still names its roles with @Roles or @Public.
 */
export function WebController(): ClassDecorator {
  return applyDecorators(
    Controller(),
    WebSession(),
    ApiExcludeController(),
    UseGuards(WebCsrfGuard),
    UseInterceptors(WebPageInterceptor),
    UseFilters(WebExceptionFilter),
  );
}
