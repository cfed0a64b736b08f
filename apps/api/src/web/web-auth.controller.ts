import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ROLES } from '@workflows/rules';
import { LoginDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { Public, Roles } from '../common/auth/roles.decorator';
import { postedFields, submitForm } from './forms';
import { renderPage, safeLocalPath, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { WebCookies } from './web-cookies';
import { webForm } from './web-errors';
import { LANG_COOKIE, toWebLang } from './web-i18n';
import { WebSessionService } from './web-session.service';
import type { Response } from 'express';

const LOGIN_FIELDS = ['username', 'password'] as const;
const HOME = '/workspace';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

/** Signing in and out of the portal, and the language switch. */
@WebController()
export class WebAuthController {
  constructor(
    private readonly web: WebContext,
    private readonly auth: AuthService,
    private readonly session: WebSessionService,
    private readonly cookies: WebCookies,
  ) {}

  @Public()
  @Get('login')
  async loginPage(@Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string) {
    if (req.user) return res.redirect(303, safeLocalPath(next, HOME));
    await this.renderLogin(req, res, { next: safeLocalPath(next, HOME) });
  }

  /** The password is checked by AuthService, exactly as for the JSON API's /auth/login. */
  @Public()
  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, HOME);
    this.web.returnPath(res, lang, `/login?next=${encodeURIComponent(next)}`);
    const { typed } = postedFields(body, LOGIN_FIELDS);
    const done = await submitForm(webForm(lang, this.web.translator(lang), LoginDto), LoginDto, typed, (dto) => this.auth.login(dto));
    // A wrong password is AuthService's 401: one sentence that does not say which of the two was wrong.
    if (!done.ok) return this.renderLogin(req, res, { next, username: typed.username, errors: done.errors, failed: !done.errors }, 400);
    await this.session.signIn(res, done.value.user.id);
    res.redirect(303, next);
  }

  @Roles(...ROLES)
  @Post('logout')
  logout(@Res() res: Response) {
    this.session.signOut(res);
    res.redirect(303, '/');
  }

  /** The header's language switch: a plain link, so it works without JavaScript. */
  @Public()
  @Get('lang/:lang')
  switchLanguage(@Res() res: Response, @Param('lang') lang: string, @Query('next') next?: string) {
    res.cookie(LANG_COOKIE, toWebLang(lang), this.cookies.options({ maxAge: ONE_YEAR_MS }));
    res.redirect(303, safeLocalPath(next));
  }

  private async renderLogin(req: WebRequest, res: Response, locals: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(res, 'pages/login', { title: t('web.login.title'), section: 'login', ...locals }, status);
  }
}
