import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQuery } from '../common/pagination';
import type { Notification } from '@generated/prisma/client';

export class InboxQuery extends PageQuery {
  /** true: only the unread ones */
  @IsOptional()
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

export class NotificationView {
  id!: string;
  userId!: string;
  kind!: string;
  title!: string;
  body!: string;
  applicationId!: string | null;
  readAt!: Date | null;
  createdAt!: Date;
}

export function mapNotification(n: Notification): NotificationView {
  return {
    id: n.id,
    userId: n.userId,
    kind: n.kind,
    title: n.title,
    body: n.body,
    applicationId: n.applicationId,
    readAt: n.readAt,
    createdAt: n.createdAt,
  };
}

/** 标为已读的条数 / how many notifications were marked read. */
export class MarkedReadView {
  @ApiProperty({ type: 'integer', minimum: 0 })
  marked!: number;
}
