import { Body, Get, Post, Req, Res } from '@nestjs/common';
import { Public } from '../common/auth/roles.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { ObjectionLookupDto } from '../notices/notices.dto';
import { NoticesService } from '../notices/notices.service';
import { postedFields, submitForm } from './forms';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { webForm } from './web-errors';
import type { FormErrors, Refusal } from './forms';
import type { Response } from 'express';

const LOOKUP_FIELDS = ['receipt', 'contact'] as const;

/**
 * 异议处理进度查询: the filer types the receipt number and the contact they gave. Both must match,
 * and the lookup counts against the anonymous write limit, so receipts cannot be probed.
 */
@WebController()
export class WebObjectionStatusController {
  constructor(
    private readonly web: WebContext,
    private readonly notices: NoticesService,
  ) {}

  @Public()
  @Get('objections/status')
  async form(@Req() req: WebRequest, @Res() res: Response) {
    await this.render(req, res, {});
  }

  @Public()
  @RateLimit('publicWrite')
  @Post('objections/status')
  async lookup(@Req() req: WebRequest, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/objections/status');
    const { typed } = postedFields(body, LOOKUP_FIELDS);
    const done = await submitForm(webForm(lang, t, ObjectionLookupDto), ObjectionLookupDto, typed, (dto) => this.notices.lookup(dto));
    if (!done.ok) return this.render(req, res, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    // Neither "no such receipt" nor "wrong contact": one answer for both, so a guess learns nothing.
    if (!done.value) return this.render(req, res, { form: typed, notFound: true }, 404);
    await this.render(req, res, { form: typed, objection: done.value });
  }

  private async render(
    req: WebRequest,
    res: Response,
    extra: { form?: object; errors?: FormErrors; refusal?: Refusal; notFound?: boolean; objection?: unknown },
    status = 200,
  ) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(
      res,
      'pages/objection-status',
      { title: t('web.objectionStatus.title'), section: 'notices', form: {}, ...extra },
      status,
    );
  }
}
