import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ROLES } from '@workflows/rules';
import { ChangePasswordDto, LoginDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { PASSWORD_MIN_LENGTH } from '../auth/password-policy';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { OpenDuringPasswordChange, Public, Roles } from '../common/auth/roles.decorator';
import { FieldError, TooManyRequestsError } from '../common/errors';
import { RateLimit } from '../limits/rate-limit.decorator';
import { formErrors, postedFields, submitForm } from './forms';
import { renderPage, safeLocalPath, Translate, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { WebCookies } from './web-cookies';
import { fieldMessage, webForm } from './web-errors';
import { LANG_COOKIE, toWebLang } from './web-i18n';
import { WebSessionService } from './web-session.service';
import type { Response } from 'express';

const LOGIN_FIELDS = ['username', 'password'] as const;
const PASSWORD_FIELDS = ['currentPassword', 'newPassword'] as const;
export const PASSWORD_PAGE = '/account/password';
// Rules of the password policy (auth/password-policy.ts) and of the change itself, worded by the portal.
const PASSWORD_RULES = new Set(['minLength', 'notUsername', 'notCommon', 'matches', 'differs']);

function passwordErrors(found: FieldError[], t: Translate) {
  return formErrors(found, (e) => ({
    key: e.field,
    message: PASSWORD_RULES.has(e.rule)
      ? t(`web.password.rules.${e.rule}`, { field: t(`web.fields.${e.field}`), min: PASSWORD_MIN_LENGTH })
      : fieldMessage(e, t),
  }));
}
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
  @RateLimit('login')
  @Post('login')
  async login(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, HOME);
    this.web.returnPath(res, lang, `/login?next=${encodeURIComponent(next)}`);
    const { typed } = postedFields(body, LOGIN_FIELDS);
    let limited: TooManyRequestsError | undefined;
    const done = await submitForm(webForm(lang, this.web.translator(lang), LoginDto), LoginDto, typed, (dto) =>
      this.auth.login(dto, 'WEB').catch((e: unknown) => {
        if (e instanceof TooManyRequestsError) limited = e;
        throw e;
      }),
    );
    // Throttled or locked: the error page's 429 with Retry-After, as the API answers, not a form to retry at once.
    if (limited) throw limited;
    // A wrong password is AuthService's 401: one sentence that does not say which of the two was wrong.
    if (!done.ok) return this.renderLogin(req, res, { next, username: typed.username, errors: done.errors, failed: !done.errors }, 400);
    this.session.signIn(res, done.value.accessToken);
    // After an admin's reset, the new password first; the page asked for afterwards.
    if (done.value.mustChangePassword) return res.redirect(303, `${PASSWORD_PAGE}?next=${encodeURIComponent(next)}`);
    res.redirect(303, next);
  }

  /** Ends the session on the server as well: a copy of the cookie is refused afterwards. */
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('logout')
  async logout(@CurrentUser() user: AuthUser, @Res() res: Response) {
    await this.session.signOut(res, user.sessionId);
    res.redirect(303, '/');
  }

  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Get('account/password')
  async passwordPage(@CurrentUser() user: AuthUser, @Req() req: WebRequest, @Res() res: Response, @Query('next') next?: string) {
    await this.renderPassword(req, res, user, { next: safeLocalPath(next, HOME) });
  }

  /** The same change as POST /api/auth/password; the other sessions of the account end, this one goes on. */
  @Roles(...ROLES)
  @OpenDuringPasswordChange()
  @Post('account/password')
  async changePassword(@CurrentUser() user: AuthUser, @Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const next = safeLocalPath((body as { next?: unknown } | undefined)?.next, HOME);
    this.web.returnPath(res, lang, PASSWORD_PAGE);
    const { typed } = postedFields(body, PASSWORD_FIELDS);
    const page = { lang, t, errors: (found: FieldError[]) => passwordErrors(found, t) };
    const done = await submitForm(page, ChangePasswordDto, typed, (dto) => this.auth.changePassword(user, dto));
    if (!done.ok) return this.renderPassword(req, res, user, { next, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, next);
  }

  /** The header's language switch: a plain link, so it works without JavaScript. */
  @Public()
  @Get('lang/:lang')
  switchLanguage(@Res() res: Response, @Param('lang') lang: string, @Query('next') next?: string) {
    res.cookie(LANG_COOKIE, toWebLang(lang), this.cookies.options({ maxAge: ONE_YEAR_MS }));
    res.redirect(303, safeLocalPath(next));
  }

  private async renderPassword(req: WebRequest, res: Response, user: AuthUser, locals: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const forced = user.mustChangePassword;
    await renderPage(res, 'pages/password', { title: t('web.password.title'), section: 'account', forced, ...locals }, status);
  }

  private async renderLogin(req: WebRequest, res: Response, locals: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(res, 'pages/login', { title: t('web.login.title'), section: 'login', ...locals }, status);
  }
}
