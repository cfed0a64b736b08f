import { AdminAccountsController } from './admin-accounts.controller';
import { AdminCalendarController } from './admin-calendar.controller';
import { AdminMailController } from './admin-mail.controller';
import { AdminUsersController } from './admin-users.controller';
import { InboxController } from './inbox.controller';
import { MailSettingsController } from './mail-settings.controller';
import type { WebArea } from '../web-area';

/**
 * 消息通知 and 通知设置 for every signed-in role (/inbox, /account/notifications) and the
 * administrator's desk (/admin: accounts, the holiday calendar, failed mail). The services come from the modules web.module.ts imports.
 */
export const DESK_AREA: WebArea = {
  controllers: [
    InboxController,
    MailSettingsController,
    AdminUsersController,
    AdminAccountsController,
    AdminCalendarController,
    AdminMailController,
  ],
  providers: [],
};
