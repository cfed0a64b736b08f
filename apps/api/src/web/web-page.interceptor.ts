import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { from, switchMap } from 'rxjs';
import { NotificationsService } from '../notifications/notifications.service';
import { WebContext, WebRequest } from './web-context';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * Fills the layout's locals (language, visitor, CSRF token) before each page handler runs, and
 * for a signed-in visitor the count of unread notifications the header shows on every page.
 */
@Injectable()
export class WebPageInterceptor implements NestInterceptor {
  constructor(
    private readonly web: WebContext,
    private readonly notifications: NotificationsService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = ctx.switchToHttp();
    const req = http.getRequest<WebRequest>();
    const res = http.getResponse<Response>();
    this.web.prepare(req, res);
    const user = req.user;
    if (!user) return next.handle();
    return from(this.notifications.unreadCount(user.id)).pipe(
      switchMap((unread) => {
        (res.locals.viewer as { unread?: number }).unread = unread;
        return next.handle();
      }),
    );
  }
}
