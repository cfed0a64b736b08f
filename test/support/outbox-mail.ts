import { OUTBOX_CHANNEL } from '../../prisma/outbox';
import { mailbox } from './mailbox';
import type { PrismaClient } from '../../prisma/client';

export interface ReadMail {
  subject: string;
  body: string;
  /** The link in the mail (verification, reset, invitation). */
  link?: string;
  /** The one-time token the link carries. */
  token?: string;
}

/** The link with a token in a mail's text, and the token. */
function linkOf(text: string): Pick<ReadMail, 'link' | 'token'> {
  const link = /https?:\/\/\S+\?token=[A-Za-z0-9_-]+/.exec(text)?.[0];
  return { link, token: link ? (new URL(link).searchParams.get('token') ?? undefined) : undefined };
}

/**
 * The newest mail of one kind to one address as the platform wrote it into the outbox table
 * (for the API's rules: what is written, and that nothing is written when it must not be).
 */
export async function latestMailTo(prisma: PrismaClient, recipient: string, kind: string): Promise<ReadMail | undefined> {
  const row = await prisma.outboxMessage.findFirst({
    where: { channel: OUTBOX_CHANNEL.EMAIL, recipient, kind },
    orderBy: { createdAt: 'desc' },
  });
  if (!row) return undefined;
  return { subject: row.subject, body: row.body, ...linkOf(row.body) };
}

/**
 * The newest mail to an address whose subject matches, as the SMTP server received it (the
 * run's Mailpit), waiting until it arrives: the proof that a person really gets it. The address
 * must be in a domain whose delivery loop the test started (mailbox.ts startMailDelivery).
 */
export async function deliveredMailTo(recipient: string, subject: RegExp): Promise<ReadMail> {
  await mailbox().waitForMessage(recipient, { subject, timeoutMs: 30_000 });
  const newest = (await mailbox().messagesTo(recipient)).filter((m) => subject.test(m.subject)).at(-1)!;
  return { subject: newest.subject, body: newest.text, ...linkOf(newest.text) };
}
