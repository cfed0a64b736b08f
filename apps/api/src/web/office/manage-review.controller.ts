import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { formatMoney, inGroup, PANEL_FORMED_ROUND_STATUSES, parseMoney, sumMoney } from '@workflows/rules';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { AwardAdjustmentDto, FormPanelDto } from '../../reviews/reviews.dto';
import { ReviewsService } from '../../reviews/reviews.service';
import { RoundsService } from '../../rounds/rounds.service';
import { decide, FormErrors, isConfirmed, postedFields, Refusal, refusalBox, renderConfirmation, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { OfficeDirectoryService } from './office-directory.service';
import { many, one } from './office-forms';
import { officeForm } from './office-messages';
import { notOffered, ROUND_STEP_STATUS, RoundStep as RoundStepName, roundStepConfirmation, roundStepForm } from './round-confirmations';
import { managedRound, roundFacts } from './round-facts';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const AWARD_FIELDS = ['applicationId', 'amount', 'reason'] as const;
const PANEL_DONE = new Set(['formed']);
const RANKING_DONE = new Set(['closed', 'cut', 'noticed', 'approved']);
type SignedIn = WebRequest & { user: AuthUser };
type RoundStep = Exclude<RoundStepName, 'publish'>;
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
    const done = await submitForm(
      roundStepForm(lang, t, () => FormPanelDto),
      FormPanelDto,
      { expertIds },
      (dto) => this.reviews.formPanel(req.user, id, dto),
    );
    if (!done.ok)
      return this.renderPanel(req, res, id, 1, { errors: done.errors, refusal: done.refusal, form: { expertIds } }, done.status);
    res.redirect(303, `/manage/rounds/${id}/panel?done=formed`);
  }

  @Decides('closePanel')
  @Post('manage/rounds/:id/panel/close')
  closePanel(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.step(req, res, id, body, 'closePanel', 'panel', 'ranking?done=closed');
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
    const { typed } = postedFields({ ...(body as object), amount: one(body, 'amount').replace(/[\s,，]/g, '') }, AWARD_FIELDS);
    const done = await submitForm(
      officeForm(lang, t, () => AwardAdjustmentDto),
      AwardAdjustmentDto,
      typed,
      (dto) => this.reviews.adjustAward(req.user, id, dto),
    );
    if (!done.ok) return this.renderRanking(req, res, id, { errors: done.errors, refusal: done.refusal, form: typed }, done.status);
    res.redirect(303, `/manage/rounds/${id}/ranking?done=cut`);
  }

  @Decides('publishNotice')
  @Post('manage/rounds/:id/notice')
  publishNotice(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.step(req, res, id, body, 'publishNotice', 'ranking', 'ranking?done=noticed');
  }

  /** 确定立项: refused by the workflow while the notice period runs or an objection is open (409 on the page). */
  @Decides('approveResults')
  @Post('manage/rounds/:id/approve')
  approve(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.step(req, res, id, body, 'approveResults', 'ranking', 'ranking?done=approved');
  }

  /**
   * A round-wide step that cannot be undone: asked first on a confirmation page (nothing is sent
   * without its `confirmed`), then sent to the round's workflow; a refusal shows on the step's page.
   */
  private async step(req: SignedIn, res: Response, id: string, body: unknown, action: RoundStep, page: 'panel' | 'ranking', next: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/manage/rounds/${id}/${page}`);
    const again = (refusal: Refusal, status: number) =>
      page === 'panel' ? this.renderPanel(req, res, id, 1, { refusal }, status) : this.renderRanking(req, res, id, { refusal }, status);
    if (!isConfirmed(body)) {
      const round = await managedRound(this.rounds, req.user, id);
      if (round.status !== ROUND_STEP_STATUS[action]) return again(notOffered(t, roundFacts(round, lang)), 409);
      return renderConfirmation(res, roundStepConfirmation(action, round, lang, t, await this.figures(req.user, id, action)));
    }
    const done = await decide(roundStepForm(lang, t), () => this.reviews.roundAction(req.user, id, action));
    if (!done.ok) return again(refusalBox(done), done.status);
    res.redirect(303, `/manage/rounds/${id}/${next}`);
  }

  /** The figures a step's confirmation names: scores in and open before closing, awards before the notice. */
  private async figures(user: AuthUser, id: string, action: RoundStep) {
    if (action === 'closePanel') {
      const p = await this.reviews.panelProgress(user, id, { page: 1, pageSize: 1 });
      return { progress: { applications: p.applications.total, submitted: p.submitted, open: p.assigned } };
    }
    if (action === 'publishNotice') return { awards: (await this.reviews.ranking(user, id)).entries.map((e) => e.award) };
    return {};
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
        canClose: round.status === ROUND_STEP_STATUS.closePanel,
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
        canNotice: round.status === ROUND_STEP_STATUS.publishNotice,
        canApprove: round.status === ROUND_STEP_STATUS.approveResults,
        finalized: round.status === 'FINALIZED',
      },
      status,
    );
  }
}
