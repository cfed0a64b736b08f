import { Injectable } from '@nestjs/common';
import { I18nService } from 'nestjs-i18n';
import { WebCsrf } from './web-csrf';
import { LANG_COOKIE, otherLang, toWebLang, WebLang } from './web-i18n';
import type { AuthUser } from '../common/auth/auth-user';
import type { Request, Response } from 'express';

/** A request of the portal as the guard and the i18n middleware leave it. */
export type WebRequest = Request & { user?: AuthUser; i18nLang?: string };

export type Translate = (key: string, args?: Record<string, unknown>) => string;

/** Only paths of this site: `next` parameters must never send anyone elsewhere. */
export function safeLocalPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//')) return fallback;
  // eslint-disable-next-line no-control-regex -- control characters are what a safe path must not hold
  return /[\\\u0000-\u001f]/.test(value) ? fallback : value;
}

/**
 * What every page's layout needs — language, the visitor, the CSRF token of its forms, the
 * language switch — put into res.locals before a page or an error page is rendered.
 */
@Injectable()
export class WebContext {
  constructor(
    private readonly i18n: I18nService,
    private readonly csrf: WebCsrf,
  ) {}

  /** Resolved by nestjs-i18n's cookie resolver; the cookie itself when its middleware did not run. */
  lang(req: WebRequest): WebLang {
    const cookies = req.cookies as Record<string, unknown> | undefined;
    return toWebLang(req.i18nLang ?? cookies?.[LANG_COOKIE]);
  }

  translator(lang: WebLang): Translate {
    return (key, args) => String(this.i18n.t(key, { lang, args: args ?? {} }));
  }

  prepare(req: WebRequest, res: Response): { lang: WebLang; t: Translate } {
    const lang = this.lang(req);
    const t = this.translator(lang);
    const user = req.user;
    Object.assign(res.locals, {
      lang,
      csrfToken: this.csrf.token(req, res),
      viewer: user ? { displayName: user.displayName, role: user.role } : null,
    });
    this.returnPath(res, lang, req.method === 'GET' ? req.originalUrl : '/');
    return { lang, t };
  }

  /** Where the language switch brings the visitor back to (a re-rendered POST names its page). */
  returnPath(res: Response, lang: WebLang, path: string): void {
    const other = otherLang(lang);
    res.locals.otherLang = {
      code: other,
      label: this.translator(other)('web.layout.languageName'),
      href: `/lang/${other}?next=${encodeURIComponent(safeLocalPath(path))}`,
    };
  }
}

/** Renders a page through Express with a callback, so a template error reaches the filter, not Express's stack-trace page. */
export function renderPage(res: Response, view: string, locals: Record<string, unknown>, status = 200): Promise<void> {
  return new Promise((resolve, reject) => {
    res.render(view, locals, (err: Error | null, html: string) => {
      if (err) return reject(err);
      res.status(status).type('html').send(html);
      resolve();
    });
  });
}
