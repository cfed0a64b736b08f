import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { SESSION_COOKIE, SESSION_TOKEN_TYPE } from '../common/auth/web-session';
import { WebCookies } from './web-cookies';
import type { Response } from 'express';

/**
 * The portal's session: a JWT signed by the API's own JwtService (same secret and lifetime as the
 * bearer tokens), kept in an HttpOnly cookie. The global AuthGuard reads it on @WebSession routes;
 * its `typ` claim keeps it from being used as a bearer token on the JSON API.
 */
@Injectable()
export class WebSessionService {
  constructor(
    private readonly jwt: JwtService,
    private readonly cookies: WebCookies,
  ) {}

  async signIn(res: Response, userId: string): Promise<void> {
    const token = await this.jwt.signAsync({ sub: userId, typ: SESSION_TOKEN_TYPE });
    res.cookie(SESSION_COOKIE, token, this.cookies.options());
  }

  signOut(res: Response): void {
    res.clearCookie(SESSION_COOKIE, this.cookies.options());
  }
}
