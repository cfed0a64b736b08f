import type { PrismaClient } from '../../prisma/client';

export interface ReadMail {
  subject: string;
  body: string;
  /** The link in the mail (verification, reset, invitation). */
  link?: string;
  /** The one-time token the link carries. */
  token?: string;
}

/**
 * The newest mail of one kind to one address, read from the outbox table. Tests read mail only
 * here, so that this can later be pointed at the SMTP test server instead.
 */
export async function latestMailTo(prisma: PrismaClient, recipient: string, kind: string): Promise<ReadMail | undefined> {
  const row = await prisma.outboxMessage.findFirst({
    where: { channel: 'email', recipient, kind },
    orderBy: { createdAt: 'desc' },
  });
  if (!row) return undefined;
  const link = /https?:\/\/\S+\?token=[A-Za-z0-9_-]+/.exec(row.body)?.[0];
  const token = link ? new URL(link).searchParams.get('token') ?? undefined : undefined;
  return { subject: row.subject, body: row.body, link, token };
}
