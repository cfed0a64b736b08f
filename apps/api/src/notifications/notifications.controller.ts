import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { InboxQuery } from './notifications.dto';
import { NotificationsService } from './notifications.service';

/** 站内信: each decision notifies the people it concerns. */
@ApiTags('notifications 站内信')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Roles(...ROLES)
  @Get()
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQuery) {
    return this.notifications.inbox(user, q);
  }

  /** Marks every unread notification of the caller read. */
  @Roles(...ROLES)
  @Post('read-all')
  @HttpCode(200)
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Roles(...ROLES)
  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.notifications.markRead(user, id);
  }
}
