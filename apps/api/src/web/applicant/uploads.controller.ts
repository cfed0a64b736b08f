import { Get, HttpStatus, Param, ParseIntPipe, ParseUUIDPipe, Post, Req, Res, UseGuards } from '@nestjs/common';
import { sendAttachment } from '../../applications/attachment-files';
import { REPORT_ATTACHMENT_KINDS } from '../../applications/attachment-rules';
import { AttachmentDto, AttachmentsService } from '../../applications/attachments.service';
import { Roles } from '../../common/auth/roles.decorator';
import { decide, Outcome, validateDto } from '../forms';
import { WebContext } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { asBody, text } from './applicant-forms';
import { applicantForm } from './applicant-messages';
import { ApplicationFormPage } from './application-form.page';
import { MultipartFormGuard, MultipartRequest } from './multipart.guard';
import { ReportFormPage } from './report-form.page';
import type { AuthUser } from '../../common/auth/auth-user';
import type { FieldError } from '../../common/errors';
import type { Response } from 'express';

type Req = MultipartRequest & { user: AuthUser; i18nLang?: string };
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const seqPipe = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/**
 * 附件: uploads of the application's attachments and of a report's evidence (multipart forms,
 * the API's limits and rules through AttachmentsService), and downloads.
 */
@WebController()
@UseGuards(MultipartFormGuard)
export class ApplicantUploadsController {
  constructor(
    private readonly web: WebContext,
    private readonly attachments: AttachmentsService,
    private readonly form: ApplicationFormPage,
    private readonly reportPage: ReportFormPage,
  ) {}

  @Roles('APPLICANT')
  @Post('my/applications/:id/attachments')
  async uploadAttachment(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/my/applications/${id}/edit`);
    const done = await this.upload(req, id, (kind) => !REPORT_ATTACHMENT_KINDS.includes(kind));
    if (!done.ok)
      return this.form.renderEdit(
        req,
        res,
        id,
        { uploadErrors: done.errors, refusal: done.refusal, uploadKind: text(asBody(req.body), 'kind') },
        done.status,
      );
    res.redirect(303, `/my/applications/${id}/edit?notice=uploaded#attachments`);
  }

  @Roles('APPLICANT')
  @Post('my/applications/:id/reports/:seq/evidence')
  async uploadEvidence(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Param('seq', seqPipe) seq: number) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/my/applications/${id}/reports/${seq}`);
    await this.reportPage.report(req.user, id, seq);
    const done = await this.upload(req, id, (kind) => REPORT_ATTACHMENT_KINDS.includes(kind));
    if (!done.ok)
      return this.reportPage.render(
        req,
        res,
        id,
        seq,
        { uploadErrors: done.errors, refusal: done.refusal, uploadKind: text(asBody(req.body), 'kind') },
        done.status,
      );
    res.redirect(303, `/my/applications/${id}/reports/${seq}?notice=uploaded#evidence`);
  }

  @Roles('APPLICANT')
  @Get('my/applications/:id/attachments/:attachmentId')
  async download(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Param('attachmentId', uuid) attachmentId: string) {
    sendAttachment(res, await this.attachments.download(req.user, id, attachmentId));
  }

  /** The posted kind (one of the form's kinds) and file, judged by AttachmentsService like an API upload. */
  private async upload(req: Req, id: string, offered: (kind: string) => boolean): Promise<Outcome<unknown>> {
    const lang = this.web.lang(req);
    const page = applicantForm(lang, this.web.translator(lang));
    const body = asBody(req.body);
    const kind = await validateDto(AttachmentDto, { kind: text(body, 'kind') });
    const problems: FieldError[] = kind.ok && offered(kind.value.kind) ? [] : [{ field: 'kind', rule: 'isIn', message: '' }];
    if (req.uploadProblem) problems.push({ field: 'file', rule: req.uploadProblem, message: '' });
    if (problems.length > 0) return { ok: false, status: req.uploadProblem === 'maxSize' ? 413 : 400, errors: page.errors(problems) };
    return decide(page, () => this.attachments.upload(req.user, id, text(body, 'kind'), req.file));
  }
}
