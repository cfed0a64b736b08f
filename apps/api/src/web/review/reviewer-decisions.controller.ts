import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ELIGIBILITY_DECISIONS } from '@workflows/messages';
import { eligibilityDecisionErrors } from '@workflows/rules';
import { EligibilityDecisionDto } from '../../applications/applications.dto';
import { ApplicationsService } from '../../applications/applications.service';
import { AttachmentsService } from '../../applications/attachments.service';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { RulingDto } from '../../notices/notices.dto';
import { NoticesService } from '../../notices/notices.service';
import { decide, endOfChinaDay, fieldBounds, postedFields, refusalBox, submitForm } from '../forms';
import { attachmentsSection } from '../web-attachments';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { choices } from './review-forms';
import { domainLabel } from './review-labels';
import { reviewForm } from './review-messages';
import { reviewerNav } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel, submissions } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const ELIGIBILITY_FIELDS = ['decision', 'reason', 'revisionDeadline'] as const;
const RULING_FIELDS = ['decision', 'ruling'] as const;
type Req = WebRequest & { user: AuthUser };

/**
 * The reviewer's decisions before implementation: 资格审查 (pass, return for revision with a
 * deadline, reject), 异议处理 (a written ruling by someone other than the original decider) and
 * 甲方签署 of the agreement. Each form posts the API's own DTO to the API's own service; what the
 * DTO, the service or the workflow refuses comes back on the same page, in the page's language.
 */
@WebController()
export class ReviewerDecisionsController {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly notices: NoticesService,
    private readonly queries: ReviewQueries,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles('REVIEWER')
  @Get('reviewer/eligibility/:id')
  async eligibilityPage(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('preview') preview?: string,
    @Query('done') done?: string,
  ) {
    await this.renderEligibility(req, res, id, { done: this.doneText(req, done) }, 200, preview);
  }

  @Decides('decideEligibility')
  @Post('reviewer/eligibility/:id')
  async decideEligibility(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: Record<string, unknown>) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/reviewer/eligibility/${id}`);
    const { typed, given } = postedFields(body, ELIGIBILITY_FIELDS);
    const input = { ...given, ...(given.revisionDeadline && { revisionDeadline: endOfChinaDay(given.revisionDeadline) }) };
    const page = reviewForm(lang, t, { idPrefix: 'eligibility-', bounds: { reason: fieldBounds(EligibilityDecisionDto, 'reason') } });
    const done = await submitForm(
      page,
      EligibilityDecisionDto,
      input,
      (dto) => this.applications.decideEligibility(req.user, id, dto),
      (typedInput) => eligibilityDecisionErrors(typedInput, Date.now()),
    );
    if (!done.ok) return this.renderEligibility(req, res, id, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    // On to the next application waiting in the queue, or back to the queue when none is left.
    const next = await this.nextEligibility(req.user, id);
    res.redirect(303, next ? `/reviewer/eligibility/${next}?done=eligibility` : '/reviewer/eligibility?done=eligibility');
  }

  @Roles('REVIEWER')
  @Get('reviewer/objections/:id')
  async objectionPage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.renderObjection(req, res, id, {});
  }

  /** 异议处理: the workflow refuses a ruling by the reviewer who decided the application's eligibility (403). */
  @Decides('ruleObjection')
  @Post('reviewer/objections/:id/ruling')
  async rule(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/reviewer/objections/${id}`);
    const { typed } = postedFields(body, RULING_FIELDS);
    const page = reviewForm(lang, t, { idPrefix: 'ruling-', bounds: { ruling: fieldBounds(RulingDto, 'ruling') } });
    const done = await submitForm(page, RulingDto, typed, async (dto) => {
      const objection = await this.notices.objection(req.user, id);
      await this.notices.rule(req.user, id, dto);
      return objection;
    });
    if (!done.ok) return this.renderObjection(req, res, id, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/reviewer/projects/${done.value.applicationId}?done=ruling#objections`);
  }

  @Roles('REVIEWER')
  @Get('reviewer/agreements/:id')
  async agreementPage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.renderAgreement(req, res, id, {});
  }

  /** 甲方签署: the bureau's signature on the current agreement version. */
  @Decides('signAgreement', 'REVIEWER')
  @Post('reviewer/agreements/:id/sign')
  async sign(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/reviewer/agreements/${id}`);
    const done = await decide(reviewForm(lang, this.web.translator(lang)), () => this.applications.sign(req.user, id));
    if (!done.ok) return this.renderAgreement(req, res, id, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, `/reviewer/projects/${id}?done=signed#agreement`);
  }

  /** The flash of the decision just made, shown on the next item of the queue. */
  private doneText(req: Req, done?: string): string | undefined {
    return done === 'eligibility' ? this.web.translator(this.web.lang(req))(`review.done.${done}`) : undefined;
  }

  /** The first application of the eligibility queue (the queue page's own list and order) other than the one just decided. */
  private async nextEligibility(user: AuthUser, decided: string): Promise<string | undefined> {
    const list = await this.applications.list(user, { stage: 'ELIGIBILITY_REVIEW', page: 1, pageSize: 2 });
    return list.items.find((a) => a.id !== decided)?.id;
  }

  private async renderEligibility(req: Req, res: Response, id: string, extra: Record<string, unknown>, status = 200, preview?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const app = await this.applications.get(req.user, id);
    const [checks, ctx, files] = await Promise.all([
      this.applications.eligibilityChecks(req.user, id),
      this.queries.projectContext(req.user, id),
      this.attachments.list(req.user, id),
    ]);
    await renderPage(
      res,
      'pages/review/eligibility-decision',
      {
        title: t('review.eligibility.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'eligibility'),
        app: {
          ...app,
          stageLabel: domainLabel('projectStage', app.stage, lang),
          budgetLines: ((app.budgetLines ?? []) as Record<string, unknown>[]).map((l) => ({
            ...l,
            typeLabel: domainLabel('budgetLine', String(l.type), lang),
          })),
        },
        organization: { ...ctx.organization, ratingLabel: domainLabel('rating', ctx.organization.rating, lang) },
        round: ctx.round,
        checks: submissions(checks, t),
        files: attachmentsSection(files, { appId: id, page: 'eligibility', pagePath: `/reviewer/eligibility/${id}`, preview, t }),
        open: app.stage === 'ELIGIBILITY_REVIEW',
        options: choices(t, 'eligibility', ELIGIBILITY_DECISIONS, true),
        reasonHint: t('review.eligibility.reasonHint', fieldBounds(EligibilityDecisionDto, 'reason')),
        form: {},
        ...extra,
      },
      status,
    );
  }

  private async renderObjection(req: Req, res: Response, id: string, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const objection = await this.notices.objection(req.user, id);
    await renderPage(
      res,
      'pages/review/objection-ruling',
      {
        title: t('review.objection.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'objections'),
        objection: {
          ...objection,
          statusLabel: codeLabel(t, 'objectionStatus', objection.status),
          createdAt: objection.createdAt.toISOString(),
        },
        open: objection.status === 'FILED',
        options: choices(t, 'objection', ['DISMISSED', 'UPHELD'], true),
        rulingHint: t('review.objection.rulingHint', fieldBounds(RulingDto, 'ruling')),
        form: {},
        ...extra,
      },
      status,
    );
  }

  private async renderAgreement(req: Req, res: Response, id: string, extra: Record<string, unknown>, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const app = await this.applications.get(req.user, id);
    const [[agreement], ctx] = await Promise.all([this.queries.agreements(req.user, id), this.queries.projectContext(req.user, id)]);
    const bureauSigned = !!agreement?.signatures.some((s) => s.party === 'bureau');
    await renderPage(
      res,
      'pages/review/agreement-sign',
      {
        title: t('review.agreement.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'agreements'),
        app: { ...app, stageLabel: domainLabel('projectStage', app.stage, lang) },
        organization: ctx.organization,
        round: ctx.round,
        agreement: agreement && {
          ...agreement,
          signatures: agreement.signatures.map((s) => ({ ...s, partyLabel: codeLabel(t, 'party', s.party) })),
        },
        open: app.stage === 'APPROVED' && !!agreement && !bureauSigned,
        ...extra,
      },
      status,
    );
  }
}
