import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import { InviteDto, MEMBERSHIP_ROLES, RevokeInvitationDto } from '../../accounts/accounts.dto';
import { InvitationsService } from '../../accounts/invitations.service';
import { Roles } from '../../common/auth/roles.decorator';
import { CreateOrganizationDto, OrganizationQuery, OrganizationView, UpdateOrganizationDto } from '../../organizations/organizations.dto';
import { OrganizationsService } from '../../organizations/organizations.service';
import { FormPage, Outcome, submitForm } from '../forms';
import { accountErrors } from '../web-account-errors';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { asBody, FormBody, text } from './applicant-forms';
import { ratingLabel, ratingOptions } from './applicant-labels';
import { applicantForm } from './applicant-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const PAGE_SIZE = 10;
const CREATE_FIELDS = [
  'name',
  'creditCode',
  'regionCode',
  'registeredAt',
  'rating',
  'certificateRef',
  'contactName',
  'contactPhone',
  'contactEmail',
  'address',
] as const;
// The name is a registered fact: it changes by a request with evidence (fact-changes), not here.
const EDIT_FIELDS = ['contactName', 'contactPhone', 'contactEmail', 'address'] as const;
// Labels of the members section's fields (web.fields and web.accounts).
const MEMBER_LABELS = { role: 'web.fields.memberRole', reason: 'web.fields.revokeReason' };
const OPTIONAL = new Set(['rating', 'certificateRef', 'contactEmail', 'address']);

/** 机构信息: the social organizations the applicant acts for — register one, read and edit its profile. */
@WebController()
export class ApplicantOrganizationsController {
  constructor(
    private readonly web: WebContext,
    private readonly organizations: OrganizationsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Roles('APPLICANT')
  @Get('my/organizations')
  async list(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const page = pageNumber(rawPage);
    const result = await this.organizations.list(req.user, Object.assign(new OrganizationQuery(), { page, pageSize: PAGE_SIZE }));
    await renderPage(res, 'pages/applicant/organizations', {
      title: t('applicant.organizations.title'),
      section: 'workspace',
      organizations: result.items.map((o) => ({ ...o, ratingText: ratingLabel(o.rating, lang) })),
      pager: pager(result.total, page, PAGE_SIZE, (p) => `/my/organizations?page=${p}`),
    });
  }

  @Roles('APPLICANT')
  @Get('my/organizations/new')
  async newForm(@Req() req: Req, @Res() res: Response) {
    await this.renderNew(req, res, {});
  }

  /** 登记: validated with CreateOrganizationDto (GB 32100 check character, GB/T 2260 region), created by OrganizationsService. */
  @Roles('APPLICANT')
  @Post('my/organizations')
  async create(@Req() req: Req, @Res() res: Response, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/my/organizations/new');
    const body = asBody(raw);
    const page = applicantForm(lang, t);
    const done = await duplicateAware(page, () =>
      submitForm(page, CreateOrganizationDto, fields(body, CREATE_FIELDS, 'omit'), (dto) => this.organizations.create(req.user, dto)),
    );
    if (!done.ok) return this.renderNew(req, res, { form: body, errors: done.errors, refusal: done.refusal }, done.status);
    // A code someone else registered: the claim went to a reviewer as a dispute; say so on the form.
    if ('disputeOpened' in done.value) {
      return this.renderNew(req, res, { form: body, refusal: { status: 202, message: done.value.disputeOpened.message } }, 202);
    }
    res.redirect(303, `/my/organizations/${done.value.id}?created=1`);
  }

  @Roles('APPLICANT')
  @Get('my/organizations/:id')
  async profile(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('created') created?: string,
    @Query('saved') saved?: string,
    @Query('members') members?: string,
  ) {
    const org = await this.organizations.get(req.user, id);
    await this.renderProfile(req, res, org, { form: org, created: created === '1', saved: saved === '1', membersNotice: members });
  }

  /** 邀请同事: an OWNER invites an address with a role in the organization (InvitationsService checks the role). */
  @Roles('APPLICANT')
  @Post('my/organizations/:id/invitations')
  async invite(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const page = this.membersForm(req, res, id);
    const org = await this.organizations.get(req.user, id);
    const body = asBody(raw);
    const input = { email: text(body, 'email'), role: text(body, 'role') };
    const done = await submitForm(page, InviteDto, input, (dto) => this.invitations.invite(req.user, id, dto));
    if (!done.ok) {
      const locals = { form: org, invite: input, inviteErrors: done.errors, membersRefusal: done.refusal };
      return this.renderProfile(req, res, org, locals, done.status);
    }
    res.redirect(303, `/my/organizations/${id}?members=invited#members`);
  }

  /** 撤销邀请, with the reason kept in the audit trail. */
  @Roles('APPLICANT')
  @Post('my/organizations/:id/invitations/:invitationId/revoke')
  async revoke(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('invitationId', uuid) invitationId: string,
    @Body() raw: unknown,
  ) {
    const page = this.membersForm(req, res, id);
    const org = await this.organizations.get(req.user, id);
    const input = { reason: text(asBody(raw), 'reason') };
    const done = await submitForm(page, RevokeInvitationDto, input, (dto) => this.invitations.revoke(req.user, id, invitationId, dto));
    if (!done.ok) {
      const revokeErrors = { ...done.errors, invitationId };
      return this.renderProfile(req, res, org, { form: org, revokeErrors, membersRefusal: done.refusal }, done.status);
    }
    res.redirect(303, `/my/organizations/${id}?members=revoked#members`);
  }

  private membersForm(req: Req, res: Response, id: string): FormPage {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/organizations/${id}`);
    return { lang, t, errors: (found) => accountErrors(found, t, MEMBER_LABELS) };
  }

  /** 修改: the profile's editable part with the version it was read at (a stale version is shown, not lost). */
  @Roles('APPLICANT')
  @Post('my/organizations/:id')
  async update(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Body() raw: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/my/organizations/${id}`);
    const org = await this.organizations.get(req.user, id);
    const body = asBody(raw);
    const input = { ...fields(body, EDIT_FIELDS, 'clear'), version: text(body, 'version') };
    const done = await submitForm(applicantForm(lang, t), UpdateOrganizationDto, input, (dto) =>
      this.organizations.update(req.user, id, dto),
    );
    // After a refused (stale) write the form carries the current version, so saving again is a deliberate overwrite.
    if (!done.ok)
      return this.renderProfile(
        req,
        res,
        org,
        { form: done.refusal ? { ...body, version: org.version } : body, errors: done.errors, refusal: done.refusal },
        done.status,
      );
    res.redirect(303, `/my/organizations/${id}?saved=1#profile-saved`);
  }

  private async renderNew(req: Req, res: Response, locals: { form?: FormBody; errors?: unknown; refusal?: unknown }, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    await renderPage(
      res,
      'pages/applicant/organization-new',
      {
        title: t('applicant.organizationNew.title'),
        section: 'workspace',
        form: {},
        ...locals,
        ratings: ratingOptions(lang, typeof locals.form?.rating === 'string' ? locals.form.rating : ''),
      },
      status,
    );
  }

  private async renderProfile(req: Req, res: Response, org: OrganizationView, locals: Record<string, unknown>, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { members, myRole } = await this.invitations.members(req.user, org.id);
    const owner = myRole === 'OWNER';
    const pending = owner ? await this.invitations.pending(req.user, org.id) : [];
    const roleText = (role: string) => t(`web.accounts.roles.${role}`);
    const chosen = (locals.invite as { role?: string } | undefined)?.role ?? 'STAFF';
    await renderPage(
      res,
      'pages/applicant/organization',
      {
        title: t('applicant.organization.title'),
        section: 'workspace',
        org,
        ratingText: ratingLabel(org.rating, lang),
        members: members.map((m) => ({ ...m, roleText: roleText(m.role), since: m.since.slice(0, 10) })),
        owner,
        pending: pending.map((i) => ({ ...i, roleText: roleText(i.role), expiresOn: i.expiresAt.slice(0, 10) })),
        roleOptions: MEMBERSHIP_ROLES.map((r) => ({ value: r, label: roleText(r), selected: r === chosen })),
        ...locals,
      },
      status,
    );
  }
}

/** The named fields as the API would receive them: optional ones left blank are omitted (create) or cleared (edit). */
function fields(body: FormBody, names: readonly string[], blank: 'omit' | 'clear'): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const name of names) {
    const value = text(body, name);
    if (value === '' && OPTIONAL.has(name)) {
      if (blank === 'clear') out[name] = null;
      continue;
    }
    out[name] = value;
  }
  return out;
}

/** A credit code registered before: the database's unique index answers, shown beside the field. */
async function duplicateAware<T>(page: FormPage, submit: () => Promise<Outcome<T>>): Promise<Outcome<T>> {
  try {
    return await submit();
  } catch (e) {
    if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') throw e;
    return { ok: false, status: 409, errors: page.errors([{ field: 'creditCode', rule: 'duplicate', message: '' }]) };
  }
}
