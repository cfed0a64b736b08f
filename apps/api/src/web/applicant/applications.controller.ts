import { Body, Get, HttpStatus, NotFoundException, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { blockingChecks, isBudgetLineType, isMoneyString } from '@workflows/rules';
import { CreateApplicationDto, UpdateApplicationDto } from '../../applications/applications.dto';
import { ApplicationsService } from '../../applications/applications.service';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoundsService } from '../../rounds/rounds.service';
import { decide, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { asBody, text } from './applicant-forms';
import { applicantForm } from './applicant-messages';
import { ApplicantReads, APPLICATION_VIEWS } from './applicant-reads.service';
import { addedGroup, readApplication } from './application-form';
import { ApplicationFormPage, checksView, RoundChoice } from './application-form.page';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const PAGE_SIZE = 10;
const NOTICES = new Set(['created', 'saved', 'uploaded']);

/** 在线申报: the applicant's list, and the application form — drafts, edits with a version, submission. */
@WebController()
export class ApplicantApplicationsController {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly rounds: RoundsService,
    private readonly organizations: OrganizationsService,
    private readonly reads: ApplicantReads,
    private readonly form: ApplicationFormPage,
  ) {}

  @Roles('APPLICANT')
  @Get('my/applications')
  async list(@Req() req: Req, @Res() res: Response, @Query('view') rawView?: string, @Query('page') rawPage?: string) {
    const t = this.web.translator(this.web.lang(req));
    const view = typeof rawView === 'string' && rawView in APPLICATION_VIEWS ? rawView : 'all';
    const page = pageNumber(rawPage);
    const { items, total } = await this.reads.applications(req.user, view, page, PAGE_SIZE);
    await renderPage(res, 'pages/applicant/applications', {
      title: t('applicant.applications.title'),
      section: 'workspace',
      items,
      view,
      views: Object.keys(APPLICATION_VIEWS).map((key) => ({
        key,
        label: t(`applicant.applications.views.${key}`),
        href: `/my/applications?view=${key}`,
        current: key === view,
      })),
      pager: pager(total, page, PAGE_SIZE, (p) => `/my/applications?view=${view}&page=${p}`),
    });
  }

  @Roles('APPLICANT')
  @Get('my/applications/new')
  async newForm(
    @Req() req: Req,
    @Res() res: Response,
    @Query('roundId') roundId?: string,
    @Query('organizationId') organizationId?: string,
  ) {
    const { round, organization } = await this.choice(req.user, roundId, organizationId);
    await this.form.renderNew(req, res, round, organization, {});
  }

  /** 新建草稿: the whole form, checked by CreateApplicationDto and created by ApplicationsService. */
  @Roles('APPLICANT')
  @Post('my/applications')
  async create(@Req() req: Req, @Res() res: Response, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const body = asBody(raw);
    const { round, organization } = await this.choice(req.user, text(body, 'roundId'), text(body, 'organizationId'));
    this.web.returnPath(res, lang, `/my/applications/new?roundId=${round.id}&organizationId=${organization.id}`);
    const posted = readApplication(body, 'omit');
    const add = addedGroup(body);
    if (add) return this.form.renderNew(req, res, round, organization, { values: posted.values, rows: posted.rows, add });
    const input = { roundId: round.id, organizationId: organization.id, ...posted.fields };
    const done = await submitForm(applicantForm(lang, t, posted.field), CreateApplicationDto, input, (dto) =>
      this.applications.create(req.user, dto),
    );
    if (!done.ok)
      return this.form.renderNew(
        req,
        res,
        round,
        organization,
        { values: posted.values, rows: posted.rows, errors: done.errors, refusal: done.refusal },
        done.status,
      );
    // "Save to upload" on the new form: the draft exists now, and the page opens at its attachments.
    const then = text(body, '_action') === 'upload' ? '#attachments' : '';
    res.redirect(303, `/my/applications/${done.value.id}/edit?notice=created${then}`);
  }

  @Roles('APPLICANT')
  @Get('my/applications/:id/edit')
  async edit(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Query('notice') notice?: string) {
    await this.form.renderEdit(req, res, id, { notice: typeof notice === 'string' && NOTICES.has(notice) ? notice : undefined });
  }

  /** 保存修改: PATCH semantics with the version the form was read at; a stale version keeps what was typed. */
  @Roles('APPLICANT')
  @Post('my/applications/:id')
  async update(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/applications/${id}/edit`);
    const body = asBody(raw);
    const posted = readApplication(body, 'clear');
    const version = Number(text(body, 'version')) || undefined;
    const add = addedGroup(body);
    if (add) return this.form.renderEdit(req, res, id, { values: posted.values, rows: posted.rows, add, version });
    const input = { version: text(body, 'version'), ...posted.fields };
    const done = await submitForm(applicantForm(lang, t, posted.field), UpdateApplicationDto, input, (dto) =>
      this.applications.update(req.user, id, dto),
    );
    // After a stale write the form takes the current version (renderEdit reads it): saving again is a deliberate overwrite.
    if (!done.ok)
      return this.form.renderEdit(
        req,
        res,
        id,
        {
          values: posted.values,
          rows: posted.rows,
          errors: done.errors,
          refusal: done.refusal,
          version: done.refusal ? undefined : version,
        },
        done.status,
      );
    res.redirect(303, `/my/applications/${id}/edit?notice=saved#form-notice`);
  }

  /**
   * 按当前填写内容校验: the draft's checks with the money as typed in the form and not yet saved
   * (assets/draft-checks.js asks while the applicant types). Read only; amounts that are not yet
   * amounts answer ok: false, and the page keeps the list rendered from what was saved.
   */
  @Roles('APPLICANT')
  @Get('my/applications/:id/checks')
  async liveChecks(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Query() query: unknown) {
    // Another organization's application is not found, whatever the query holds.
    await this.applications.requireMember(req.user, id);
    const posted = readApplication(asBody(query), 'clear');
    const lines = (posted.fields.budgetLines as { type: unknown; amount: unknown }[]).map((l) => ({ type: l.type, amount: l.amount }));
    const matching = posted.fields.matchingFunds;
    const amounts = [posted.fields.requestedAmount, ...lines.map((l) => l.amount), ...(matching ? [matching] : [])];
    if (!amounts.every(isMoneyString) || !lines.every((l) => isBudgetLineType(l.type))) {
      res.json({ ok: false });
      return;
    }
    const found = await this.applications.draftChecks(req.user, id, {
      requestedAmount: posted.fields.requestedAmount as string,
      budgetLines: lines as { type: string; amount: string }[],
      matchingFunds: (matching as string | null | undefined) ?? null,
    });
    res.json({ ok: true, ...checksView(found) });
  }

  /**
   * 提交: starts or resumes the project workflow. Refused, the form shows why: the window's times
   * (409), each failed must-pass rule (400), or the failed warnings awaiting "确认仍然提交" (400).
   */
  @Decides('submitApplication')
  @Post('my/applications/:id/submit')
  async submit(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/applications/${id}/edit`);
    const confirmWarnings = text(asBody(raw), 'confirmWarnings') === 'yes';
    const done = await decide(applicantForm(lang, t), () =>
      this.applications.submit(req.user, id, { confirmWarnings, requireConfirmation: true }),
    );
    if (!done.ok) {
      if (done.status === 400 && done.errors) {
        const confirm = Object.prototype.hasOwnProperty.call(done.errors.byField, 'confirmWarnings');
        const { checks } = await this.applications.draftChecks(req.user, id);
        const refusal = confirm
          ? { status: 400, message: t('applicant.checks.confirmNeeded') }
          : {
              status: 400,
              message: t('applicant.checks.refusedHard'),
              errors: blockingChecks(checks).map((c) => `${c.label.zh} / ${c.label.en}：${c.reason}`),
            };
        return this.form.renderEdit(req, res, id, { refusal, confirmError: confirm }, 400);
      }
      return this.form.renderEdit(req, res, id, { refusal: done.refusal, errors: done.errors }, done.status);
    }
    res.redirect(303, `/my/applications/${id}?notice=submitted`);
  }

  /** The round (published or open, as RoundsService shows it) and one of the applicant's own organizations. */
  private async choice(
    user: AuthUser,
    roundId?: string,
    organizationId?: string,
  ): Promise<{ round: RoundChoice; organization: { id: string; name: string } }> {
    if (!roundId || !isUUID(roundId) || !organizationId || !isUUID(organizationId)) throw new NotFoundException();
    const [round, organization] = await Promise.all([this.rounds.get(user, roundId), this.organizations.get(user, organizationId)]);
    return { round, organization: { id: organization.id, name: organization.name } };
  }
}
