import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ROLES } from '@workflows/rules';
import { Roles } from '../../common/auth/roles.decorator';
import { MailSettingsDto, MailSettingsView } from '../../notifications/mail-settings.dto';
import { MailSettingsService } from '../../notifications/mail-settings.service';
import { FormErrors, Refusal, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { MAIL_SETTINGS_PATH } from './desk-links';
import { deskForm } from './desk-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type SignedIn = WebRequest & { user: AuthUser };

/**
 * 通知设置, for every signed-in role: the language of one's email and, per topic, whether an email
 * is sent besides the inbox; through the service and DTO of PUT /api/notifications/settings.
 */
@WebController()
export class MailSettingsController {
  constructor(
    private readonly web: WebContext,
    private readonly settings: MailSettingsService,
  ) {}

  @Roles(...ROLES)
  @Get('account/notifications')
  async show(@Req() req: SignedIn, @Res() res: Response, @Query('done') done?: string) {
    await this.render(req, res, await this.settings.get(req.user), { done: done === 'saved' });
  }

  @Roles(...ROLES)
  @Post('account/notifications')
  async save(@Req() req: SignedIn, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, MAIL_SETTINGS_PATH);
    const posted = (body ?? {}) as Record<string, unknown>;
    // Checkboxes: the topics ticked for email come back; the rest are the ones turned off.
    const ticked = new Set([posted.email ?? []].flat().map(String));
    const current = await this.settings.get(req.user);
    const input = { language: posted.language, emailOff: current.topics.map((x) => x.topic).filter((topic) => !ticked.has(topic)) };
    const done = await submitForm(deskForm(lang, t, MailSettingsDto, 'mail-'), MailSettingsDto, input, (dto) =>
      this.settings.update(req.user, dto),
    );
    if (!done.ok) return this.render(req, res, current, { errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `${MAIL_SETTINGS_PATH}?done=saved`);
  }

  private async render(
    req: SignedIn,
    res: Response,
    view: MailSettingsView,
    extra: { done?: boolean; errors?: FormErrors; refusal?: Refusal },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    await renderPage(
      res,
      'pages/desk/mail-settings',
      {
        title: t('desk.mailSettings.title'),
        section: 'workspace',
        english: view.language === 'en',
        topics: view.topics.map((x) => ({
          ...x,
          label: lang === 'en' ? x.label.en : x.label.zh,
          id: `mail-${x.topic.replace(/\W/g, '-')}`,
        })),
        errors: extra.errors,
        refusal: extra.refusal,
        doneMessage: extra.done ? t('desk.mailSettings.saved') : undefined,
      },
      status,
    );
  }
}
