import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { FailedMailQuery, ResendMailDto } from './failed-mail.dto';
import { FailedMailService } from './failed-mail.service';
import { MailSettingsDto } from './mail-settings.dto';
import { MailSettingsService } from './mail-settings.service';

/** 通知设置 (each person's own) and 发送失败的邮件 (the administrator's). */
@ApiTags('notifications 站内信')
@ApiBearerAuth()
@Controller()
export class MailController {
  constructor(
    private readonly settings: MailSettingsService,
    private readonly failed: FailedMailService,
  ) {}

  @Roles(...ROLES)
  @Get('notifications/settings')
  getSettings(@CurrentUser() user: AuthUser) {
    return this.settings.get(user);
  }

  /** The language of one's email and the topics whose email is turned off; the inbox keeps every notification. */
  @Roles(...ROLES)
  @Put('notifications/settings')
  putSettings(@CurrentUser() user: AuthUser, @Body() dto: MailSettingsDto) {
    return this.settings.update(user, dto);
  }

  @Roles('ADMIN')
  @Get('mail/failed')
  listFailed(@Query() q: FailedMailQuery) {
    return this.failed.list(q);
  }

  @Roles('ADMIN')
  @Post('mail/:id/resend')
  @HttpCode(200)
  resend(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ResendMailDto) {
    return this.failed.resend(user, id, dto.reason);
  }
}
