import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { Roles } from '../../common/auth/roles.decorator';
import { AddMembershipDto, ChangeRoleDto, CreateUserDto, UserListQuery } from '../../users/users.dto';
import { UsersService } from '../../users/users.service';
import { FormErrors, postedFields, Refusal, submitForm, validateDto } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { renderUserPage, roleChoices, UserForm } from './admin-user-page';
import { deskForm } from './desk-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type SignedIn = WebRequest & { user: AuthUser };
const FILTERS = ['q', 'role', 'regionCode', 'active'] as const;
const NEW_USER = ['username', 'password', 'displayName', 'role', 'regionCode', 'email'] as const;

/**
 * 用户管理 for the platform's administrator: find accounts, create one, change its role and
 * region, add an applicant to an organization. Each form is checked with the DTO of the same
 * route of /api/users and sent through the same UsersService, which writes the audit entries.
 */
@WebController()
export class AdminUsersController {
  constructor(
    private readonly web: WebContext,
    private readonly users: UsersService,
  ) {}

  @Roles('ADMIN')
  @Get('admin/users')
  async list(@Req() req: SignedIn, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { typed, given } = postedFields(query, FILTERS);
    const page = pageNumber(query.page);
    const checked = await validateDto(UserListQuery, { ...given, page, pageSize: PAGE_SIZE });
    const errors = checked.ok ? undefined : deskForm(lang, t).errors(checked.errors);
    const found = checked.ok ? await this.users.list(checked.value) : { items: [], total: 0 };
    const href = (p: number) => `/admin/users?${new URLSearchParams({ ...given, page: String(p) }).toString()}`;
    await renderPage(
      res,
      'pages/desk/users',
      {
        title: t('desk.users.title'),
        section: 'workspace',
        filters: typed,
        roles: roleChoices(lang, typed.role),
        errors,
        total: found.total,
        users: found.items,
        pager: pager(found.total, page, PAGE_SIZE, href),
      },
      errors ? 400 : 200,
    );
  }

  @Roles('ADMIN')
  @Get('admin/users/new')
  async newUser(@Req() req: SignedIn, @Res() res: Response) {
    await this.renderNew(req, res, postedFields({}, NEW_USER).typed);
  }

  @Roles('ADMIN')
  @Post('admin/users')
  async create(@Req() req: SignedIn, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/admin/users/new');
    const { typed, given } = postedFields(body, NEW_USER);
    const done = await submitForm(deskForm(lang, t, CreateUserDto), CreateUserDto, given, (dto) => this.users.create(req.user, dto));
    if (!done.ok) return this.renderNew(req, res, { ...typed, password: '' }, done.errors, done.refusal, done.status);
    res.redirect(303, `/admin/users/${done.value.id}?done=created`);
  }

  @Roles('ADMIN')
  @Get('admin/users/:id')
  async detail(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query('done') done?: string) {
    const lang = this.web.lang(req);
    await renderUserPage(res, this.web.translator(lang), lang, await this.users.detail(id), await this.users.organizationChoices(), {
      done,
    });
  }

  /** 角色与区域: the same ChangeRoleDto as POST /api/users/:id/role. */
  @Roles('ADMIN')
  @Post('admin/users/:id/role')
  async changeRole(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const { typed, given } = postedFields(body, ['role', 'regionCode', 'reason'] as const);
    return this.send(req, res, id, 'role', typed, 'roleChanged', (lang, t) =>
      submitForm(deskForm(lang, t, ChangeRoleDto, 'role-'), ChangeRoleDto, given, (dto) => this.users.changeRole(req.user, id, dto)),
    );
  }

  @Roles('ADMIN')
  @Post('admin/users/:id/memberships')
  async addMembership(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const { typed, given } = postedFields(body, ['organizationId'] as const);
    return this.send(req, res, id, 'member', typed, 'memberAdded', (lang, t) =>
      submitForm(deskForm(lang, t, AddMembershipDto, 'member-'), AddMembershipDto, given, (dto) =>
        this.users.addMembership(req.user, id, dto),
      ),
    );
  }

  /** A form of the account's page: sent, then back to the page saying so, or the page again with what was refused. */
  private async send(
    req: SignedIn,
    res: Response,
    id: string,
    form: UserForm,
    typed: Record<string, string>,
    doneStep: string,
    submit: (
      lang: ReturnType<WebContext['lang']>,
      t: ReturnType<WebContext['translator']>,
    ) => Promise<{ ok: true } | { ok: false; status: number; errors?: FormErrors; refusal?: Refusal }>,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/admin/users/${id}`);
    const user = await this.users.detail(id);
    const done = await submit(lang, t);
    if (!done.ok) {
      const extra = { form, typed, errors: done.errors, refusal: done.refusal };
      return renderUserPage(res, t, lang, user, await this.users.organizationChoices(), extra, done.status);
    }
    res.redirect(303, `/admin/users/${id}?done=${doneStep}`);
  }

  private async renderNew(
    req: SignedIn,
    res: Response,
    values: Record<string, string>,
    errors?: FormErrors,
    refusal?: Refusal,
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    await renderPage(
      res,
      'pages/desk/user-new',
      { title: t('desk.newUser.title'), section: 'workspace', values, roles: roleChoices(lang, values.role), errors, refusal },
      status,
    );
  }
}
