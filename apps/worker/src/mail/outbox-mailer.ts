import { Logger } from '@nestjs/common';
import { Prisma, type PrismaClient } from '../../../../prisma/client';
import { emailsSent } from '../../../observability/metrics';
import { describeFailure, isConnectionFailure, mailText, messageIdFor, retryDelayMs } from './mail-rules';
import type { Transporter } from 'nodemailer';

export interface MailerOptions {
  /** The sender (SMTP_FROM). */
  from: string;
  /** Rows claimed at once. */
  batchSize: number;
  /** How long a claim keeps other senders off its rows; longer than sending a whole batch can take. */
  leaseMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /**
   * Only rows whose recipient matches this SQL LIKE pattern. Unset in the platform; the tests set
   * it so that the delivery loops of one test file take only that file's messages from the
   * database every file of the run shares.
   */
  recipientsLike?: string;
}

interface Claimed {
  id: string;
  recipient: string;
  subject: string;
  body: string;
  kind: string;
  attempts: number;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  failed: number;
}

/**
 * Sends the outbox's email rows (channel EMAIL) through SMTP.
 *
 * A row is claimed before it is sent: one UPDATE takes due rows FOR UPDATE SKIP LOCKED, counts the
 * attempt and moves nextAttemptAt past the lease, so no other sender (another loop, worker or
 * replica) takes it meanwhile. The row is then marked sent, or its error and next attempt are
 * kept, only while the claim is still this sender's (same attempt count): a failure never loses a
 * message, it waits and is tried again. A sender that dies after the server accepted a message but
 * before marking it leaves the row to be sent again when the lease ends; its Message-ID stays the
 * same, so the copy can be recognised.
 */
export class OutboxMailer {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly prisma: PrismaClient,
    private readonly transport: Transporter,
    private readonly opts: MailerOptions,
  ) {}

  /** Claims one batch of due rows and sends them, one after another. */
  async deliverDue(): Promise<BatchResult> {
    const rows = await this.claim();
    const result: BatchResult = { claimed: rows.length, sent: 0, failed: 0 };
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      try {
        const info = await this.transport.sendMail({
          from: this.opts.from,
          to: row.recipient,
          subject: row.subject,
          text: mailText(row.body),
          messageId: messageIdFor(row.id, this.opts.from),
          headers: { 'X-PSP-Outbox-Id': row.id, 'X-PSP-Kind': row.kind },
        });
        await this.markSent(row, String(info.response ?? ''));
        emailsSent.inc({ outcome: 'sent' });
        result.sent++;
      } catch (e) {
        // The server is down or refuses us: the rest of the batch waits for its next attempt too.
        const rest = isConnectionFailure(e) ? rows.slice(i) : [row];
        for (const r of rest) await this.markFailed(r, describeFailure(e));
        emailsSent.inc({ outcome: 'failed' }, rest.length);
        result.failed += rest.length;
        this.logger.warn(`sending ${rest.length} message(s) failed, tried again later: ${describeFailure(e)}`);
        if (rest.length > 1) break;
      }
    }
    return result;
  }

  private claim(): Promise<Claimed[]> {
    const scope = this.opts.recipientsLike ? Prisma.sql`AND recipient LIKE ${this.opts.recipientsLike}` : Prisma.empty;
    return this.prisma.$queryRaw<Claimed[]>`
      UPDATE "OutboxMessage" o
         SET attempts = o.attempts + 1,
             "lastAttemptAt" = now(),
             "nextAttemptAt" = now() + make_interval(secs => ${this.opts.leaseMs / 1000}::float8)
       WHERE o.id IN (
         SELECT id FROM "OutboxMessage"
          WHERE "sentAt" IS NULL AND channel = 'EMAIL' AND "nextAttemptAt" <= now() ${scope}
          ORDER BY "nextAttemptAt", "createdAt"
          LIMIT ${this.opts.batchSize}
          FOR UPDATE SKIP LOCKED)
      RETURNING o.id, o.recipient, o.subject, o.body, o.kind, o.attempts`;
  }

  /** Sent: sentAt set and an audit entry written, together, if the claim is still ours. */
  private async markSent(row: Claimed, response: string): Promise<void> {
    const marked = await this.prisma.$transaction(async (tx) => {
      const { count } = await tx.outboxMessage.updateMany({
        where: { id: row.id, attempts: row.attempts, sentAt: null },
        data: { sentAt: new Date(), lastError: null },
      });
      if (count === 0) return false;
      await tx.auditEntry.create({
        data: {
          entityType: 'OutboxMessage',
          entityId: row.id,
          action: 'mail.sent',
          fromState: 'UNSENT',
          toState: 'SENT',
          actorRole: 'SYSTEM',
          data: { kind: row.kind, attempts: row.attempts, response: response.slice(0, 200) },
          idempotencyKey: `mail.sent/${row.id}`,
        },
      });
      return true;
    });
    // Our lease ran out while the server took the message, and another sender claimed the row.
    if (!marked) this.logger.warn(`message ${row.id} was sent after its claim had ended; another sender may send it again`);
  }

  private async markFailed(row: Claimed, error: string): Promise<void> {
    const waitMs = retryDelayMs(row.attempts, this.opts.retryBaseMs, this.opts.retryMaxMs);
    await this.prisma.$executeRaw`
      UPDATE "OutboxMessage"
         SET "lastError" = ${error}, "nextAttemptAt" = now() + make_interval(secs => ${waitMs / 1000}::float8)
       WHERE id = ${row.id}::uuid AND attempts = ${row.attempts} AND "sentAt" IS NULL`;
  }
}

/**
 * Runs a mailer until stopped: a batch right after a full one, else a pause of `pollMs`. An error
 * of the database is logged and the loop goes on after the pause.
 */
export class MailDeliveryLoop {
  private readonly logger = new Logger('Mail');
  private stopping = false;
  private wake?: () => void;
  private running?: Promise<void>;
  /** Messages this loop has sent so far. */
  sent = 0;

  constructor(
    private readonly mailer: OutboxMailer,
    private readonly pollMs: number,
    private readonly batchSize: number,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  /** Lets the batch being sent finish, then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let full = false;
      try {
        const r = await this.mailer.deliverDue();
        this.sent += r.sent;
        full = r.claimed >= this.batchSize && r.failed === 0;
      } catch (e) {
        this.logger.error(`delivery round failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!full && !this.stopping)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.pollMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
    }
  }
}
