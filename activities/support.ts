import { Context } from '@temporalio/activity';
import { OUTBOX_CHANNEL } from '../prisma/outbox';
import { staffOfRegion } from '../workflows/rules/region';
import { mailLanguage, notificationMailTopic, renderNotificationMail } from './mail/notification-mail';
import type { Prisma, PrismaClient } from '../prisma/client';

export type Tx = Prisma.TransactionClient;

/** Same for every attempt of one activity execution, different for every other execution. */
export function activityIdempotencyKey(): string {
  const info = Context.current().info;
  const run = info.workflowExecution ? `${info.workflowExecution.workflowId}/${info.workflowExecution.runId}` : 'standalone';
  return `${run}/${info.activityId}`;
}

export interface TransitionRecord {
  entityType: string;
  entityId: string;
  action: string;
  fromState?: string | null;
  toState?: string | null;
  actorId?: string | null;
  actorRole?: string | null;
  reason?: string | null;
  data?: Prisma.InputJsonValue;
}

/**
 * Runs an activity's effect exactly once. The effect and its audit entry commit in one
 * transaction; the audit entry carries the activity's idempotency key and its result, so a
 * retry (after a crash past the commit, or a timeout) returns the stored result and does
 * nothing else. Two attempts racing each other collide on the key and one rolls back.
 */
export async function once<T extends Prisma.InputJsonValue>(
  prisma: PrismaClient,
  effect: (tx: Tx, key: string) => Promise<{ audit: TransitionRecord | TransitionRecord[]; result: T }>,
): Promise<T> {
  const key = activityIdempotencyKey();
  return prisma.$transaction(
    async (tx) => {
      const done = await tx.auditEntry.findUnique({ where: { idempotencyKey: key } });
      if (done) return (done.data as { result: T } | null)?.result as T;
      const { audit, result } = await effect(tx, key);
      const entries = Array.isArray(audit) ? audit : [audit];
      // The first entry carries the key and the result; the rest are plain trail rows.
      await tx.auditEntry.create({ data: { ...entries[0], data: { ...(entries[0].data as object), result }, idempotencyKey: key } });
      if (entries.length > 1) await tx.auditEntry.createMany({ data: entries.slice(1) });
      return result;
      // Waiting for a pooled connection under load is normal; a 2 s default made busy workers fail and retry.
    },
    { maxWait: 15000, timeout: 30000 },
  );
}

export interface NotificationInput {
  kind: string;
  title: string;
  body: string;
  applicationId?: string;
}

/**
 * In-app inbox messages, one per person, keyed so that a retried activity sends them once; each
 * new one is also an email to its person (mailNotifications).
 */
export async function notify(tx: Tx, userIds: Iterable<string>, n: NotificationInput, key: string): Promise<void> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return;
  const created = await tx.notification.createManyAndReturn({
    data: ids.map((userId) => ({ ...n, userId, idempotencyKey: `${key}/${n.kind}/${userId}` })),
    skipDuplicates: true,
    select: { id: true, userId: true },
  });
  await mailNotifications(tx, created, n);
}

const publicUrl = () => (process.env.PSP_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');

/**
 * The email of each notification just made, for a person with an address who has not turned off
 * the email of its topic: rendered from the topic's template in the person's language and written
 * to the outbox in the same transaction as the notification, so that there is one email per
 * notification — none for a notification that was not made, none twice for one a retried activity
 * found made already — and the worker's delivery loop sends it (its Message-ID derives from the row).
 */
async function mailNotifications(tx: Tx, created: { id: string; userId: string }[], n: NotificationInput): Promise<void> {
  if (created.length === 0) return;
  const topic = notificationMailTopic(n.kind);
  const people = await tx.user.findMany({
    where: { id: { in: created.map((c) => c.userId) }, active: true, email: { not: null }, mailOptOuts: { none: { topic } } },
    select: { id: true, email: true, displayName: true, language: true },
  });
  if (people.length === 0) return;
  const byId = new Map(people.map((u) => [u.id, u]));
  const application = n.applicationId ? await tx.application.findUnique({ where: { id: n.applicationId }, select: { title: true } }) : null;
  const rows = created.flatMap((c) => {
    const person = byId.get(c.userId);
    if (!person?.email) return [];
    const mail = renderNotificationMail(n.kind, mailLanguage(person.language), {
      name: person.displayName,
      title: n.title,
      body: n.body,
      applicationTitle: application?.title ?? '',
      link: `${publicUrl()}/inbox`,
    });
    return [
      {
        channel: OUTBOX_CHANNEL.EMAIL,
        recipient: person.email,
        kind: `notification.${n.kind}`,
        subject: mail.subject,
        body: mail.text,
        entityType: 'Notification',
        entityId: c.id,
      },
    ];
  });
  if (rows.length > 0) await tx.outboxMessage.createMany({ data: rows });
}

export async function organizationMemberIds(tx: Tx, organizationId: string): Promise<string[]> {
  const members = await tx.membership.findMany({ where: { organizationId }, select: { userId: true } });
  return members.map((m) => m.userId);
}

/** Staff of a role whose region covers the given one (or who have no region: platform-wide). */
export async function staffIds(tx: Tx, role: 'REVIEWER' | 'PROGRAM_MANAGER' | 'FINANCE', regionCode: string): Promise<string[]> {
  const staff = await tx.user.findMany({ where: { role, active: true }, select: { id: true, regionCode: true } });
  return staffOfRegion(staff, regionCode).map((u) => u.id);
}

/** A readable, stable document number: bureau prefix, year and a short id. */
export function documentNo(kindCode: string, issuedOn: string, id: string): string {
  return `民政${kindCode}〔${issuedOn.slice(0, 4)}〕${id.slice(0, 8).toUpperCase()}号`;
}

/** The calendar date in China (UTC+8) of an instant. */
export function chinaDate(d: Date): string {
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10);
}
