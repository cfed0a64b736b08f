import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { TWO_PERSON_DECIDERS } from '@workflows/rules';
import { Roles } from '../../common/auth/roles.decorator';
import { ValidationFailedError } from '../../common/errors';
import { CREDIT_CHANGE_DECISIONS, CreditChangeDecisionDto, ProposeCreditChangeDto } from '../../organizations/credit-changes.dto';
import { CreditChangesService } from '../../organizations/credit-changes.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { fieldBounds, postedFields, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { choices } from './review-forms';
import { reviewForm } from './review-messages';
import { PAGE_SIZE, reviewerNav } from './review-nav';
import { codeLabel } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const PROPOSE_FIELDS = ['creditCode', 'creditStatus', 'dishonestUntil', 'reason'] as const;
const DECISION_FIELDS = ['decision', 'reason'] as const;
const DONE = new Set(['creditProposed', 'creditDecided']);
type Req = WebRequest & { user: AuthUser };

/**
 * 失信名单 in two steps (四眼原则): a reviewer proposes to list or clear an organization of the
 * region, another reviewer confirms or refuses; the same service as the JSON API refuses the
 * proposer's own confirmation, and the organization's status changes only on confirmation.
 */
@WebController()
export class ReviewerCreditController {
  constructor(
    private readonly web: WebContext,
    private readonly changes: CreditChangesService,
    private readonly organizations: OrganizationsService,
  ) {}

  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Get('reviewer/credit')
  async queue(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string, @Query('done') done?: string) {
    const t = this.web.translator(this.web.lang(req));
    await this.renderQueue(req, res, pageNumber(rawPage), {
      done: typeof done === 'string' && DONE.has(done) ? t(`review.done.${done}`) : undefined,
    });
  }

  /** 提议: the organization is named by its unified social credit code, found within the reviewer's region. */
  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Post('reviewer/credit')
  async propose(@Req() req: Req, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/reviewer/credit');
    const { typed, given } = postedFields(body, PROPOSE_FIELDS);
    const { creditCode, ...input } = given;
    const page = reviewForm(lang, t, { idPrefix: 'credit-', bounds: { reason: fieldBounds(ProposeCreditChangeDto, 'reason') } });
    const done = await submitForm(page, ProposeCreditChangeDto, input, async (dto) => {
      const code = (creditCode ?? '').toUpperCase();
      const found = code ? (await this.organizations.list(req.user, { q: code, page: 1, pageSize: 1 })).items[0] : undefined;
      if (!found || found.creditCode !== code) {
        throw new ValidationFailedError([
          { field: 'creditCode', rule: 'notFound', message: 'creditCode: 本辖区没有该统一社会信用代码的社会组织' },
        ]);
      }
      return this.changes.propose(req.user, found.id, dto);
    });
    if (!done.ok) return this.renderQueue(req, res, 1, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, '/reviewer/credit?done=creditProposed');
  }

  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Get('reviewer/credit/:id')
  async changePage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.renderChange(req, res, id, {});
  }

  /** 复核: the proposer's own confirmation is refused (403) and shown on the page. */
  @Roles(...TWO_PERSON_DECIDERS.creditChange)
  @Post('reviewer/credit/:id/decision')
  async decide(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/reviewer/credit/${id}`);
    const { change } = await this.changes.find(req.user, id);
    const { typed, given } = postedFields(body, DECISION_FIELDS);
    const page = reviewForm(lang, t, { idPrefix: 'credit-', bounds: { reason: fieldBounds(CreditChangeDecisionDto, 'reason') } });
    const done = await submitForm(page, CreditChangeDecisionDto, given, (dto) =>
      this.changes.decide(req.user, change.organizationId, id, dto),
    );
    if (!done.ok) return this.renderChange(req, res, id, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, '/reviewer/credit?done=creditDecided');
  }

  private async renderQueue(req: Req, res: Response, page: number, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const list = await this.changes.pending(req.user, { page, pageSize: PAGE_SIZE });
    const items = list.items.map((c) => ({
      ...c,
      statusLabel: codeLabel(t, 'creditStatus', c.creditStatus),
      currentLabel: codeLabel(t, 'creditStatus', c.currentStatus),
      mine: c.proposedById === req.user.id,
    }));
    await renderPage(
      res,
      'pages/review/reviewer-credit',
      {
        title: t('review.queues.credit.title'),
        section: 'workspace',
        queue: 'credit',
        nav: reviewerNav(t, 'credit'),
        items,
        pager: pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/credit?page=${p}`),
        statuses: choices(t, 'creditStatus', ['DISHONEST', 'GOOD']),
        reasonHint: t('review.creditChange.reasonHint', fieldBounds(ProposeCreditChangeDto, 'reason')),
        form: {},
        ...extra,
      },
      status,
    );
  }

  private async renderChange(req: Req, res: Response, id: string, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const { change, organization } = await this.changes.find(req.user, id);
    const mine = change.proposedById === req.user.id;
    await renderPage(
      res,
      'pages/review/credit-decision',
      {
        title: t('review.creditChange.title'),
        section: 'workspace',
        nav: reviewerNav(t, 'credit'),
        change: {
          ...change,
          statusLabel: codeLabel(t, 'creditStatus', change.creditStatus),
          stateLabel: codeLabel(t, 'creditChangeStatus', change.status),
        },
        organization: {
          name: organization.name,
          creditCode: organization.creditCode,
          currentLabel: codeLabel(t, 'creditStatus', organization.creditStatus),
        },
        mine,
        open: change.status === 'PENDING',
        options: choices(t, 'creditDecision', CREDIT_CHANGE_DECISIONS),
        reasonHint: t('review.creditChange.decisionHint', fieldBounds(CreditChangeDecisionDto, 'reason')),
        form: {},
        ...extra,
      },
      status,
    );
  }
}
