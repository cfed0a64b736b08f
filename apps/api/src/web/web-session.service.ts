import { Injectable } from '@nestjs/common';
import { SessionsService } from '../auth/sessions.service';
import { SESSION_COOKIE } from '../common/auth/web-session';
import { WebCookies } from './web-cookies';
import type { Response } from 'express';

/**
 * The portal's session cookie: it holds the token of a server-side session (SessionsService,
 * channel WEB) that AuthGuard reads on @WebSession routes; its `typ` claim keeps it from being
 * used as a bearer token on the JSON API. Signing out ends the session on the server too, so a
 * copy of the cookie is worthless afterwards.
 */
@Injectable()
export class WebSessionService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly cookies: WebCookies,
  ) {}

  signIn(res: Response, token: string): void {
    res.cookie(SESSION_COOKIE, token, this.cookies.options());
  }

  async signOut(res: Response, sessionId: string): Promise<void> {
    await this.sessions.end(sessionId, 'logout');
    res.clearCookie(SESSION_COOKIE, this.cookies.options());
  }
}
