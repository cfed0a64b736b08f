import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { NotFoundError } from '../common/errors';
import { PageQuery, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';

class InboxQuery extends PageQuery {
  @IsOptional()
  @IsIn(['true', 'false'])
  unread?: 'true' | 'false';
}

/** 站内信: each decision notifies the people it concerns. */
@ApiTags('notifications 站内信')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly prisma: PrismaService) {}

  @Roles(...ROLES)
  @Get()
  async inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQuery) {
    const where = { userId: user.id, ...(q.unread === 'true' && { readAt: null }) };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.notification.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
        ...pageArgs(q),
        omit: { idempotencyKey: true },
      }),
      this.prisma.notification.count({ where }),
    ]);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  @Roles(...ROLES)
  @Post(':id/read')
  @HttpCode(204)
  async read(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    const r = await this.prisma.notification.updateMany({ where: { id, userId: user.id, readAt: null }, data: { readAt: new Date() } });
    if (r.count === 0 && !(await this.prisma.notification.findFirst({ where: { id, userId: user.id } })))
      throw new NotFoundError('Notification', id);
  }
}
