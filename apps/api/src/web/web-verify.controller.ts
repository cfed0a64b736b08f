import { Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { Public } from '../common/auth/roles.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import { VerifyHashDto, type VerificationDto } from '../verification/verification.dto';
import { VerificationService } from '../verification/verification.service';
import { MultipartFormGuard, type MultipartRequest } from './applicant/multipart.guard';
import { decide, submitForm } from './forms';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { webForm } from './web-errors';
import type { FormErrors, Outcome, Refusal } from './forms';
import type { Response } from 'express';

interface VerifyView {
  form?: { sha256?: string };
  errors?: FormErrors;
  fileErrors?: FormErrors;
  refusal?: Refusal;
  result?: VerificationDto & { kindLabel?: string };
}

/**
 * 文书真伪核验: anyone types the digest printed in a PDF's footer (a GET form, so a result can be
 * linked to) or uploads the file they received (multipart, with the form's CSRF token), and
 * learns whether the platform issued it, which kind, to whom and when. Both count against the
 * per-address verification limit, shared with GET/POST /api/public/verify.
 */
@WebController()
@UseGuards(MultipartFormGuard)
export class WebVerifyController {
  constructor(
    private readonly web: WebContext,
    private readonly verification: VerificationService,
  ) {}

  @Public()
  @RateLimit('verify')
  @Get('verify')
  async page(@Req() req: WebRequest, @Res() res: Response, @Query('sha256') sha256?: string) {
    if (sha256 === undefined) return this.render(req, res, {});
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const typed = { sha256 };
    const done = await submitForm(webForm(lang, t, VerifyHashDto), VerifyHashDto, typed, (dto) => this.verification.byHash(dto.sha256));
    if (!done.ok) return this.render(req, res, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    await this.render(req, res, { form: typed, result: done.value });
  }

  @Public()
  @RateLimit('verify')
  @Post('verify')
  async upload(@Req() req: MultipartRequest & WebRequest, @Res() res: Response) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/verify');
    const problem = req.uploadProblem;
    const done: Outcome<VerificationDto> = problem
      ? { ok: false, status: problem === 'maxSize' ? 413 : 400, errors: webForm(lang, t).errors([fileError(problem)]) }
      : await decide(webForm(lang, t), () => this.verification.byFile(req.file));
    if (!done.ok) return this.render(req, res, { fileErrors: done.errors, refusal: done.refusal }, done.status);
    await this.render(req, res, { result: done.value });
  }

  private async render(req: WebRequest, res: Response, view: VerifyView, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const result = view.result?.document
      ? { ...view.result, kindLabel: t(`applicant.documentKind.${view.result.document.kind}`) }
      : view.result;
    await renderPage(res, 'pages/verify', { title: t('web.verify.title'), section: 'verify', form: {}, ...view, result }, status);
  }
}

function fileError(problem: 'maxSize' | 'unreadable') {
  return problem === 'maxSize'
    ? { field: 'file', rule: 'maxSize', message: 'file: 文件不能超过10MB / a file may be at most 10 MB' }
    : { field: 'file', rule: 'unreadable', message: 'file: 无法读取上传的文件 / the upload could not be read' };
}
