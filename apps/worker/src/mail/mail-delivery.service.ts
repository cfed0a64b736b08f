import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import nodemailer from 'nodemailer';
import { createPrismaClient, type PrismaClient } from '../../../../prisma/client';
import { WORKER_ENV } from '../temporal-worker.service';
import { WorkerEnv } from '../worker-env';
import { MailEnv, mailerOptions, smtpOptions } from './mail-env';
import { MailDeliveryLoop, OutboxMailer, type MailerOptions } from './outbox-mailer';
import { SmtpTransport } from './outbox-transport';

export const MAIL_ENV = Symbol('MAIL_ENV');

export interface MailDelivery {
  mailer: OutboxMailer;
  loop: MailDeliveryLoop;
  /** Stops the loop after its batch and closes the SMTP connection. */
  stop(): Promise<void>;
}

/**
 * The delivery the worker runs (and the tests, with their own recipients in `overrides`): an SMTP
 * connection kept open between messages, a mailer and its loop, not yet started.
 */
export function buildMailDelivery(prisma: PrismaClient, env: MailEnv, overrides: Partial<MailerOptions> = {}): MailDelivery {
  const options = { ...mailerOptions(env), ...overrides };
  const transport = new SmtpTransport(nodemailer.createTransport({ ...smtpOptions(env), pool: true, maxConnections: 1 }), options.from);
  const mailer = new OutboxMailer(prisma, transport, options);
  const loop = new MailDeliveryLoop(mailer, env.MAIL_POLL_MS, options.batchSize);
  return {
    mailer,
    loop,
    async stop() {
      await loop.stop();
      transport.close();
    },
  };
}

/**
 * The worker's delivery of the outbox's email rows: a polling loop beside the Temporal worker,
 * not a workflow, since the rows are already durable in PostgreSQL and a claim there is all the
 * coordination needed. Every replica may run one; the claim keeps them from sending a row twice.
 */
@Injectable()
export class MailDeliveryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private prisma?: PrismaClient;
  private delivery?: MailDelivery;

  constructor(
    @Inject(MAIL_ENV) private readonly mail: MailEnv,
    @Inject(WORKER_ENV) private readonly env: WorkerEnv,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mail.MAIL_DELIVERY === 'off') {
      this.logger.log('mail delivery is off (MAIL_DELIVERY=off)');
      return;
    }
    // A pool of its own, small: one batch at a time.
    this.prisma = createPrismaClient(this.env.DATABASE_URL, { poolSize: 2 });
    this.delivery = buildMailDelivery(this.prisma, this.mail);
    this.delivery.loop.start();
    this.logger.log(`delivering email from the outbox through ${this.mail.SMTP_HOST}:${this.mail.SMTP_PORT} as ${this.mail.SMTP_FROM}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.delivery?.stop();
    await this.prisma?.$disconnect();
  }
}
