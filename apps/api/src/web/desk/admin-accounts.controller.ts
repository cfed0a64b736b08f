import { randomBytes } from 'node:crypto';
import { Body, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { Roles } from '../../common/auth/roles.decorator';
import { AccountAdminService } from '../../users/account-admin.service';
import { AccountActionDto, ResetPasswordDto, UserDetail } from '../../users/users.dto';
import { UsersService } from '../../users/users.service';
import { checkForm, decide, isConfirmed, Outcome, postedFields, renderConfirmation, submitForm } from '../forms';
import { renderPage, Translate, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { renderUserPage, UserForm } from './admin-user-page';
import { deskForm } from './desk-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { WebLang } from '../web-i18n';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type SignedIn = WebRequest & { user: AuthUser };
type Step = 'deactivate' | 'reactivate' | 'reset';

/** A temporary password the policy accepts: 16 random characters, shown to the admin once. */
function temporaryPassword(): string {
  return `Tmp-${randomBytes(12).toString('base64url')}`;
}

/**
 * An account's hold: deactivate, reactivate, reset the password, through AccountAdminService as
 * POST /api/users/:id/… does. Each asks first on a confirmation page (the reason carried
 * through it): the account's sessions end at once and cannot be brought back.
 */
@WebController()
export class AdminAccountsController {
  constructor(
    private readonly web: WebContext,
    private readonly users: UsersService,
    private readonly accounts: AccountAdminService,
  ) {}

  @Roles('ADMIN')
  @Post('admin/users/:id/deactivate')
  deactivate(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.step(req, res, id, body, 'deactivate', (dto, lang, t) =>
      decide(deskForm(lang, t, AccountActionDto, 'account-'), () => this.accounts.deactivate(req.user, id, dto)),
    );
  }

  @Roles('ADMIN')
  @Post('admin/users/:id/reactivate')
  reactivate(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.step(req, res, id, body, 'reactivate', (dto, lang, t) =>
      decide(deskForm(lang, t, AccountActionDto, 'account-'), () => this.accounts.reactivate(req.user, id, dto)),
    );
  }

  /** The temporary password is made here, sent as ResetPasswordDto, and shown on this response only. */
  @Roles('ADMIN')
  @Post('admin/users/:id/password-reset')
  async resetPassword(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const password = temporaryPassword();
    return this.step(req, res, id, body, 'reset', async (dto, lang, t) => {
      const done = await submitForm(
        deskForm(lang, t, ResetPasswordDto, 'reset-'),
        ResetPasswordDto,
        { ...dto, temporaryPassword: password },
        (reset) => this.accounts.resetPassword(req.user, id, reset),
      );
      if (!done.ok) return done;
      res.setHeader('Cache-Control', 'no-store');
      await renderPage(res, 'pages/desk/password-issued', {
        title: t('desk.reset.issuedTitle'),
        section: 'workspace',
        account: done.value,
        temporaryPassword: password,
      });
      return { ok: true, value: 'shown' };
    });
  }

  private async step(
    req: SignedIn,
    res: Response,
    id: string,
    body: unknown,
    step: Step,
    send: (dto: AccountActionDto, lang: WebLang, t: Translate) => Promise<Outcome<unknown>>,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/admin/users/${id}`);
    const user = await this.users.detail(id);
    const { typed, given } = postedFields(body, ['reason'] as const);
    const form: UserForm = step === 'reset' ? 'reset' : 'account';
    const page = deskForm(lang, t, AccountActionDto, `${form}-`);
    const checked = await checkForm(page, AccountActionDto, given);
    if (checked.ok && !isConfirmed(body)) return renderConfirmation(res, this.confirmation(step, user, typed.reason, t));
    const done: Outcome<unknown> = checked.ok ? await send(checked.value, lang, t) : checked;
    if (done.ok) {
      if (step !== 'reset') res.redirect(303, `/admin/users/${id}?done=${step === 'deactivate' ? 'deactivated' : 'reactivated'}`);
      return;
    }
    await renderUserPage(res, t, lang, user, await this.users.organizationChoices(), { form, typed, ...done }, done.status);
  }

  private confirmation(step: Step, user: UserDetail, reason: string, t: Translate) {
    return {
      heading: t(`desk.confirm.${step}.heading`, { name: user.displayName }),
      intro: t(`desk.confirm.${step}.intro`),
      irreversible: t(`desk.confirm.${step}.irreversible`),
      facts: [
        { term: t('desk.fields.username'), value: user.username, userContent: true },
        { term: t('desk.fields.displayName'), value: user.displayName, userContent: true },
        { term: t('desk.fields.reason'), value: reason, userContent: true },
      ],
      action: `/admin/users/${user.id}/${step === 'reset' ? 'password-reset' : step}`,
      hidden: [{ name: 'reason', value: reason }],
      confirmLabel: t(`desk.confirm.${step}.confirm`),
      back: { href: `/admin/users/${user.id}`, label: t('web.confirm.back') },
      area: 'office' as const,
    };
  }
}
