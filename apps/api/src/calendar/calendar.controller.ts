import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { NATIONAL_CALENDAR_EDITORS } from '@workflows/rules';
import { audit } from '../common/audit';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';

class CalendarQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

class CalendarDayDto {
  /** false = 法定节假日（不计入工作日）; true = 调休上班的周末 */
  @IsBoolean()
  working!: boolean;

  /** 名称，如 国庆节、国庆调休上班 */
  @IsString()
  @MinLength(1)
  @MaxLength(30)
  name!: string;
}

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
 * weekend days that are official make-up working days. The calendar is national and sets every
 * region's notice periods, so only the platform's administrator keeps it; managers read it.
 */
@ApiTags('calendar 节假日')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly prisma: PrismaService) {}

  @Public()
  @Get()
  async list(@Query() q: CalendarQuery) {
    const where = q.year ? { date: { gte: new Date(Date.UTC(q.year, 0, 1)), lt: new Date(Date.UTC(q.year + 1, 0, 1)) } } : {};
    const days = await this.prisma.calendarDay.findMany({ where, orderBy: { date: 'asc' } });
    return days.map((d) => ({ date: d.date.toISOString().slice(0, 10), working: d.working, name: d.name, source: d.source }));
  }

  @ApiBearerAuth()
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Put(':date')
  async put(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: CalendarDayDto) {
    const day = parseDay(date);
    const weekend = [0, 6].includes(day.getUTCDay());
    if (dto.working && !weekend)
      throw new ValidationFailedError([{ field: 'working', rule: 'weekendOnly', message: 'working: 只有周末可以设为调休上班日' }]);
    await this.prisma.$transaction(async (tx) => {
      const before = await tx.calendarDay.findUnique({ where: { date: day } });
      // A day set here is the administrator's: the yearly refresh of the official arrangement keeps it.
      await tx.calendarDay.upsert({
        where: { date: day },
        create: { date: day, ...dto, source: 'ADMIN' },
        update: { ...dto, source: 'ADMIN' },
      });
      await audit(tx, user, {
        entityType: 'CalendarDay',
        entityId: date,
        action: 'calendar.set',
        data: { before: before ? { working: before.working, name: before.name } : null, after: { ...dto } },
      });
    });
    return { date, ...dto };
  }

  @ApiBearerAuth()
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Delete(':date')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('date') date: string) {
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
