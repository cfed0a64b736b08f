/**
 * Working days on the China calendar, for public-notice periods (公示期, e.g. 5 working days)
 * and other deadlines counted in 工作日. The holiday schedule is published by the State Council
 * each year, so it is data passed in, never built in; weekends are non-working unless listed as
 * make-up working days (调休上班).
 *
 * Dates are 'YYYY-MM-DD' strings handled as day numbers with Date.UTC, so the result never
 * depends on the time zone of the machine that computes it.
 */
import { formatChinaDate } from './eligibility';
import { formatIsoDate, parseIsoDate, parseIsoInstant } from './iso-instant';

export interface WorkingCalendar {
  /** Non-working days, including weekdays of public holidays. */
  holidays: ReadonlyArray<string>;
  /** Weekend days that are official make-up working days (调休上班). */
  workdays?: ReadonlyArray<string>;
}

/** Far beyond any notice or reporting period; a bound so that bad input cannot spin for long. */
export const MAX_WORKING_DAYS = 1000;

interface CompiledCalendar {
  holidays: ReadonlySet<number>;
  workdays: ReadonlySet<number>;
}

function compile(calendar: WorkingCalendar): CompiledCalendar {
  const holidays = new Set(calendar.holidays.map(parseIsoDate));
  const workdays = new Set((calendar.workdays ?? []).map(parseIsoDate));
  for (const day of workdays) {
    if (holidays.has(day)) {
      throw new RangeError(`${formatIsoDate(day)} is listed both as a holiday and as a working day`);
    }
  }
  return { holidays, workdays };
}

function isWeekend(epochDay: number): boolean {
  // 1970-01-01 was a Thursday (weekday 4, with Sunday as 0).
  const weekday = (((epochDay + 4) % 7) + 7) % 7;
  return weekday === 0 || weekday === 6;
}

function isWorking(epochDay: number, calendar: CompiledCalendar): boolean {
  if (calendar.holidays.has(epochDay)) return false;
  if (calendar.workdays.has(epochDay)) return true;
  return !isWeekend(epochDay);
}

export function isWorkingDay(date: string, calendar: WorkingCalendar): boolean {
  return isWorking(parseIsoDate(date), compile(calendar));
}

/**
 * The last working day of a period of `days` working days starting on `start`.
 *
 * The start date counts as day 1 when it is a working day, because a notice published on a
 * working day is on display that day: a 5-working-day notice published on Monday 2026-11-23
 * ends on Friday 2026-11-27. When the start is not a working day the period begins on the next
 * working day (published Saturday 2026-11-21 → also ends Friday 2026-11-27).
 */
export function addWorkingDays(start: string, days: number, calendar: WorkingCalendar): string {
  if (!Number.isInteger(days) || days < 1 || days > MAX_WORKING_DAYS) {
    throw new RangeError(`days must be an integer from 1 to ${MAX_WORKING_DAYS}, got ${days}`);
  }
  const compiled = compile(calendar);
  let day = parseIsoDate(start);
  let counted = 0;
  // Terminates: the calendar lists finitely many holidays, so working days keep coming.
  for (;;) {
    if (isWorking(day, compiled)) {
      counted += 1;
      if (counted === days) return formatIsoDate(day);
    }
    day += 1;
  }
}

/**
 * When a notice published at `publishedAt` closes: the end of its last working day in China,
 * 23:59:59.999 at UTC+8, returned as a UTC ISO instant. The publication instant is read on the
 * China calendar first, so a notice published at 00:30 Beijing time on a Monday starts that
 * Monday even though it is still Sunday in UTC. As with addWorkingDays, the day of publication
 * counts as day 1 when it is a working day, whatever the hour.
 */
export function noticePeriodEnd(publishedAt: string, days: number, calendar: WorkingCalendar): string {
  const startDate = formatChinaDate(parseIsoInstant(publishedAt));
  const lastDay = parseIsoDate(addWorkingDays(startDate, days, calendar));
  // 23:59:59.999 in UTC+8 (no DST in China since 1991) is 15:59:59.999 UTC on the same date.
  const endMs = lastDay * 86_400_000 + ((15 * 60 + 59) * 60 + 59) * 1000 + 999;
  return new Date(endMs).toISOString();
}
