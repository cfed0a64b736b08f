import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { CalendarDay } from '@generated/prisma/client';

export class CalendarQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}

export class CalendarDayDto {
  /** false = 法定节假日（不计入工作日）; true = 调休上班的周末 */
  @IsBoolean()
  working!: boolean;

  /** 名称，如 国庆节、国庆调休上班 */
  @IsString()
  @MinLength(1)
  @MaxLength(30)
  name!: string;
}

export class CalendarDayView {
  date!: string;
  working!: boolean;
  name!: string;
  /** OFFICIAL (the State Council's arrangement, refreshed each year) or ADMIN (set here; never overwritten by a refresh). */
  source!: string;
}

export function mapCalendarDay(d: CalendarDay): CalendarDayView {
  return { date: d.date.toISOString().slice(0, 10), working: d.working, name: d.name, source: d.source };
}
