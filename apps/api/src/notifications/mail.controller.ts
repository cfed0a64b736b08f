import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { FailedMailQuery, FailedMailView, ResendMailDto } from './failed-mail.dto';
import { FailedMailService } from './failed-mail.service';
import { MailSettingsDto, MailSettingsView } from './mail-settings.dto';
import { MailSettingsService } from './mail-settings.service';

/** 通知设置 (each person's own) and 发送失败的邮件 (the administrator's). */
@ApiTags('notifications 站内信')
@Controller()
export class MailController {
  constructor(
    private readonly settings: MailSettingsService,
    private readonly failed: FailedMailService,
  ) {}

  /** 我的通知设置 / My notification settings: the language of my email and the topics whose email is off */
  @Roles(...ROLES)
  @Get('notifications/settings')
  getSettings(@CurrentUser() user: AuthUser): Promise<MailSettingsView> {
    return this.settings.get(user);
  }

  /**
   * 修改通知设置 / Change my notification settings
   * @remarks The language of one's email and the topics whose email is turned off; the inbox keeps every notification.
   */
  @Roles(...ROLES)
  @ApiErrors(400)
  @Put('notifications/settings')
  putSettings(@CurrentUser() user: AuthUser, @Body() dto: MailSettingsDto): Promise<MailSettingsView> {
    return this.settings.update(user, dto);
  }

  /** 发送失败的邮件 / Emails given up after their attempts */
  @Roles('ADMIN')
  @ApiErrors(400)
  @ApiPage(FailedMailView, '一页发送失败的邮件 / one page of failed emails')
  @Get('mail/failed')
  listFailed(@Query() q: FailedMailQuery) {
    return this.failed.list(q);
  }

  /** 重新发送邮件 / Send a failed email again (audited, with a reason) */
  @Roles('ADMIN')
  @ApiErrors(400, 404, 409)
  @Post('mail/:id/resend')
  @HttpCode(200)
  resend(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ResendMailDto): Promise<FailedMailView> {
    return this.failed.resend(user, id, dto.reason);
  }
}
