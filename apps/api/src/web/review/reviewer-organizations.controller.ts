import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { RATINGS } from '@workflows/rules';
import { Roles } from '../../common/auth/roles.decorator';
import { ANNUAL_INSPECTION_RESULTS, SettleDisputeDto, VerifyOrganizationDto } from '../../organizations/organization-facts.dto';
import { OrganizationFactsService } from '../../organizations/organization-facts.service';
import { OrganizationsService } from '../../organizations/organizations.service';
import { postedFields, refusalBox, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { reviewForm } from './review-messages';
import { PAGE_SIZE, reviewerNav } from './review-nav';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const VERIFY_FIELDS = [
  'version',
  'result',
  'evidenceRef',
  'reason',
  'creditCode',
  'name',
  'legalRepresentative',
  'registeredAt',
  'registrationAuthority',
  'regionCode',
  'rating',
  'ratingValidUntil',
  'annualInspection',
] as const;
const SETTLE_FIELDS = ['winner', 'reason'] as const;
type Req = WebRequest & { user: AuthUser };

/**
 * 登记信息核验与信用代码争议: organizations of the reviewer's region whose registration facts await
 * checking against the certificate, and disputes over a credit code. The forms post the API's own
 * DTOs to the API's own service, so the region rule (another region's organization is 404) is one.
 */
@WebController()
export class ReviewerOrganizationsController {
  constructor(
    private readonly web: WebContext,
    private readonly organizations: OrganizationsService,
    private readonly facts: OrganizationFactsService,
  ) {}

  @Roles('REVIEWER')
  @Get('reviewer/organizations')
  async list(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    await this.renderList(req, res, pageNumber(rawPage), {});
  }

  @Roles('REVIEWER')
  @Get('reviewer/organizations/:id/verify')
  async verifyPage(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    const org = await this.organizations.get(req.user, id);
    // The form starts from the declared facts; the reviewer corrects them to what the certificate shows.
    await this.renderVerify(req, res, id, { form: { ...org, version: String(org.version), result: 'VERIFIED', rating: org.rating ?? '' } });
  }

  @Roles('REVIEWER')
  @Post('reviewer/organizations/:id/verify')
  async verify(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/reviewer/organizations/${id}/verify`);
    const { typed, given } = postedFields(body, VERIFY_FIELDS);
    const page = reviewForm(lang, this.web.translator(lang), { idPrefix: 'verify-' });
    const done = await submitForm(page, VerifyOrganizationDto, given, (dto) => this.facts.verify(req.user, id, dto));
    if (!done.ok) return this.renderVerify(req, res, id, { form: typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, '/reviewer/organizations?done=verified');
  }

  @Roles('REVIEWER')
  @Post('reviewer/organization-disputes/:id/settle')
  async settle(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, '/reviewer/organizations');
    // Another region's dispute is 404 before its form is read, as the JSON route answers.
    await this.facts.dispute(req.user, id);
    const { given } = postedFields(body, SETTLE_FIELDS);
    const page = reviewForm(lang, this.web.translator(lang), { idPrefix: 'settle-' });
    const done = await submitForm(page, SettleDisputeDto, given, (dto) => this.facts.settle(req.user, id, dto));
    if (!done.ok) return this.renderList(req, res, 1, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, '/reviewer/organizations?done=settled');
  }

  private async renderList(req: Req, res: Response, page: number, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const [awaiting, disputes] = await Promise.all([
      this.organizations.list(req.user, { factsStatus: 'UNVERIFIED', page, pageSize: PAGE_SIZE }),
      this.facts.disputes(req.user, { status: 'OPEN', page: 1, pageSize: 100 }),
    ]);
    const locals = {
      title: t('review.organizations.title'),
      section: 'workspace',
      nav: reviewerNav(t),
      items: awaiting.items,
      disputes: disputes.items,
      pager: pager(awaiting.total, page, PAGE_SIZE, (p) => `/reviewer/organizations?page=${p}`),
      ...extra,
    };
    await renderPage(res, 'pages/review/reviewer-organizations', locals, status);
  }

  private async renderVerify(req: Req, res: Response, id: string, extra: Record<string, unknown>, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const org = await this.organizations.get(req.user, id);
    const form = (extra.form ?? {}) as Record<string, string>;
    const select = (values: readonly string[], chosen: string | undefined) =>
      values.map((value) => ({ value, selected: value === chosen }));
    const locals = {
      title: t('review.verify.title'),
      section: 'workspace',
      nav: reviewerNav(t),
      org,
      ratings: select(RATINGS, form.rating),
      inspections: select(ANNUAL_INSPECTION_RESULTS, form.annualInspection),
      results: ['VERIFIED', 'REJECTED'].map((value) => ({ value, label: t(`review.verify.results.${value}`) })),
      verifications: await this.facts.verifications(req.user, id),
      ...extra,
    };
    await renderPage(res, 'pages/review/organization-verify', locals, status);
  }
}
