import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { MEMBERSHIP_ROLES, ForgotPasswordDto, RegisterDto, ResetWithTokenDto, TokenDto } from '../accounts/accounts.dto';
import { InvitationsService } from '../accounts/invitations.service';
import { PasswordResetService } from '../accounts/password-reset.service';
import { RegistrationService } from '../accounts/registration.service';
import { PASSWORD_MIN_LENGTH, passwordProblems } from '../auth/password-policy';
import { Public, Roles } from '../common/auth/roles.decorator';
import { FieldConflictError, ValidationFailedError } from '../common/errors';
import { RateLimit } from '../limits/rate-limit.decorator';
import { decide, FormPage, postedFields, submitForm } from './forms';
import { accountErrors } from './web-account-errors';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import type { Response } from 'express';

const REGISTER_FIELDS = ['username', 'displayName', 'email', 'password', 'invitationToken'] as const;

/** A taken user name is the API's 409 with its field: shown beside the field, like any other field error. */
function fieldsOfConflict(e: unknown): never {
  if (e instanceof FieldConflictError) throw new ValidationFailedError(e.errors);
  throw e;
}

const token = (body: unknown) => postedFields(body, ['token'] as const).typed.token;

/** 注册、邮箱验证、忘记密码、重设密码、接受邀请: the portal's pages for people who cannot sign in yet. */
@WebController()
export class WebAccountsController {
  constructor(
    private readonly web: WebContext,
    private readonly registration: RegistrationService,
    private readonly reset: PasswordResetService,
    private readonly invitations: InvitationsService,
  ) {}

  private page(req: WebRequest): FormPage {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    return { lang, t, errors: (found) => accountErrors(found, t) };
  }

  @Public()
  @Get('register')
  async registerPage(@Req() req: WebRequest, @Res() res: Response, @Query('invitation') invitation?: string) {
    const invited = invitation ? await this.invitations.lookup(invitation).catch(() => undefined) : undefined;
    await this.render(req, res, 'register', { form: { invitationToken: invitation ?? '', email: invited?.email ?? '' }, invited });
  }

  @Public()
  @RateLimit('login')
  @Post('register')
  async register(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const page = this.page(req);
    this.web.returnPath(res, page.lang, '/register');
    const { typed, given } = postedFields(body, REGISTER_FIELDS);
    const input = { ...typed, invitationToken: given.invitationToken };
    const check = (i: object) => passwordProblems((i as typeof typed).password, (i as typeof typed).username);
    const done = await submitForm(page, RegisterDto, input, (dto) => this.registration.register(dto).catch(fieldsOfConflict), check);
    if (!done.ok) return this.render(req, res, 'register', { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    const joined = done.value.status === 'ACTIVE';
    await this.done(req, res, joined ? 'joined' : 'registered', { email: typed.email });
  }

  /** The link in the mail opens the form with its token filled in; posting it verifies (a GET changes nothing). */
  @Public()
  @Get('register/verify')
  async verifyPage(@Req() req: WebRequest, @Res() res: Response, @Query('token') given?: string) {
    await this.render(req, res, 'verify', { form: { token: given ?? '' } });
  }

  @Public()
  @RateLimit('login')
  @Post('register/verify')
  async verify(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const page = this.page(req);
    this.web.returnPath(res, page.lang, '/register/verify');
    const done = await submitForm(page, TokenDto, { token: token(body) }, (dto) => this.registration.verify(dto));
    const form = { token: token(body) };
    if (!done.ok) return this.render(req, res, 'verify', { form, errors: done.errors, refusal: done.refusal }, done.status);
    await this.done(req, res, 'verified', { username: done.value.username });
  }

  @Public()
  @Get('password/forgot')
  async forgotPage(@Req() req: WebRequest, @Res() res: Response) {
    await this.render(req, res, 'forgot', { form: {} });
  }

  /** The same answer whether or not the account exists. */
  @Public()
  @RateLimit('login')
  @Post('password/forgot')
  async forgot(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const page = this.page(req);
    this.web.returnPath(res, page.lang, '/password/forgot');
    const { typed } = postedFields(body, ['account'] as const);
    const done = await submitForm(page, ForgotPasswordDto, typed, (dto) => this.reset.request(dto));
    if (!done.ok) return this.render(req, res, 'forgot', { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    await this.done(req, res, 'resetSent', {});
  }

  @Public()
  @Get('password/reset')
  async resetPage(@Req() req: WebRequest, @Res() res: Response, @Query('token') given?: string) {
    await this.render(req, res, 'reset', { form: { token: given ?? '' } });
  }

  @Public()
  @RateLimit('login')
  @Post('password/reset')
  async resetPassword(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const page = this.page(req);
    this.web.returnPath(res, page.lang, '/password/reset');
    const { typed } = postedFields(body, ['token', 'newPassword'] as const);
    const done = await submitForm(page, ResetWithTokenDto, typed, (dto) => this.reset.reset(dto));
    const form = { token: typed.token };
    if (!done.ok) return this.render(req, res, 'reset', { form, errors: done.errors, refusal: done.refusal }, done.status);
    await this.done(req, res, 'passwordReset', {});
  }

  /** The invitation link: what it offers, and the ways in (accept signed in, sign in, register). */
  @Public()
  @Get('join')
  async joinPage(@Req() req: WebRequest, @Res() res: Response, @Query('token') given?: string) {
    const page = this.page(req);
    const found = await decide(page, () => this.invitations.lookup(given ?? ''));
    const t = page.t;
    const invitation = found.ok ? { ...found.value, roleText: t(`web.accounts.roles.${found.value.role}`) } : undefined;
    const here = `/join?token=${encodeURIComponent(given ?? '')}`;
    await this.render(
      req,
      res,
      'join',
      {
        invitation,
        token: given ?? '',
        errors: found.ok ? undefined : found.errors,
        signedIn: Boolean(req.user),
        applicant: req.user?.role === 'APPLICANT',
        loginHref: `/login?next=${encodeURIComponent(here)}`,
        registerHref: `/register?invitation=${encodeURIComponent(given ?? '')}`,
      },
      found.ok ? 200 : found.status,
    );
  }

  @Roles('APPLICANT')
  @Post('join')
  async join(@Req() req: WebRequest & { user: AuthUser }, @Res() res: Response, @Body() body: unknown) {
    const page = this.page(req);
    const given = token(body);
    this.web.returnPath(res, page.lang, `/join?token=${encodeURIComponent(given)}`);
    const done = await submitForm(page, TokenDto, { token: given }, (dto) => this.invitations.accept(req.user, dto.token));
    if (!done.ok) {
      return this.render(req, res, 'join', { token: given, errors: done.errors, refusal: done.refusal, signedIn: true }, done.status);
    }
    res.redirect(303, `/my/organizations/${done.value.organizationId}?members=joined#members`);
  }

  private async render(req: WebRequest, res: Response, view: string, locals: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(
      res,
      `pages/accounts/${view}`,
      { title: t(`web.accounts.${view}.title`), section: 'login', roles: MEMBERSHIP_ROLES, min: PASSWORD_MIN_LENGTH, ...locals },
      status,
    );
  }

  private async done(req: WebRequest, res: Response, what: string, args: Record<string, unknown>) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(res, 'pages/accounts/done', { title: t(`web.accounts.done.${what}.title`), section: 'login', what, args });
  }
}
