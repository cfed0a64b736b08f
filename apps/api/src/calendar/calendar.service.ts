import { Injectable } from '@nestjs/common';
import { audit } from '../common/audit';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { CalendarDayDto, CalendarDayView, mapCalendarDay } from './calendar.dto';
import type { AuthUser } from '../common/auth/auth-user';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(date: string): Date {
  const d = new Date(`${date}T00:00:00Z`);
  if (!DATE.test(date) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== date) {
    throw new ValidationFailedError([{ field: 'date', rule: 'isDate', message: 'date: 日期格式应为 YYYY-MM-DD' }]);
  }
  return d;
}

/**
 * 节假日安排: the holiday list that notice periods (counted in working days) skip, with the
 * weekend days that are official make-up working days. Each change is audited with what it replaced.
 */
@Injectable()
export class CalendarService {
  constructor(private readonly prisma: PrismaService) {}

  async list(year?: number): Promise<CalendarDayView[]> {
    const where = year ? { date: { gte: new Date(Date.UTC(year, 0, 1)), lt: new Date(Date.UTC(year + 1, 0, 1)) } } : {};
    const days = await this.prisma.calendarDay.findMany({ where, orderBy: { date: 'asc' } });
    return days.map(mapCalendarDay);
  }

  async put(user: AuthUser, date: string, dto: CalendarDayDto): Promise<CalendarDayView> {
    const day = parseDay(date);
    const weekend = [0, 6].includes(day.getUTCDay());
    if (dto.working && !weekend)
      throw new ValidationFailedError([{ field: 'working', rule: 'weekendOnly', message: 'working: 只有周末可以设为调休上班日' }]);
    // A day set here is the administrator's: the yearly refresh of the official arrangement keeps it.
    const data = { working: dto.working, name: dto.name, source: 'ADMIN' };
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.calendarDay.findUnique({ where: { date: day } });
      await tx.calendarDay.upsert({ where: { date: day }, create: { date: day, ...data }, update: data });
      await audit(tx, user, {
        entityType: 'CalendarDay',
        entityId: date,
        action: 'calendar.set',
        data: { before: before ? { working: before.working, name: before.name } : null, after: data },
      });
    });
    return { date, ...data };
  }

  async remove(user: AuthUser, date: string): Promise<void> {
    const day = parseDay(date);
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.calendarDay.findUnique({ where: { date: day } });
      if (!before) throw new NotFoundError('CalendarDay', date);
      await tx.calendarDay.delete({ where: { date: day } });
      await audit(tx, user, {
        entityType: 'CalendarDay',
        entityId: date,
        action: 'calendar.removed',
        data: { before: { working: before.working, name: before.name } },
      });
    });
  }
}
