import { OUTBOX_CHANNEL, type OutboxChannel } from '../../../../prisma/outbox';
import type { Transporter } from 'nodemailer';

/** One outbox row as a transport sends it. */
export interface OutgoingMessage {
  /** The outbox row's id. */
  id: string;
  recipient: string;
  subject: string;
  /** The text, footer included. */
  text: string;
  kind: string;
  /** The same on every attempt of this row, so that a receiver recognises a copy sent again after a crash. */
  messageId: string;
}

/**
 * How the outbox reaches people on one channel. The delivery loop claims the rows of the
 * transport's channel and hands them over one by one; SMS would be another implementation
 * (a provider's HTTP API) with channel SMS, run by a loop of its own.
 */
export interface OutboxTransport {
  /** The outbox rows it sends. */
  readonly channel: OutboxChannel;
  /** Resolves with the server's answer once it accepted the message; rejects with its error. */
  send(message: OutgoingMessage): Promise<string>;
  close(): void;
}

/** Email through an SMTP server (nodemailer), with the platform's sender. */
export class SmtpTransport implements OutboxTransport {
  readonly channel = OUTBOX_CHANNEL.EMAIL;

  constructor(
    private readonly transporter: Transporter,
    private readonly from: string,
  ) {}

  async send(m: OutgoingMessage): Promise<string> {
    const info = await this.transporter.sendMail({
      from: this.from,
      to: m.recipient,
      subject: m.subject,
      text: m.text,
      messageId: m.messageId,
      headers: { 'X-PSP-Outbox-Id': m.id, 'X-PSP-Kind': m.kind },
    });
    return String(info.response ?? '');
  }

  close(): void {
    this.transporter.close();
  }
}
