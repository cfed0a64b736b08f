import { AdminAccountsController } from './admin-accounts.controller';
import { AdminCalendarController } from './admin-calendar.controller';
import { AdminUsersController } from './admin-users.controller';
import { InboxController } from './inbox.controller';
import type { WebArea } from '../web-area';

/**
 * 消息通知 for every signed-in role (/inbox) and the administrator's desk (/admin: accounts and
 * the holiday calendar). The services come from the modules web.module.ts imports.
 */
export const DESK_AREA: WebArea = {
  controllers: [InboxController, AdminUsersController, AdminAccountsController, AdminCalendarController],
  providers: [],
};
