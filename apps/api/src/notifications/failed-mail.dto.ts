import { ApiProperty } from '@nestjs/swagger';
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

/** 发送失败的邮件 / an email the worker gave up on (or, after a resend, queued again). */
export class FailedMailView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** 收件人 / the recipient's address */
  recipient!: string;
  /** 发件箱类别 / the outbox kind: notification.<kind>, account.*, objection.* … */
  kind!: string;
  subject!: string;
  @ApiProperty({ type: 'integer', description: '已尝试次数（重新发送后为 0）/ attempts so far (0 after a resend)' })
  attempts!: number;
  lastError!: string | null;
  lastAttemptAt!: Date | null;
  /** 放弃发送的时间；重新发送后为 null / when it was given up; null once queued again */
  failedAt!: Date | null;
  createdAt!: Date;
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
