import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { RateLimit } from '../limits/rate-limit.decorator';
import {
  ChangeMemberRoleDto,
  InvitationAcceptedView,
  InvitationLookupView,
  InviteDto,
  MembersView,
  RevokeInvitationDto,
  TokenDto,
} from './accounts.dto';
import { InvitationsService } from './invitations.service';

/** 机构成员与邀请: members of an organization, invitations by its owners, acceptance by the invitee. */
@ApiTags('organizations 社会组织')
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** 社会组织的成员 / Members of an organization */
  @ApiErrors(400, 404)
  @Roles('APPLICANT')
  @Get('organizations/:id/members')
  members(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<MembersView> {
    return this.invitations.members(user, id);
  }

  /** 修改成员角色 / Change a member's role */
  @ApiErrors(400, 404, 409)
  @Roles('APPLICANT')
  @Patch('organizations/:id/members/:userId')
  changeRole(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('userId', new ParseUUIDPipe()) userId: string,
    @Body() dto: ChangeMemberRoleDto,
  ) {
    return this.invitations.changeRole(user, id, userId, dto);
  }

  /** 待接受的邀请 / Pending invitations */
  @ApiErrors(400, 404)
  @Roles('APPLICANT')
  @Get('organizations/:id/invitations')
  pending(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.invitations.pending(user, id);
  }

  /** 邀请同事加入 / Invite a colleague */
  @ApiErrors(400, 404, 409)
  @Roles('APPLICANT')
  @Post('organizations/:id/invitations')
  invite(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: InviteDto) {
    return this.invitations.invite(user, id, dto);
  }

  /** 撤回邀请 / Revoke an invitation */
  @ApiErrors(400, 404, 409)
  @Roles('APPLICANT')
  @Post('organizations/:id/invitations/:invitationId/revoke')
  @HttpCode(200)
  revoke(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('invitationId', new ParseUUIDPipe()) invitationId: string,
    @Body() dto: RevokeInvitationDto,
  ) {
    return this.invitations.revoke(user, id, invitationId, dto);
  }

  /**
   * 查看邀请链接的内容 / What an invitation link offers
   *
   * @remarks What a link offers (organization, role), before signing in or registering.
   */
  @ApiErrors(400)
  @Public()
  @RateLimit('login')
  @Get('invitations/lookup')
  lookup(@Query() q: TokenDto): Promise<InvitationLookupView> {
    return this.invitations.lookup(q.token);
  }

  /** 接受邀请 / Accept an invitation */
  @ApiErrors(400, 409)
  @Roles('APPLICANT')
  @Post('invitations/accept')
  @HttpCode(200)
  accept(@CurrentUser() user: AuthUser, @Body() dto: TokenDto): Promise<InvitationAcceptedView> {
    return this.invitations.accept(user, dto.token);
  }
}
