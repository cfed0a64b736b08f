import { Injectable } from '@nestjs/common';
import { audit } from '../common/audit';
import { InvalidTransitionError, NotFoundError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { FailedMailQuery, FailedMailView, mapFailedMail } from './failed-mail.dto';
import type { AuthUser } from '../common/auth/auth-user';

/**
 * 发送失败的邮件: outbox rows the worker gave up after MAIL_MAX_ATTEMPTS failed attempts, newest
 * first, for the administrator; a resend puts one back in the queue with its attempts counted
 * afresh (its Message-ID stays the same) and is audited with who, when and why.
 */
@Injectable()
export class FailedMailService {
  constructor(private readonly prisma: PrismaService) {}

  async list(q: FailedMailQuery): Promise<Page<FailedMailView>> {
    const where = { failedAt: { not: null }, sentAt: null };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.outboxMessage.findMany({ where, orderBy: [{ failedAt: 'desc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.outboxMessage.count({ where }),
    ]);
    return { items: items.map(mapFailedMail), total, page: q.page, pageSize: q.pageSize };
  }

  async resend(actor: AuthUser, id: string, reason: string): Promise<FailedMailView> {
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.outboxMessage.findUnique({ where: { id } });
      if (!row) throw new NotFoundError('OutboxMessage', id);
      const state = row.sentAt ? 'SENT' : row.failedAt ? 'FAILED' : 'QUEUED';
      const { count } = await tx.outboxMessage.updateMany({
        where: { id, sentAt: null, failedAt: { not: null } },
        data: { failedAt: null, attempts: 0, nextAttemptAt: new Date() },
      });
      if (count === 0)
        throw new InvalidTransitionError(`只有发送失败的邮件可以重新发送 / only a message that failed can be sent again (${state})`, state);
      await audit(tx, actor, {
        entityType: 'OutboxMessage',
        entityId: id,
        action: 'mail.resend',
        fromState: 'FAILED',
        toState: 'QUEUED',
        reason,
        data: { kind: row.kind, recipient: row.recipient, attempts: row.attempts, lastError: row.lastError },
      });
      return mapFailedMail({ ...row, failedAt: null, attempts: 0 });
    });
  }
}
