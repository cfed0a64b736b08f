import { Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ROLES } from '@workflows/rules';
import { Roles } from '../../common/auth/roles.decorator';
import { NotificationsService } from '../../notifications/notifications.service';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { INBOX_PATH, notificationHref } from './desk-links';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type SignedIn = WebRequest & { user: AuthUser };

/** 消息通知: every signed-in person's own notifications, through the service of GET /api/notifications. */
@WebController()
export class InboxController {
  constructor(
    private readonly web: WebContext,
    private readonly notifications: NotificationsService,
  ) {}

  @Roles(...ROLES)
  @Get('inbox')
  async inbox(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('unread') rawUnread?: string,
    @Query('done') done?: string,
  ) {
    const t = this.web.translator(this.web.lang(req));
    const unreadOnly = rawUnread === 'true';
    const page = pageNumber(rawPage);
    const list = await this.notifications.inbox(req.user, { page, pageSize: PAGE_SIZE, unread: unreadOnly ? 'true' : undefined });
    const href = (p: number) =>
      `${INBOX_PATH}?${new URLSearchParams({ ...(unreadOnly && { unread: 'true' }), page: String(p) }).toString()}`;
    await renderPage(res, 'pages/desk/inbox', {
      title: t('desk.inbox.title'),
      section: 'inbox',
      total: list.total,
      unread: list.unread,
      unreadOnly,
      returnTo: href(page),
      items: list.items.map((n) => ({
        ...n,
        createdAt: n.createdAt.toISOString(),
        unread: !n.readAt,
        href: notificationHref(req.user.role, n.kind, n.applicationId),
      })),
      pager: pager(list.total, page, PAGE_SIZE, href),
      doneMessage: done === 'read' || done === 'allRead' ? t(`desk.inbox.done.${done}`) : undefined,
    });
  }

  /** Marks one notification read; another person's is not found (404). */
  @Roles(...ROLES)
  @Post('inbox/notifications/:id/read')
  async read(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string) {
    await this.notifications.markRead(req.user, id);
    res.redirect(303, backTo(req, 'read'));
  }

  @Roles(...ROLES)
  @Post('inbox/read-all')
  async readAll(@Req() req: SignedIn, @Res() res: Response) {
    await this.notifications.markAllRead(req.user);
    res.redirect(303, backTo(req, 'allRead'));
  }
}

/** Back to the inbox page the form was on (its `returnTo`, only ever an inbox path), saying what was done. */
function backTo(req: WebRequest, done: string): string {
  const raw = (req.body as Record<string, unknown> | undefined)?.returnTo;
  const base = typeof raw === 'string' && /^\/inbox(\?[\w=&]*)?$/.test(raw) ? raw : INBOX_PATH;
  const url = new URL(base, 'http://portal.invalid');
  url.searchParams.set('done', done);
  return `${url.pathname}${url.search}`;
}
