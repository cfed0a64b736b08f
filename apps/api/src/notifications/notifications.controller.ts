import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { InboxQuery, MarkedReadView, NotificationView } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** 站内信: each decision notifies the people it concerns. */
@ApiTags('notifications 站内信')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** 我的消息 / My notifications */
  @ApiErrors(400)
  @Roles(...ROLES)
  @Get()
  @ApiPage(NotificationView, '一页消息 / one page of notifications', { unread: { type: 'integer', description: '未读数 / unread count' } })
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQuery) {
    return this.notifications.inbox(user, q);
  }

  /**
   * 全部标为已读 / Mark all read
   *
   * @remarks Marks every unread notification of the caller read.
   */
  @Roles(...ROLES)
  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser): Promise<MarkedReadView> {
    return this.notifications.markAllRead(user);
  }

  /** 标为已读 / Mark one read */
  @ApiErrors(400, 404)
  @Roles(...ROLES)
  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.notifications.markRead(user, id);
  }
}
