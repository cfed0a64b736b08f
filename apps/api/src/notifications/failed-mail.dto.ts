import { IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination';
import type { OutboxMessage } from '@generated/prisma/client';

export class FailedMailQuery extends PageQuery {}

/** Why the administrator sends a given-up message again: kept in the audit trail. */
export class ResendMailDto {
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export interface FailedMailView {
  id: string;
  recipient: string;
  /** The outbox kind: notification.<kind>, account.*, objection.* … */
  kind: string;
  subject: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: Date | null;
  failedAt: Date | null;
  createdAt: Date;
}

export function mapFailedMail(m: OutboxMessage): FailedMailView {
  return {
    id: m.id,
    recipient: m.recipient,
    kind: m.kind,
    subject: m.subject,
    attempts: m.attempts,
    lastError: m.lastError,
    lastAttemptAt: m.lastAttemptAt,
    failedAt: m.failedAt,
    createdAt: m.createdAt,
  };
}
