/**
 * How long a message waits after its `attempts`-th failed attempt: `baseMs`, doubled after each
 * further failure, never more than `maxMs`, until the mailer gives it up after its last attempt
 * (MAIL_MAX_ATTEMPTS) and leaves it to the administrator's resend.
 */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(attempts - 1, 0), 40);
  return Math.min(baseMs * 2 ** doublings, maxMs);
}

/** What is kept of a failed attempt: the SMTP reply or error text on one line, at most 500 characters. */
export function describeFailure(e: unknown): string {
  const err = e as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const parts = [err?.code, err?.responseCode, typeof err?.response === 'string' ? err.response : (err?.message ?? String(e))];
  const text = parts
    .filter((p) => p !== undefined && p !== null && p !== '')
    .map(String)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 500 ? `${text.slice(0, 499)}…` : text;
}

/**
 * Errors that mean the server could not be reached or spoken to at all: the rest of a batch
 * would fail the same way, so it waits for its next attempt instead of being tried one by one.
 */
export function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EAUTH', 'EPROTOCOL'].includes(code);
}

/**
 * The Message-ID of an outbox row: the same on every attempt, so a receiver can drop a copy sent
 * twice after a crash. A notification's email carries the notification's id (it has exactly one
 * email); any other row its own.
 */
export function messageIdFor(outboxId: string, from: string, source?: { entityType: string; entityId: string }): string {
  const domain = /@([^@\s<>]+)>?\s*$/.exec(from)?.[1] ?? 'localhost';
  return source?.entityType === 'Notification' ? `<notification-${source.entityId}@${domain}>` : `<outbox-${outboxId}@${domain}>`;
}

const FOOTER = [
  '此邮件由公益创投与政府购买服务平台自动发送，请勿直接回复。',
  'Sent automatically by the platform for public-welfare ventures and purchased services; please do not reply.',
].join('\n');

/** The text of a message: the outbox body as written, then a line that says it was sent automatically. */
export function mailText(body: string): string {
  return `${body.trimEnd()}\n\n-- \n${FOOTER}\n`;
}
