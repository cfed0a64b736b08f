import { ArgumentsHost, Catch, ExceptionFilter, ForbiddenException, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { PASSWORD_CHANGE_REQUIRED } from '../common/auth/roles.decorator';
import { SESSION_COOKIE } from '../common/auth/web-session';
import { TooManyRequestsError } from '../common/errors';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebCookies } from './web-cookies';
import { describeError } from './web-errors';
import type { Response } from 'express';

/**
 * Errors on the portal's routes become pages in the visitor's language: not signed in →
 * the login page (coming back afterwards), everything else → an error page with the status
 * and a readable message. Stack traces only ever reach the log.
 */
@Catch()
@Injectable()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebErrors');

  constructor(
    private readonly web: WebContext,
    private readonly cookies: WebCookies,
  ) {}

  async catch(error: unknown, host: ArgumentsHost): Promise<void> {
    const req = host.switchToHttp().getRequest<WebRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;

    if (error instanceof UnauthorizedException) {
      // An expired or forged cookie would otherwise send the visitor round in circles.
      res.clearCookie(SESSION_COOKIE, this.cookies.options());
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/login${next}`);
      return;
    }

    if (error instanceof ForbiddenException && isPasswordChangeRequired(error)) {
      const next = req.method === 'GET' ? `?next=${encodeURIComponent(req.originalUrl)}` : '';
      res.redirect(303, `/account/password${next}`);
      return;
    }

    if (error instanceof TooManyRequestsError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
    let view;
    try {
      const { lang, t } = this.web.prepare(req, res);
      view = describeError(error, lang, t);
    } catch (e) {
      this.logger.error(`preparing an error page failed: ${e instanceof Error ? e.message : String(e)}`);
      view = { status: 500, title: 'Internal error / 服务器内部错误' };
    }
    if (view.status >= 500) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    try {
      await renderPage(res, 'pages/error', { title: view.title, error: view }, view.status);
    } catch (e) {
      this.logger.error(`rendering the error page failed: ${e instanceof Error ? e.message : String(e)}`);
      if (!res.headersSent) res.status(view.status).type('text/plain').send(view.title);
    }
  }
}

function isPasswordChangeRequired(error: ForbiddenException): boolean {
  const body = error.getResponse();
  return typeof body === 'object' && body !== null && (body as { code?: unknown }).code === PASSWORD_CHANGE_REQUIRED;
}
