import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { formatMoney, parseMoney, sumMoney, inGroup, PANEL_FORMED_ROUND_STATUSES } from '../../../../../workflows/rules';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { ValidationFailedError } from '../../common/errors';
import { AwardAdjustmentDto, FormPanelDto } from '../../reviews/reviews.dto';
import { ReviewsService } from '../../reviews/reviews.service';
import { RoundsService } from '../../rounds/rounds.service';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { validateForm } from '../web-forms';
import { pageNumber, pager } from '../web-pager';
import { OfficeDirectoryService } from './office-directory.service';
import { FormErrors, officeErrors, Refusal, refusalOf } from './office-errors';
import { many, one, validateObject } from './office-forms';
import { managedRound, roundFacts } from './round-facts';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const AWARD_FIELDS = ['applicationId', 'amount', 'reason'] as const;
const PANEL_DONE = new Set(['formed']);
const RANKING_DONE = new Set(['closed', 'cut', 'noticed', 'approved']);
type SignedIn = WebRequest & { user: AuthUser };
type RoundStep = 'closePanel' | 'publishNotice' | 'approveResults';
interface Extra {
  refusal?: Refusal;
  errors?: FormErrors;
  form?: Record<string, unknown>;
  done?: string;
}

/**
 * 评审组与立项 for program managers, through ReviewsService like the JSON API: form the panel
 * after the window, follow assignments and scoring, close the panel, cut awards within the
 * ranking (reason required), publish the notice and approve once the period has ended.
 */
@WebController()
export class ManageReviewController {
  constructor(
    private readonly web: WebContext,
    private readonly rounds: RoundsService,
    private readonly reviews: ReviewsService,
    private readonly directory: OfficeDirectoryService,
  ) {}

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id/panel')
  async panel(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query() query: Record<string, unknown>) {
    await this.renderPanel(req, res, id, pageNumber(query.page), {
      done: PANEL_DONE.has(String(query.done)) ? String(query.done) : undefined,
    });
  }

  @Decides('formPanel')
  @Post('manage/rounds/:id/panel')
  async formPanel(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/manage/rounds/${id}/panel`);
    const expertIds = many((body as Record<string, unknown> | undefined)?.expertIds);
    const checked = await validateObject(FormPanelDto, { expertIds });
    const fail = (errors: ValidationFailedError['errors']) =>
      this.renderPanel(req, res, id, 1, { errors: officeErrors(errors, t, () => FormPanelDto), form: { expertIds } }, 400);
    if (!checked.ok) return fail(checked.errors);
    try {
      await this.reviews.formPanel(req.user, id, checked.value);
    } catch (e) {
      if (e instanceof ValidationFailedError) return fail(e.errors);
      const refusal = refusalOf(e, lang, t);
      if (!refusal) throw e;
      return this.renderPanel(req, res, id, 1, { refusal, form: { expertIds } }, refusal.status);
    }
    res.redirect(303, `/manage/rounds/${id}/panel?done=formed`);
  }

  @Decides('closePanel')
  @Post('manage/rounds/:id/panel/close')
  closePanel(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string) {
    return this.step(req, res, id, 'closePanel', 'panel', 'ranking?done=closed');
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id/ranking')
  async ranking(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query() query: Record<string, unknown>) {
    await this.renderRanking(
      req,
      res,
      id,
      { done: RANKING_DONE.has(String(query.done)) ? String(query.done) : undefined },
      200,
      pageNumber(query.page),
    );
  }

  /** 调减资助金额: the same AwardAdjustmentDto as POST /api/rounds/:id/awards; the workflow re-ranks. */
  @Decides('adjustAward')
  @Post('manage/rounds/:id/awards')
  async cutAward(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/manage/rounds/${id}/ranking`);
    const form = await validateForm(
      AwardAdjustmentDto,
      { ...(body as object), amount: one(body, 'amount').replace(/[\s,，]/g, '') },
      AWARD_FIELDS,
    );
    const values = form.ok ? { ...form.value } : form.values;
    const fail = (errors: ValidationFailedError['errors']) =>
      this.renderRanking(req, res, id, { errors: officeErrors(errors, t, () => AwardAdjustmentDto), form: values }, 400);
    if (!form.ok) return fail(form.errors);
    try {
      await this.reviews.adjustAward(req.user, id, form.value);
    } catch (e) {
      if (e instanceof ValidationFailedError) return fail(e.errors);
      const refusal = refusalOf(e, lang, t);
      if (!refusal) throw e;
      return this.renderRanking(req, res, id, { refusal, form: values }, refusal.status);
    }
    res.redirect(303, `/manage/rounds/${id}/ranking?done=cut`);
  }

  @Decides('publishNotice')
  @Post('manage/rounds/:id/notice')
  publishNotice(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string) {
    return this.step(req, res, id, 'publishNotice', 'ranking', 'ranking?done=noticed');
  }

  /** 确定立项: refused by the workflow while the notice period runs or an objection is open (409 on the page). */
  @Decides('approveResults')
  @Post('manage/rounds/:id/approve')
  approve(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string) {
    return this.step(req, res, id, 'approveResults', 'ranking', 'ranking?done=approved');
  }

  private async step(req: SignedIn, res: Response, id: string, action: RoundStep, page: 'panel' | 'ranking', next: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/manage/rounds/${id}/${page}`);
    try {
      await this.reviews.roundAction(req.user, id, action);
    } catch (e) {
      const refusal = refusalOf(e, lang, this.web.translator(lang));
      if (!refusal) throw e;
      return page === 'panel'
        ? this.renderPanel(req, res, id, 1, { refusal }, refusal.status)
        : this.renderRanking(req, res, id, { refusal }, refusal.status);
    }
    res.redirect(303, `/manage/rounds/${id}/${next}`);
  }

  private async renderPanel(req: SignedIn, res: Response, id: string, page: number, extra: Extra, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const round = roundFacts(await managedRound(this.rounds, req.user, id), lang);
    const formed = inGroup(PANEL_FORMED_ROUND_STATUSES, round.status);
    const chosen = new Set((extra.form?.expertIds as string[] | undefined) ?? []);
    const [experts, progress] = await Promise.all([
      round.status === 'CLOSED' ? this.directory.experts() : Promise.resolve([]),
      formed ? this.reviews.panelProgress(req.user, id, { page, pageSize: PAGE_SIZE }) : Promise.resolve(undefined),
    ]);
    await renderPage(
      res,
      'pages/office/panel',
      {
        title: t('office.panel.title'),
        section: 'workspace',
        round,
        ...extra,
        doneMessage: extra.done ? t(`office.panel.done.${extra.done}`) : undefined,
        canForm: round.status === 'CLOSED',
        canClose: round.status === 'EXPERT_REVIEW',
        formed,
        experts: experts.map((e) => ({ ...e, checked: chosen.has(e.id) })),
        progress,
        pager: progress && pager(progress.applications.total, page, PAGE_SIZE, (p) => `/manage/rounds/${id}/panel?page=${p}`),
      },
      status,
    );
  }

  /**
   * The whole ranking is computed (the allocation runs down it), but the table shows one page of
   * it; the award-cut form lists the funded entries only, which the pool keeps few.
   */
  private async renderRanking(req: SignedIn, res: Response, id: string, extra: Extra, status = 200, page = 1) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const round = roundFacts(await managedRound(this.rounds, req.user, id), lang);
    const ranking = await this.reviews.ranking(req.user, id);
    const allocated = sumMoney(ranking.entries.map((e) => e.award));
    await renderPage(
      res,
      'pages/office/ranking',
      {
        title: t('office.ranking.title'),
        section: 'workspace',
        round,
        ...extra,
        form: extra.form ?? {},
        doneMessage: extra.done ? t(`office.ranking.done.${extra.done}`) : undefined,
        entries: ranking.entries.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        pager: pager(ranking.entries.length, page, PAGE_SIZE, (p) => `/manage/rounds/${id}/ranking?page=${p}`),
        funded: ranking.entries
          .filter((e) => e.award !== '0.00')
          .map((e) => ({ ...e, selected: e.applicationId === extra.form?.applicationId })),
        allocated: formatMoney(allocated),
        remaining: formatMoney(parseMoney(round.budgetPool).minus(allocated)),
        canCut: round.status === 'RANKED',
        canNotice: round.status === 'RANKED',
        canApprove: round.status === 'NOTICE',
        finalized: round.status === 'FINALIZED',
      },
      status,
    );
  }
}
