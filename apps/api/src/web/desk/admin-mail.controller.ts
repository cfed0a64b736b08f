import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../common/auth/roles.decorator';
import { ResendMailDto } from '../../notifications/failed-mail.dto';
import { FailedMailService } from '../../notifications/failed-mail.service';
import { FormErrors, postedFields, Refusal, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { FAILED_MAIL_PATH } from './desk-links';
import { deskForm } from './desk-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type SignedIn = WebRequest & { user: AuthUser };

/**
 * 发送失败的邮件: the messages the worker gave up after its last attempt, with recipient, kind,
 * last error and attempts, and a resend with its reason (audited as mail.resend); through the
 * service of GET /api/mail/failed and POST /api/mail/:id/resend.
 */
@WebController()
export class AdminMailController {
  constructor(
    private readonly web: WebContext,
    private readonly failed: FailedMailService,
  ) {}

  @Roles('ADMIN')
  @Get('admin/mail')
  async list(@Req() req: SignedIn, @Res() res: Response, @Query('page') rawPage?: string, @Query('done') done?: string) {
    await this.render(req, res, pageNumber(rawPage), { done: done === 'resent' });
  }

  @Roles('ADMIN')
  @Post('admin/mail/:id/resend')
  async resend(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, FAILED_MAIL_PATH);
    const { typed } = postedFields(body, ['reason'] as const);
    const done = await submitForm(deskForm(lang, t, ResendMailDto, `mail-${id}-`), ResendMailDto, typed, (dto) =>
      this.failed.resend(req.user, id, dto.reason),
    );
    if (!done.ok) return this.render(req, res, 1, { errorsOf: id, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `${FAILED_MAIL_PATH}?done=resent`);
  }

  private async render(
    req: SignedIn,
    res: Response,
    page: number,
    extra: { done?: boolean; errorsOf?: string; errors?: FormErrors; refusal?: Refusal },
    status = 200,
  ) {
    const t = this.web.translator(this.web.lang(req));
    const list = await this.failed.list({ page, pageSize: PAGE_SIZE });
    await renderPage(
      res,
      'pages/desk/failed-mail',
      {
        title: t('desk.failedMail.title'),
        section: 'workspace',
        total: list.total,
        items: list.items.map((m) => ({
          ...m,
          failedAt: m.failedAt?.toISOString(),
          errors: m.id === extra.errorsOf ? extra.errors : undefined,
        })),
        pager: pager(list.total, page, PAGE_SIZE, (p) => `${FAILED_MAIL_PATH}?page=${p}`),
        refusal: extra.refusal,
        doneMessage: extra.done ? t('desk.failedMail.resent') : undefined,
      },
      status,
    );
  }
}
