import { Body, Get, HttpStatus, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { IN_TERM_STAGES, inGroup } from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { ChangeDto, EvaluationDto, ReportDto } from '../../projects/projects.dto';
import { ProjectsService } from '../../projects/projects.service';
import { endOfChinaDay, FormErrors, Refusal, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { asBody, decimalNumber, FormBody, formField, moneyTotal, readRows, text, withBlankRows } from './applicant-forms';
import { budgetTypeOptions, governmentSideRubric } from './applicant-labels';
import { applicantForm } from './applicant-messages';
import { readReport, ReportFormPage } from './report-form.page';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const seqPipe = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const LINE_FIELDS = ['type', 'description', 'amount'] as const;
const REPORT_GROUPS = { indicators: { group: 'rind', indexes: [] as number[] }, spending: { group: 'spend', indexes: [] as number[] } };

interface FormState {
  posted?: FormBody;
  errors?: FormErrors;
  refusal?: Refusal;
}

/** The project's forms for the organization: reports, change requests (项目变更) and its side of the two-way evaluation. */
@WebController()
export class ApplicantProjectFormsController {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly projects: ProjectsService,
    private readonly reportPage: ReportFormPage,
  ) {}

  @Roles('APPLICANT')
  @Get('my/applications/:id/reports/:seq')
  async reportForm(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Query('notice') notice?: string,
  ) {
    await this.reportPage.render(req, res, id, seq, { notice: notice === 'uploaded' ? notice : undefined });
  }

  /** 提交报告: ReportDto, then ProjectsService.submitReport (evidence must be this project's report attachments). */
  @Decides('submitReport')
  @Post('my/applications/:id/reports/:seq')
  async submitReport(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Body() raw: unknown,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/applications/${id}/reports/${seq}`);
    await this.reportPage.report(req.user, id, seq);
    const body = asBody(raw);
    const map = (path: string) => formField(path, REPORT_GROUPS);
    const done = await submitForm(applicantForm(lang, t, map), ReportDto, readReport(body), (dto) =>
      this.projects.submitReport(req.user, id, seq, dto),
    );
    if (!done.ok)
      return this.reportPage.render(req, res, id, seq, { posted: body, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/my/applications/${id}?notice=reportSubmitted#reports`);
  }

  @Roles('APPLICANT')
  @Get('my/applications/:id/changes/new')
  async changeForm(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.renderChange(req, res, id, {});
  }

  /** 申请变更: a reallocation with the whole budget after it, or an extension with the new end date. */
  @Decides('requestChange')
  @Post('my/applications/:id/changes')
  async requestChange(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/applications/${id}/changes/new`);
    const body = asBody(raw);
    if (text(body, '_action') === 'add-cbudget') return this.renderChange(req, res, id, { posted: body }, 200, true);
    const rows = readRows(body, 'cbudget', LINE_FIELDS).filter((r) => !r.blank);
    const map = (path: string) => formField(path, { budgetLines: { group: 'cbudget', indexes: rows.map((r) => r.index) } });
    const kind = text(body, 'kind');
    const change: Record<string, unknown> = { kind, reason: text(body, 'reason') };
    if (kind === 'REALLOCATION') change.budgetLines = rows.map((r) => ({ ...r.values }));
    const end = text(body, 'newEndsAt');
    // A date picked in China ends at midnight Beijing time; the API takes an instant.
    if (kind === 'EXTENSION' && end) change.newEndsAt = endOfChinaDay(end);
    const done = await submitForm(applicantForm(lang, t, map), ChangeDto, change, (dto) => this.projects.requestChange(req.user, id, dto));
    if (!done.ok) return this.renderChange(req, res, id, { posted: body, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/my/applications/${id}?notice=${done.value.needsApproval ? 'changePending' : 'changeApplied'}#changes`);
  }

  @Roles('APPLICANT')
  @Get('my/applications/:id/evaluation')
  async evaluationForm(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.renderEvaluation(req, res, id, {});
  }

  /** 承接方对政府方评价 (ORG_ON_GOV): scored on the government-side rubric of the rules, filed through the workflow. */
  @Decides('fileEvaluation', 'APPLICANT')
  @Post('my/applications/:id/evaluation')
  async fileEvaluation(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/applications/${id}/evaluation`);
    const body = asBody(raw);
    const rubric = governmentSideRubric(lang);
    const typed = rubric.filter((c) => text(body, `score-${c.key}`) !== '');
    const evaluation = {
      kind: 'ORG_ON_GOV',
      scores: Object.fromEntries(typed.map((c) => [c.key, decimalNumber(text(body, `score-${c.key}`))])),
      comments: Object.fromEntries(
        rubric.filter((c) => text(body, `comment-${c.key}`) !== '').map((c) => [c.key, text(body, `comment-${c.key}`)]),
      ),
      summary: text(body, 'summary'),
    };
    const map = (path: string) => formField(path, {}, { scores: 'score', comments: 'comment' });
    const labels = Object.fromEntries(rubric.map((c) => [`score-${c.key}`, c.name]));
    const done = await submitForm(applicantForm(lang, t, map, labels), EvaluationDto, evaluation, (dto) =>
      this.projects.fileEvaluation(req.user, id, dto),
    );
    if (!done.ok) return this.renderEvaluation(req, res, id, { posted: body, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/my/applications/${id}?notice=evaluated#evaluations`);
  }

  private async renderChange(req: Req, res: Response, id: string, state: FormState, status = 200, addRow = false) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [app, project] = await Promise.all([this.applications.get(req.user, id), this.projects.get(req.user, id)]);
    const current = (Array.isArray(app.budgetLines) ? app.budgetLines : []) as Record<string, string>[];
    const posted = state.posted;
    const source = posted
      ? readRows(posted, 'cbudget', LINE_FIELDS).map((r) => r.values)
      : current.map((l) => ({ type: l.type, description: l.description ?? '', amount: l.amount }));
    const rows = withBlankRows(source, LINE_FIELDS, current.length + 1, addRow ? 1 : 0).map((v, i) => ({
      legend: t('applicant.rows.cbudget', { n: i + 1 }),
      types: budgetTypeOptions(lang, v.type),
      rowError: state.errors?.byField[`cbudget-${i}`],
      fields: Object.fromEntries(
        LINE_FIELDS.map((f) => [
          f,
          {
            id: `change-cbudget-${i}-${f}`,
            name: `cbudget-${i}-${f}`,
            value: v[f] ?? '',
            error: state.errors?.byField[`cbudget-${i}-${f}`],
            caption: t(`applicant.fields.${f}`),
          },
        ]),
      ),
    }));
    const kind = posted ? text(posted, 'kind') : 'REALLOCATION';
    await renderPage(
      res,
      'pages/applicant/change-form',
      {
        title: t('applicant.change.title'),
        section: 'workspace',
        app,
        project,
        open: inGroup(IN_TERM_STAGES, project.stage),
        kind,
        rows,
        currentTotal: moneyTotal(current.map((l) => l.amount)),
        newTotal: moneyTotal(rows.map((r) => r.fields.amount.value)),
        newEndsAt: posted ? text(posted, 'newEndsAt') : '',
        reason: posted ? text(posted, 'reason') : '',
        jsText: { remove: t('applicant.rows.remove'), invalid: t('applicant.applicationForm.totalInvalid') },
        errors: state.errors,
        refusal: state.refusal,
      },
      status,
    );
  }

  private async renderEvaluation(req: Req, res: Response, id: string, state: FormState, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [app, project, evaluations] = await Promise.all([
      this.applications.get(req.user, id),
      this.projects.get(req.user, id),
      this.projects.evaluations(req.user, id),
    ]);
    const posted = state.posted ?? {};
    const criteria = governmentSideRubric(lang).map((c) => ({
      ...c,
      score: {
        id: `eval-score-${c.key}`,
        name: `score-${c.key}`,
        value: text(posted, `score-${c.key}`),
        error: state.errors?.byField[`score-${c.key}`],
      },
      comment: {
        id: `eval-comment-${c.key}`,
        name: `comment-${c.key}`,
        value: text(posted, `comment-${c.key}`),
        error: state.errors?.byField[`comment-${c.key}`],
      },
    }));
    await renderPage(
      res,
      'pages/applicant/evaluation-form',
      {
        title: t('applicant.evaluation.title'),
        section: 'workspace',
        app,
        criteria,
        open: project.stage === 'FINAL_EVALUATION' && !evaluations.some((e) => e.kind === 'ORG_ON_GOV'),
        maxTotal: criteria.reduce((s, c) => s + c.max, 0),
        summary: text(posted, 'summary'),
        errors: state.errors,
        refusal: state.refusal,
      },
      status,
    );
  }
}
