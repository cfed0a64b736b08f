import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { CookieOptions } from 'express';

/** Cookie names of the portal and the attributes they share. */
export const PRE_SESSION_COOKIE = 'psp_pre';
export const CSRF_COOKIE = 'psp_csrf';

@Injectable()
export class WebCookies {
  constructor(private readonly config: ConfigService) {}

  /**
   * HttpOnly so scripts never read them, SameSite=Lax so a link from elsewhere still arrives
   * signed in while cross-site POSTs carry no cookie, Secure wherever the site is served over
   * HTTPS (production); the tests run over plain HTTP on 127.0.0.1.
   */
  options(extra: CookieOptions = {}): CookieOptions {
    return { httpOnly: true, sameSite: 'lax', secure: this.config.get<string>('NODE_ENV') === 'production', path: '/', ...extra };
  }
}
