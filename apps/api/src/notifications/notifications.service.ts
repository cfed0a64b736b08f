import { Injectable } from '@nestjs/common';
import { audit } from '../common/audit';
import { NotFoundError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { InboxQuery, mapNotification, MarkedReadView, NotificationView } from './notifications.dto';
import type { AuthUser } from '../common/auth/auth-user';

/**
 * 站内信: each person's own notifications, newest first. A notification is only ever its
 * addressee's: another person's is not found. Marking read is recorded in the audit trail.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly prisma: PrismaService) {}

  async inbox(user: AuthUser, q: InboxQuery): Promise<Page<NotificationView> & { unread: number }> {
    const where = { userId: user.id, ...(q.unread === 'true' && { readAt: null }) };
    const [items, total, unread] = await this.prisma.$transaction([
      this.prisma.notification.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.notification.count({ where }),
      this.prisma.notification.count({ where: { userId: user.id, readAt: null } }),
    ]);
    return { items: items.map(mapNotification), total, unread, page: q.page, pageSize: q.pageSize };
  }

  unreadCount(userId: string): Promise<number> {
    return this.prisma.notification.count({ where: { userId, readAt: null } });
  }

  /** Marks one of the person's notifications read; reading it again changes nothing. */
  async markRead(user: AuthUser, id: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const r = await tx.notification.updateMany({ where: { id, userId: user.id, readAt: null }, data: { readAt: new Date() } });
      if (r.count === 0) {
        if (!(await tx.notification.findFirst({ where: { id, userId: user.id }, select: { id: true } })))
          throw new NotFoundError('Notification', id);
        return;
      }
      await audit(tx, user, {
        entityType: 'Notification',
        entityId: id,
        action: 'notification.read',
        fromState: 'UNREAD',
        toState: 'READ',
      });
    });
  }

  /** Marks every unread notification of the person read; the count is what it changed. */
  async markAllRead(user: AuthUser): Promise<MarkedReadView> {
    return this.prisma.$transaction(async (tx) => {
      const r = await tx.notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
      if (r.count > 0)
        await audit(tx, user, { entityType: 'User', entityId: user.id, action: 'notification.allRead', data: { marked: r.count } });
      return { marked: r.count };
    });
  }
}
