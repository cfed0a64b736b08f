import { Module } from '@nestjs/common';
import { FailedMailService } from './failed-mail.service';
import { MailSettingsService } from './mail-settings.service';
import { MailController } from './mail.controller';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController, MailController],
  providers: [NotificationsService, MailSettingsService, FailedMailService],
  exports: [NotificationsService, MailSettingsService, FailedMailService],
})
export class NotificationsModule {}
