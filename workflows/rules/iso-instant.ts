/**
 * Reading ISO 8601 instants without ever consulting the process's time zone. A string without an
 * offset ("2026-11-23T10:00:00") would be read as local time by Date, so a worker in UTC and an
 * API in Beijing would disagree about it; such strings are refused instead of guessed at.
 */

const ISO_INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isValidCalendarDay(year: number, month: number, day: number): boolean {
  // Date.UTC reads years 0–99 as 1900–1999; no date in this domain is that old.
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * An instant written with an explicit offset (`Z` or `±HH:MM`), at most millisecond precision.
 * Throws RangeError for anything else, including dates such as 30 February that Date would
 * silently roll over into March.
 */
export function parseIsoInstant(s: string): Date {
  const m = typeof s === 'string' ? ISO_INSTANT_PATTERN.exec(s) : null;
  if (m === null) {
    throw new RangeError(`not an ISO 8601 instant with an offset: ${JSON.stringify(s)}`);
  }
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [number, number, number, number, number];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  if (!isValidCalendarDay(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not a valid date and time: ${JSON.stringify(s)}`);
  }
  const parsed = new Date(s);
  if (Number.isNaN(parsed.getTime())) {
    throw new RangeError(`not a valid instant: ${JSON.stringify(s)}`);
  }
  return parsed;
}

/** Days since 1970-01-01 of a 'YYYY-MM-DD' calendar date; RangeError when it is not a real date. */
export function parseIsoDate(s: string): number {
  const m = typeof s === 'string' ? ISO_DATE_PATTERN.exec(s) : null;
  if (m === null) throw new RangeError(`not a YYYY-MM-DD date: ${JSON.stringify(s)}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isValidCalendarDay(year, month, day)) {
    throw new RangeError(`not a valid calendar date: ${JSON.stringify(s)}`);
  }
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** 'YYYY-MM-DD' of a day number from parseIsoDate. */
export function formatIsoDate(epochDay: number): string {
  const d = new Date(epochDay * 86_400_000);
  const mm = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${mm}-${dd}`;
}
