import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { AccountAdminService } from './account-admin.service';
import { AccountActionDto, AddMembershipDto, ChangeRoleDto, CreateUserDto, ResetPasswordDto, UserListQuery, UserView } from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users 账号')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: AccountAdminService,
  ) {}

  /** 新建账号 / Create an account */
  @ApiErrors(400, 409)
  @Roles('ADMIN')
  @Post()
  create(@CurrentUser() actor: AuthUser, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  /** 查找账号 / Find accounts */
  @ApiErrors(400)
  @Roles('ADMIN')
  @ApiPage(UserView, '一页账号 / one page of accounts')
  @Get()
  list(@Query() q: UserListQuery) {
    return this.users.list(q);
  }

  /**
   * 修改账号的角色与区域 / Change an account's role and region
   *
   * @remarks 角色与区域: the account's role and region, with the reason kept in the audit trail.
   */
  @ApiErrors(400, 404, 409)
  @Roles('ADMIN')
  @Post(':id/role')
  @HttpCode(200)
  changeRole(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ChangeRoleDto) {
    return this.users.changeRole(actor, id, dto);
  }

  /** 停用账号 / Deactivate an account */
  @ApiErrors(400, 404)
  @Roles('ADMIN')
  @Post(':id/deactivate')
  @HttpCode(200)
  deactivate(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AccountActionDto) {
    return this.accounts.deactivate(actor, id, dto);
  }

  /** 重新启用账号 / Reactivate an account */
  @ApiErrors(400, 404)
  @Roles('ADMIN')
  @Post(':id/reactivate')
  @HttpCode(200)
  reactivate(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AccountActionDto) {
    return this.accounts.reactivate(actor, id, dto);
  }

  /**
   * 重置密码（临时密码）/ Reset a password (temporary password)
   *
   * @remarks Sets a temporary password and ends the account's sessions; the person must change it at the next sign-in.
   */
  @ApiErrors(400, 404)
  @Roles('ADMIN')
  @Post(':id/password-reset')
  @HttpCode(200)
  resetPassword(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ResetPasswordDto) {
    return this.accounts.resetPassword(actor, id, dto);
  }

  /** 将申报单位账号加入社会组织 / Add an applicant account to an organization */
  @ApiErrors(400, 404, 409)
  @Roles('ADMIN')
  @Post(':id/memberships')
  @HttpCode(204)
  addMembership(@CurrentUser() actor: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AddMembershipDto) {
    return this.users.addMembership(actor, id, dto);
  }
}
