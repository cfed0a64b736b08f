import { randomBytes } from 'node:crypto';
import { buildMailDelivery, type MailDelivery } from '../../apps/worker/src/mail/mail-delivery.service';
import { validateMailEnv } from '../../apps/worker/src/mail/mail-env';
import { eventually } from './wait';
import type { MailerOptions } from '../../apps/worker/src/mail/outbox-mailer';
import type { PrismaClient } from '../../prisma/client';

/** A message as Mailpit received it. */
export interface MailMessage {
  /** Mailpit's id of the message. */
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  /** The X-PSP-Outbox-Id header: the outbox row it was sent from. */
  outboxId?: string;
}

interface Summary {
  ID: string;
  To: { Address: string }[] | null;
  Created: string;
}

/**
 * Reads what a Mailpit received through its HTTP API: by default the run's one (MAILPIT_URL, set
 * by the global setup), or another a test started itself.
 */
export class Mailbox {
  constructor(readonly url: string = requiredEnv('MAILPIT_URL')) {}

  /** Every message to exactly this address (case-insensitive), oldest first. */
  async messagesTo(recipient: string): Promise<MailMessage[]> {
    const want = recipient.toLowerCase();
    const hits = (await this.search(`to:"${recipient}"`)).filter((m) => (m.To ?? []).some((t) => t.Address.toLowerCase() === want));
    return Promise.all(hits.map((m) => this.read(m.ID)));
  }

  /** Every message to an address of this domain, oldest first, as summaries' recipients only (cheap for counting). */
  async recipientsAt(domain: string): Promise<string[]> {
    const suffix = `@${domain.toLowerCase()}`;
    return (await this.search(`to:"${domain}"`)).flatMap((m) =>
      (m.To ?? []).map((t) => t.Address.toLowerCase()).filter((a) => a.endsWith(suffix)),
    );
  }

  /** The first message to this address (whose subject matches, if given), waiting until one arrives. */
  async waitForMessage(recipient: string, opts: { subject?: RegExp; timeoutMs?: number } = {}): Promise<MailMessage> {
    return eventually(async () => (await this.messagesTo(recipient)).find((m) => !opts.subject || opts.subject.test(m.subject)), {
      timeoutMs: opts.timeoutMs ?? 20_000,
      intervalMs: 250,
      label: `a message to ${recipient} in Mailpit`,
    });
  }

  async read(id: string): Promise<MailMessage> {
    const m = await this.get<{
      ID: string;
      MessageID: string;
      From: { Name: string; Address: string };
      To: { Address: string }[] | null;
      Subject: string;
      Text: string;
    }>(`/api/v1/message/${encodeURIComponent(id)}`);
    const headers = await this.get<Record<string, string[]>>(`/api/v1/message/${encodeURIComponent(id)}/headers`);
    return {
      id: m.ID,
      messageId: m.MessageID,
      from: m.From.Name ? `${m.From.Name} <${m.From.Address}>` : m.From.Address,
      to: (m.To ?? []).map((t) => t.Address),
      subject: m.Subject,
      text: m.Text,
      outboxId: headers['X-Psp-Outbox-Id']?.[0] ?? headers['X-PSP-Outbox-Id']?.[0],
    };
  }

  /** Mailpit's search (https://mailpit.axllent.org/docs/usage/search-filters/), every page, oldest first. */
  private async search(query: string): Promise<Summary[]> {
    const all: Summary[] = [];
    for (let start = 0; ; start += 500) {
      const page = await this.get<{ messages: Summary[]; messages_count: number }>(
        `/api/v1/search?query=${encodeURIComponent(query)}&start=${start}&limit=500`,
      );
      all.push(...page.messages);
      if (page.messages.length < 500) break;
    }
    return all.sort((a, b) => a.Created.localeCompare(b.Created));
  }

  private async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.url}${path}`);
    if (!res.ok) throw new Error(`Mailpit ${path}: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
}

/** The run's Mailpit. */
export const mailbox = (): Mailbox => new Mailbox();

/** A mail domain of a test file's own, so that its delivery loop and its searches see only its messages. */
export function testMailDomain(tag: string): string {
  return `${tag}-${randomBytes(4).toString('hex')}.example.cn`;
}

/**
 * The worker's own delivery (same mailer, same loop), started on the messages to `domain` only,
 * sending to the run's Mailpit unless `env` names another server. Quick polling and retries, and
 * many attempts before a message is given up, unless `env` or `overrides` say otherwise. Stop it
 * in afterAll.
 */
export function startMailDelivery(
  prisma: PrismaClient,
  domain: string,
  env: Record<string, string> = {},
  overrides: Partial<MailerOptions> = {},
): MailDelivery {
  const mailEnv = validateMailEnv({
    SMTP_HOST: process.env.SMTP_HOST,
    SMTP_PORT: process.env.SMTP_PORT,
    MAIL_POLL_MS: '100',
    MAIL_RETRY_BASE_MS: '200',
    MAIL_RETRY_MAX_MS: '1000',
    // Retries a hundred times faster than the platform's: as many attempts before giving up as a test needs.
    MAIL_MAX_ATTEMPTS: '100',
    ...env,
  });
  const delivery = buildMailDelivery(prisma, mailEnv, { recipientsLike: `%@${domain}`, ...overrides });
  delivery.loop.start();
  return delivery;
}

function requiredEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the global test setup starts Mailpit and sets it`);
  return v;
}
