import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import { SESSION_COOKIE } from '../common/auth/web-session';
import { CSRF_COOKIE, PRE_SESSION_COOKIE, WebCookies } from './web-cookies';
import type { Request, Response } from 'express';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cookie(req: Request, name: string): string | undefined {
  const value = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Double-submit CSRF tokens (csrf-csrf) for every form of the portal: the token is an HMAC
 * bound to the visitor's session — the session cookie once signed in, the pre-session cookie
 * before — so a token minted for one visitor or before sign-in is worthless afterwards.
 */
@Injectable()
export class WebCsrf {
  private readonly utils: DoubleCsrfUtilities;

  constructor(config: ConfigService, cookies: WebCookies) {
    // A key of its own: a leaked or rotated signing key says nothing about this one.
    const secret = config.getOrThrow<string>('CSRF_SECRET');
    this.utils = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => cookie(req, SESSION_COOKIE) ?? cookie(req, PRE_SESSION_COOKIE) ?? '',
      cookieName: CSRF_COOKIE,
      cookieOptions: { ...cookies.options(), sameSite: 'strict' },
      getCsrfTokenFromRequest: (req) => {
        const body = req.body as Record<string, unknown> | undefined;
        return typeof body?._csrf === 'string' ? body._csrf : undefined;
      },
    });
  }

  /** The token for this visitor's forms; reuses the cookie's token while it still matches the session. */
  token(req: Request, res: Response): string {
    return this.utils.generateCsrfToken(req, res);
  }

  valid(req: Request): boolean {
    return this.utils.validateRequest(req);
  }
}

/** Refuses any state-changing request of the portal without a valid token (403 page). */
@Injectable()
export class WebCsrfGuard implements CanActivate {
  constructor(private readonly csrf: WebCsrf) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method) || this.csrf.valid(req)) return true;
    throw new ForbiddenException({
      code: 'CSRF',
      message: '表单已失效，请刷新页面后重新提交 / the form has expired: reload the page and submit again',
    });
  }
}
