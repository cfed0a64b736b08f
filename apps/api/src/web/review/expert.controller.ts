import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { totalScore, type RubricCriterion } from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { AttachmentsService } from '../../applications/attachments.service';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { AssignmentView, DeclineDto, ScoresDto, TieDto } from '../../reviews/reviews.dto';
import { ReviewsService } from '../../reviews/reviews.service';
import { checkForm, fieldBounds, FormErrors, FormPage, isConfirmed, postedFields, Refusal, renderConfirmation, submitForm } from '../forms';
import { attachmentsSection } from '../web-attachments';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { readRubric } from './review-forms';
import { criterionMax, criterionName, domainLabel, rubricView, scoredView } from './review-labels';
import { reviewForm } from './review-messages';
import { expertNav, PAGE_SIZE } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { WebLang } from '../web-i18n';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const STATUSES = ['ASSIGNED', 'SUBMITTED', 'DECLINED'] as const;
const DONE = new Set(['scored', 'declined', 'tie']);
type Req = WebRequest & { user: AuthUser };
type Translate = (key: string, args?: Record<string, unknown>) => string;

/**
 * 评审专家: the assignments (only the expert's own; other experts' scores never appear), each
 * application's content with the organization's credit history, the scoring form on the round's
 * rubric (scores are final once submitted), declining for a conflict, and declared ties.
 */
@WebController()
export class ExpertController {
  constructor(
    private readonly web: WebContext,
    private readonly reviews: ReviewsService,
    private readonly applications: ApplicationsService,
    private readonly queries: ReviewQueries,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles('EXPERT')
  @Get('expert/assignments')
  async assignments(
    @Req() req: Req,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('status') rawStatus?: string,
    @Query('done') done?: string,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const status = STATUSES.find((s) => s === rawStatus);
    const page = pageNumber(rawPage);
    const list = await this.reviews.myAssignments(req.user, { page, pageSize: PAGE_SIZE, status });
    const query = status ? `status=${status}&` : '';
    await renderPage(res, 'pages/review/expert-assignments', {
      title: t('review.expert.assignments.title'),
      section: 'workspace',
      nav: expertNav(t, 'assignments'),
      items: list.items.map((a) => assignmentView(a, lang, t)),
      status,
      filters: [undefined, ...STATUSES].map((s) => ({
        href: s ? `/expert/assignments?status=${s}` : '/expert/assignments',
        label: t(`review.expert.filter.${s ?? 'all'}`),
        current: s === status,
      })),
      pager: pager(list.total, page, PAGE_SIZE, (p) => `/expert/assignments?${query}page=${p}`),
      done: typeof done === 'string' && DONE.has(done) ? t(`review.done.${done}`) : undefined,
    });
  }

  @Roles('EXPERT')
  @Get('expert/assignments/:applicationId')
  async assignment(
    @Req() req: Req,
    @Res() res: Response,
    @Param('applicationId', uuid) id: string,
    @Query('done') done?: string,
    @Query('preview') preview?: string,
  ) {
    const t = this.web.translator(this.web.lang(req));
    await this.renderAssignment(req, res, id, {
      done: typeof done === 'string' && DONE.has(done) ? t(`review.done.${done}`) : undefined,
      preview,
    });
  }

  /** 提交评分: once; the round's workflow refuses a second submission and one after the panel closed (409). */
  @Decides('submitScores')
  @Post('expert/assignments/:applicationId/scores')
  async score(@Req() req: Req, @Res() res: Response, @Param('applicationId', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/expert/assignments/${id}`);
    const { round } = await this.queries.header(req.user, id);
    const scored = readRubric(round.rubric, body);
    const page = reviewForm(lang, t, { idPrefix: 'score-', rubric: round.rubric });
    const input = { scores: scored.scores, comments: scored.comments };
    // Back from the confirmation page to change a score: the form again, as typed.
    if (postedFields(body, ['edit']).given.edit === 'yes') return this.renderAssignment(req, res, id, { typed: scored.typed });
    if (!isConfirmed(body)) return this.confirmScores(req, res, id, round, scored, page);
    const done = await submitForm(page, ScoresDto, input, (dto) => this.reviews.score(req.user, id, dto));
    if (!done.ok)
      return this.renderAssignment(req, res, id, { typed: scored.typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/expert/assignments/${id}?done=scored`);
  }

  /**
   * Scores are final once submitted: checked first with every problem named (the DTO and the
   * scoring rule the workflow applies), then shown for confirmation with the total; only the
   * confirmation page's form submits them.
   */
  private async confirmScores(
    req: Req,
    res: Response,
    id: string,
    round: { status: string; rubric: ReadonlyArray<RubricCriterion> },
    scored: ReturnType<typeof readRubric>,
    page: FormPage,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const assignment = await this.reviews.myAssignment(req.user, id);
    if (assignment.status !== 'ASSIGNED' || round.status !== 'EXPERT_REVIEW')
      return this.renderAssignment(
        req,
        res,
        id,
        { refusal: { status: 409, message: t('web.refusal.notOffered'), stage: codeLabel(t, 'assignmentStatus', assignment.status) } },
        409,
      );
    const total = totalScore(round.rubric, scored.scores);
    const checked = await checkForm(page, ScoresDto, { scores: scored.scores, comments: scored.comments }, () =>
      total.ok ? [] : total.errors,
    );
    if (!checked.ok || !total.ok)
      return this.renderAssignment(req, res, id, { typed: scored.typed, errors: checked.ok ? undefined : checked.errors }, 400);
    await renderConfirmation(
      res,
      {
        heading: t('review.expert.confirm.heading'),
        intro: t('review.expert.confirm.intro'),
        irreversible: t('review.expert.confirm.irreversible'),
        facts: [
          ...round.rubric.map((c) => ({
            term: `${criterionName(c, lang).plainName}${t('review.rubric.max', { max: criterionMax(c) })}`,
            value: scored.typed.scores[c.key],
          })),
          { term: t('review.expert.myTotal'), value: total.total },
        ],
        action: `/expert/assignments/${id}/scores`,
        hidden: round.rubric.flatMap((c) => [
          { name: `scores[${c.key}]`, value: scored.typed.scores[c.key] },
          { name: `comments[${c.key}]`, value: scored.typed.comments[c.key] },
        ]),
        confirmLabel: t('review.expert.confirm.submit'),
        back: { editLabel: t('review.expert.confirm.edit') },
        area: 'review',
      },
      { nav: expertNav(t, 'assignments') },
    );
  }

  /** 回避: declines the assignment for a conflict of interest; the round's workflow reassigns it. */
  @Decides('declineAssignment')
  @Post('expert/assignments/:applicationId/decline')
  async decline(@Req() req: Req, @Res() res: Response, @Param('applicationId', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/expert/assignments/${id}`);
    const { typed, given } = postedFields(body, ['reason']);
    const page = reviewForm(lang, t, { idPrefix: 'decline-', bounds: { reason: fieldBounds(DeclineDto, 'reason') } });
    const done = await submitForm(page, DeclineDto, given, (dto) => this.reviews.decline(req.user, id, dto));
    if (!done.ok)
      return this.renderAssignment(
        req,
        res,
        id,
        { declineReason: typed.reason, declineErrors: done.errors, refusal: done.refusal },
        done.status,
      );
    res.redirect(303, '/expert/assignments?done=declined');
  }

  /** 回避声明: ties declared so far, and a search for the organization to declare one with. */
  @Roles('EXPERT')
  @Get('expert/ties')
  async ties(@Req() req: Req, @Res() res: Response, @Query('q') q?: string, @Query('done') done?: string) {
    const t = this.web.translator(this.web.lang(req));
    await this.renderTies(req, res, {
      q: typeof q === 'string' ? q.trim().slice(0, 100) : '',
      done: typeof done === 'string' && DONE.has(done) ? t(`review.done.${done}`) : undefined,
    });
  }

  @Roles('EXPERT')
  @Post('expert/ties')
  async declareTie(@Req() req: Req, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { typed, given } = postedFields(body, ['organizationId', 'reason', 'q']);
    this.web.returnPath(res, lang, `/expert/ties${typed.q ? `?q=${encodeURIComponent(typed.q)}` : ''}`);
    const page = reviewForm(lang, t, { idPrefix: 'tie-', bounds: { reason: fieldBounds(TieDto, 'reason') } });
    const done = await submitForm(page, TieDto, { organizationId: given.organizationId, reason: given.reason }, (dto) =>
      this.reviews.declareTie(req.user, dto),
    );
    if (!done.ok) return this.renderTies(req, res, { q: typed.q, form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, '/expert/ties?done=tie');
  }

  private async renderAssignment(
    req: Req,
    res: Response,
    id: string,
    extra: Record<string, unknown> & { typed?: ReturnType<typeof readRubric>['typed']; errors?: FormErrors; preview?: string },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const assignment = await this.reviews.myAssignment(req.user, id);
    // A declined assignment is no longer the expert's to read (ApplicationAccess leaves it out): the list says what happened.
    const [app, header] = await Promise.all([this.applications.get(req.user, id), this.queries.header(req.user, id)]);
    const files = await this.attachments.list(req.user, id);
    const rubric = header.round.rubric;
    await renderPage(
      res,
      'pages/review/expert-assignment',
      {
        title: app.title,
        section: 'workspace',
        nav: expertNav(t, 'assignments'),
        assignment: assignmentView(assignment, lang, t),
        round: header.round,
        organization: header.organization,
        app: {
          ...app,
          budgetLines: ((app.budgetLines ?? []) as Record<string, unknown>[]).map((l) => ({
            ...l,
            typeLabel: domainLabel('budgetLine', String(l.type), lang),
          })),
        },
        open: assignment.status === 'ASSIGNED' && header.round.status === 'EXPERT_REVIEW',
        criteria: rubricView(rubric, lang, extra.typed, extra.errors?.byField),
        submitted: assignment.status === 'SUBMITTED' ? scoredView(rubric, lang, assignment.scores, assignment.comments) : undefined,
        declineHint: t('review.expert.declineHint', fieldBounds(DeclineDto, 'reason')),
        files: attachmentsSection(files, { appId: id, page: 'expert', pagePath: `/expert/assignments/${id}`, preview: extra.preview, t }),
        ...extra,
      },
      status,
    );
  }

  private async renderTies(
    req: Req,
    res: Response,
    extra: { q: string; form?: Record<string, string>; errors?: FormErrors; refusal?: Refusal; done?: string },
    status = 200,
  ) {
    const t = this.web.translator(this.web.lang(req));
    const [ties, assigned] = await Promise.all([
      this.reviews.myTies(req.user),
      this.reviews.myAssignments(req.user, { page: 1, pageSize: 100 }),
    ]);
    const assignedOrgs = await this.queries.organizationsByIds(assigned.items.map((a) => a.organizationId));
    const found = extra.q.length >= 2 ? await this.queries.organizationsMatching(extra.q) : [];
    const named = new Map(
      [...(await this.queries.organizationsByIds(ties.map((x) => x.organizationId))), ...assignedOrgs, ...found].map((o) => [o.id, o]),
    );
    const tied = new Set(ties.map((x) => x.organizationId));
    const choices = [...new Map([...found, ...assignedOrgs].map((o) => [o.id, o])).values()].filter((o) => !tied.has(o.id));
    await renderPage(
      res,
      'pages/review/expert-ties',
      {
        title: t('review.expert.ties.title'),
        section: 'workspace',
        nav: expertNav(t, 'ties'),
        ties: ties.map((x) => ({
          ...x,
          organizationName: named.get(x.organizationId)?.name ?? '',
          creditCode: named.get(x.organizationId)?.creditCode ?? '',
          createdAt: x.createdAt.toISOString(),
        })),
        choices: choices.map((o) => ({ ...o, selected: o.id === extra.form?.organizationId })),
        searched: extra.q.length >= 2,
        reasonHint: t('review.expert.ties.reasonHint', fieldBounds(TieDto, 'reason')),
        form: extra.form ?? {},
        ...extra,
      },
      status,
    );
  }
}

function assignmentView(a: AssignmentView, lang: WebLang, t: Translate) {
  return {
    ...a,
    statusLabel: codeLabel(t, 'assignmentStatus', a.status),
    creditHistory: a.creditHistory.map((c) => ({
      ...c,
      gradeLabel: domainLabel('grade', c.grade, lang),
      kindLabel: codeLabel(t, 'creditKind', c.kind),
    })),
  };
}
