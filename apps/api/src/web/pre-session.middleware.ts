import { randomBytes } from 'node:crypto';
import { Injectable, NestMiddleware } from '@nestjs/common';
import { SESSION_COOKIE } from '../common/auth/web-session';
import { PRE_SESSION_COOKIE, WebCookies } from './web-cookies';
import type { NextFunction, Request, Response } from 'express';

/**
 * Gives a visitor who is not signed in a random identifier, so that CSRF tokens of the public
 * forms (login, objections) are bound to one browser like those of signed-in users are.
 */
@Injectable()
export class PreSessionMiddleware implements NestMiddleware {
  constructor(private readonly cookies: WebCookies) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const jar = (req.cookies ?? {}) as Record<string, unknown>;
    if (!jar[SESSION_COOKIE] && !jar[PRE_SESSION_COOKIE]) {
      const id = randomBytes(18).toString('base64url');
      res.cookie(PRE_SESSION_COOKIE, id, this.cookies.options());
      // Visible to this same request too, so the first page's tokens already match the cookie.
      req.cookies = { ...jar, [PRE_SESSION_COOKIE]: id };
    }
    next();
  }
}
