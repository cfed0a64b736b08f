import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { APPLICATION_ATTACHMENT_KIND_LABELS, regionName } from '@workflows/rules';
import { sendAttachment } from '../applications/attachment-files';
import { Decides, Public } from '../common/auth/roles.decorator';
import { ConfirmDto, ObjectionDto } from '../notices/notices.dto';
import { NoticesService } from '../notices/notices.service';
import { ProjectsService } from '../projects/projects.service';
import { RoundFilesService } from '../rounds/round-files.service';
import { fieldBounds, postedFields, submitForm } from './forms';
import { roundFacts, roundFileItem } from './office/round-facts';
import { PublicRoundsService } from './public-rounds.service';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { webForm } from './web-errors';
import { labelText } from './web-i18n';
import { pageNumber, pager } from './web-pager';
import type { Response } from 'express';

const PAGE_SIZE = 10;
const OBJECTION_FIELDS = ['applicationId', 'name', 'contact', 'reason'] as const;
const CONFIRM_FIELDS = ['code'] as const;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/** What anyone may read without signing in: open calls, public notices with objections, results. */
@WebController()
export class WebPublicController {
  constructor(
    private readonly web: WebContext,
    private readonly rounds: PublicRoundsService,
    private readonly notices: NoticesService,
    private readonly projects: ProjectsService,
    private readonly roundFiles: RoundFilesService,
  ) {}

  /** 首页: rounds open for applications or about to open. */
  @Public()
  @Get()
  async home(@Req() req: WebRequest, @Res() res: Response, @Query('page') rawPage?: string) {
    const t = this.web.translator(this.web.lang(req));
    const page = pageNumber(rawPage);
    const rounds = await this.rounds.open({ page, pageSize: PAGE_SIZE });
    await renderPage(res, 'pages/home', {
      title: t('web.home.title'),
      section: 'home',
      rounds: rounds.items,
      pager: pager(rounds.total, page, PAGE_SIZE, (p) => `/?page=${p}`),
    });
  }

  /** 申报指南: one published round's call — money, window, who may apply, what to attach, how it is scored and paid. */
  @Public()
  @Get('rounds/:id/guidelines')
  async round(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid) id: string) {
    const lang = this.web.lang(req);
    const { round, noticed } = await this.rounds.guidelines(id);
    const facts = roundFacts(round, lang);
    const required = (facts.eligibilityRules as { requiredAttachments?: string[] }).requiredAttachments ?? [];
    const files = (await this.roundFiles.published(id)).map((f) => roundFileItem(f, lang, `/rounds/${id}/guidelines/files/${f.id}`));
    await renderPage(res, 'pages/round', {
      title: round.name,
      section: 'home',
      round: facts,
      regionLabel: regionName(round.regionCode, lang === 'en' ? 'en' : 'zh') ?? round.regionCode,
      requiredAttachments: required.map((k) => labelText(APPLICATION_ATTACHMENT_KIND_LABELS[k], lang) ?? k),
      files,
      noticed,
    });
  }

  /** 申报指南附件: a file of a published round's call, for anyone (a draft's: 404). */
  @Public()
  @Get('rounds/:id/guidelines/files/:fileId')
  async roundFile(@Res() res: Response, @Param('id', uuid) id: string, @Param('fileId', uuid) fileId: string) {
    sendAttachment(res, await this.roundFiles.publishedContent(id, fileId));
  }

  /** 公示公告: notices running now and the results of rounds already decided. */
  @Public()
  @Get('notices')
  async noticeList(@Req() req: WebRequest, @Res() res: Response, @Query('page') rawPage?: string) {
    const t = this.web.translator(this.web.lang(req));
    // NoticesService returns the latest 100 without paging; the page is cut here until it pages itself.
    const all = await this.notices.publicNotices();
    const page = pageNumber(rawPage);
    await renderPage(res, 'pages/notices', {
      title: t('web.notices.title'),
      section: 'notices',
      notices: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      pager: pager(all.length, page, PAGE_SIZE, (p) => `/notices?page=${p}`),
    });
  }

  @Public()
  @Get('notices/:roundId')
  async notice(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('roundId', uuid) roundId: string,
    @Query('filed') filed?: string,
    @Query('confirmed') confirmed?: string,
  ) {
    const id = (v?: string) => (typeof v === 'string' && isUUID(v) ? v : undefined);
    await this.renderNotice(req, res, roundId, { filed: id(filed), confirmed: id(confirmed) });
  }

  /** 提出异议: the form posts here; errors come back on the same page, success redirects (PRG). */
  @Decides('fileObjection')
  @Post('notices/:roundId/objections')
  async fileObjection(@Req() req: WebRequest, @Res() res: Response, @Param('roundId', uuid) roundId: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/notices/${roundId}`);
    const { typed } = postedFields(body, OBJECTION_FIELDS);
    // Refusals of the workflow (its validator, its stage) come back on the page, in its language.
    const done = await submitForm(webForm(lang, t, ObjectionDto), ObjectionDto, typed, (dto) => this.notices.file(roundId, dto));
    if (!done.ok) return this.renderNotice(req, res, roundId, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/notices/${roundId}?filed=${done.value.objectionId}#objection-filed`);
  }

  /** 确认异议: the code sent to the contact; a wrong one comes back on the same page with the attempts left. */
  @Public()
  @Post('notices/:roundId/objections/:id/confirm')
  async confirmObjection(
    @Req() req: WebRequest,
    @Res() res: Response,
    @Param('roundId', uuid) roundId: string,
    @Param('id', uuid) id: string,
    @Body() body: unknown,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/notices/${roundId}?filed=${id}#objection-filed`);
    const { typed } = postedFields(body, CONFIRM_FIELDS);
    const done = await submitForm(webForm(lang, t, ConfirmDto), ConfirmDto, typed, (dto) => this.notices.confirm(id, dto));
    if (!done.ok)
      return this.renderNotice(
        req,
        res,
        roundId,
        {
          filed: id,
          confirmForm: typed,
          confirmErrors: done.errors,
          refusal: done.refusal,
          refusalHeading: 'web.objection.confirmRefused',
        },
        done.status,
      );
    res.redirect(303, `/notices/${roundId}?confirmed=${id}#objection-confirmed`);
  }

  /** 项目结果公开: award and, once the project has ended, its evaluation grades. */
  @Public()
  @Get('projects/:id/result')
  async result(@Req() req: WebRequest, @Res() res: Response, @Param('id', uuid) id: string) {
    const t = this.web.translator(this.web.lang(req));
    const result = await this.projects.publicResult(id);
    await renderPage(res, 'pages/project-result', { title: t('web.result.title'), result });
  }

  private async renderNotice(req: WebRequest, res: Response, roundId: string, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const notice = await this.notices.publicNotice(roundId);
    await renderPage(
      res,
      'pages/notice',
      {
        title: notice.name,
        section: 'notices',
        notice,
        form: {},
        refusalHeading: 'web.objection.refused',
        reasonHint: t('web.objection.reasonHint', fieldBounds(ObjectionDto, 'reason')),
        ...extra,
      },
      status,
    );
  }
}
