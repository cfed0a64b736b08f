import { Body, Get, HttpStatus, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { REPORT_REVIEW_DECISIONS } from '@workflows/messages';
import { reportReviewErrors } from '@workflows/rules';
import { AttachmentsService } from '../../applications/attachments.service';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { NotFoundError } from '../../common/errors';
import { CHANGE_DECISIONS, ChangeDecisionDto, ReportReviewDto } from '../../projects/projects.dto';
import { ProjectsService } from '../../projects/projects.service';
import { endOfChinaDay, fieldBounds, postedFields, submitForm } from '../forms';
import { attachmentsSection } from '../web-attachments';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { EvaluationForms } from './evaluation-forms';
import { choices } from './review-forms';
import { domainLabel } from './review-labels';
import { reviewForm } from './review-messages';
import { reviewerNav } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel, ReviewerProjectView } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const seqPipe = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const REPORT_FIELDS = ['decision', 'note', 'revisionDeadline'] as const;
const CHANGE_FIELDS = ['decision', 'reason'] as const;
/** Outcomes a redirect may announce on the project page (Post/Redirect/Get). */
const DONE = new Set(['eligibility', 'ruling', 'signed', 'report', 'change', 'evaluation']);
type Req = WebRequest & { user: AuthUser };

/**
 * The reviewer's project page (项目全貌) and the decisions of the implementation phase: 报告审核
 * (accept, or return with a note and a revision deadline), 变更审批 (approve or reject, with a
 * reason) and 政府方评价 (the bureau's evaluation of the organization, ORGANIZATION_SIDE_RUBRIC).
 */
@WebController()
export class ReviewerProjectController {
  constructor(
    private readonly web: WebContext,
    private readonly projects: ProjectsService,
    private readonly queries: ReviewQueries,
    private readonly view: ReviewerProjectView,
    private readonly evaluations: EvaluationForms,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles('REVIEWER')
  @Get('reviewer/projects/:id')
  async project(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('done') done?: string,
    @Query('preview') preview?: string,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [view, files] = await Promise.all([this.view.build(req.user, id, lang, t), this.attachments.list(req.user, id)]);
    await renderPage(res, 'pages/review/reviewer-project', {
      title: view.app.title,
      section: 'workspace',
      nav: reviewerNav(t, 'projects'),
      ...view,
      files: attachmentsSection(files, { appId: id, page: 'project', pagePath: `/reviewer/projects/${id}`, preview, t }),
      done: typeof done === 'string' && DONE.has(done) ? t(`review.done.${done}`) : undefined,
    });
  }

  @Roles('REVIEWER')
  @Get('reviewer/projects/:id/reports/:seq')
  async reportPage(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Query('preview') preview?: string,
  ) {
    await this.renderReport(req, res, id, seq, {}, 200, preview);
  }

  @Decides('reviewReport')
  @Post('reviewer/projects/:id/reports/:seq/review')
  async reviewReport(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Body() body: unknown,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/reviewer/projects/${id}/reports/${seq}`);
    const { typed, given } = postedFields(body, REPORT_FIELDS);
    const input = { ...given, ...(given.revisionDeadline && { revisionDeadline: endOfChinaDay(given.revisionDeadline) }) };
    const page = reviewForm(lang, t, { idPrefix: 'report-', bounds: { note: fieldBounds(ReportReviewDto, 'note') } });
    const done = await submitForm(
      page,
      ReportReviewDto,
      input,
      (dto) => this.projects.reviewReport(req.user, id, seq, dto),
      (typedInput) => reportReviewErrors(typedInput, Date.now()),
    );
    if (!done.ok) return this.renderReport(req, res, id, seq, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/reviewer/projects/${id}?done=report#reports`);
  }

  @Roles('REVIEWER')
  @Get('reviewer/projects/:id/changes/:changeId')
  async changePage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Param('changeId', uuid) changeId: string) {
    await this.renderChange(req, res, id, changeId, {});
  }

  @Decides('decideChange')
  @Post('reviewer/projects/:id/changes/:changeId/decision')
  async decideChange(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('changeId', uuid) changeId: string,
    @Body() body: unknown,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/reviewer/projects/${id}/changes/${changeId}`);
    const { typed, given } = postedFields(body, CHANGE_FIELDS);
    const page = reviewForm(lang, t, { idPrefix: 'change-', bounds: { reason: fieldBounds(ChangeDecisionDto, 'reason') } });
    const done = await submitForm(page, ChangeDecisionDto, given, (dto) => this.projects.decideChange(req.user, id, changeId, dto));
    if (!done.ok)
      return this.renderChange(req, res, id, changeId, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/reviewer/projects/${id}?done=change#changes`);
  }

  /** 政府方评价 (GOV_ON_ORG): the same rubric the workflow scores with, and the same evaluation DTO as the API. */
  @Roles('REVIEWER')
  @Get('reviewer/projects/:id/evaluation')
  async evaluationPage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.evaluations.render(req, res, id, 'GOV_ON_ORG', {});
  }

  @Decides('fileEvaluation', 'REVIEWER')
  @Post('reviewer/projects/:id/evaluation')
  async evaluate(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    await this.evaluations.file(req, res, id, 'GOV_ON_ORG', body, `/reviewer/projects/${id}?done=evaluation#evaluations`);
  }

  private async renderReport(
    req: Req,
    res: Response,
    id: string,
    seq: number,
    extra: Record<string, unknown>,
    status = 200,
    preview?: string,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = await this.projects.get(req.user, id);
    const report = await this.queries.report(req.user, id, seq);
    // The evidence this report cites, read and previewed like the application's attachments.
    const cited = new Set(report.evidence.map((e) => e.id));
    const evidence = (await this.attachments.list(req.user, id)).filter((a) => cited.has(a.id));
    const pagePath = `/reviewer/projects/${id}/reports/${seq}`;
    await renderPage(
      res,
      'pages/review/report-review',
      {
        title: t('review.report.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'reports'),
        project,
        report: {
          ...report,
          kindLabel: domainLabel('reportKind', report.kind, lang),
          statusLabel: codeLabel(t, 'reportStatus', report.status),
          spending: report.spending.map((s) => ({ ...s, typeLabel: domainLabel('budgetLine', s.type, lang) })),
        },
        files: attachmentsSection(evidence, { appId: id, page: 'report', pagePath, preview, t }),
        open: report.status === 'SUBMITTED',
        options: choices(t, 'report', REPORT_REVIEW_DECISIONS, true),
        noteHint: t('review.report.noteHint'),
        form: {},
        ...extra,
      },
      status,
    );
  }

  private async renderChange(req: Req, res: Response, id: string, changeId: string, extra: Record<string, unknown>, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = await this.projects.get(req.user, id);
    const change = (await this.projects.changes(req.user, id)).find((c) => c.id === changeId);
    if (!change) throw new NotFoundError('ChangeRequest', changeId);
    const payload = change.payload as { budgetLines?: { type: string; description: string; amount: string }[]; newEndsAt?: string };
    await renderPage(
      res,
      'pages/review/change-decision',
      {
        title: t('review.change.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'changes'),
        project,
        change: {
          id: change.id,
          kind: change.kind,
          kindLabel: codeLabel(t, 'changeKind', change.kind),
          status: change.status,
          statusLabel: codeLabel(t, 'changeStatus', change.status),
          reason: change.reason,
          createdAt: change.createdAt.toISOString(),
          newEndsAt: payload.newEndsAt,
          budgetLines: (payload.budgetLines ?? []).map((l) => ({ ...l, typeLabel: domainLabel('budgetLine', l.type, lang) })),
        },
        open: change.status === 'PENDING' && change.needsApproval,
        options: choices(t, 'change', CHANGE_DECISIONS),
        reasonHint: t('review.change.reasonHint', fieldBounds(ChangeDecisionDto, 'reason')),
        form: {},
        ...extra,
      },
      status,
    );
  }
}
