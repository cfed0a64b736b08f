/**
 * Dates as Chinese documents and ledgers show them: a calendar date as written, or an instant
 * seen from China (UTC+8). Pure, so the API, the activities and the workflows agree.
 */
// China has kept UTC+8 all year since 1991, so a fixed offset is exact for any date we print.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant without an offset would be read in the process's zone; it is refused instead.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface DocumentDate {
  kind: 'date' | 'instant';
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A calendar date (YYYY-MM-DD) as written, or an ISO instant seen from China; undefined if neither. */
export function parseDocumentDate(value: unknown): DocumentDate | undefined {
  if (typeof value !== 'string') return undefined;
  const date = DATE_ONLY.exec(value);
  if (date) {
    const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
    const check = new Date(Date.UTC(year, month - 1, day));
    const real = check.getUTCFullYear() === year && check.getUTCMonth() === month - 1 && check.getUTCDate() === day;
    return real ? { kind: 'date', year, month, day, hour: 0, minute: 0 } : undefined;
  }
  if (!INSTANT.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return chinaClock(ms);
}

/** The one place an instant (ms since the epoch) becomes China's calendar and clock. */
function chinaClock(ms: number): DocumentDate {
  const china = new Date(ms + CHINA_OFFSET_MS);
  return {
    kind: 'instant',
    year: china.getUTCFullYear(),
    month: china.getUTCMonth() + 1,
    day: china.getUTCDate(),
    hour: china.getUTCHours(),
    minute: china.getUTCMinutes(),
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "YYYY-MM-DD HH:mm" of an instant in China's time (Asia/Shanghai, UTC+8), as a window's times are announced. */
export function chinaDateTime(instant: Date): string {
  const d = chinaClock(instant.getTime());
  return `${d.year}-${two(d.month)}-${two(d.day)} ${two(d.hour)}:${two(d.minute)}`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An ISO instant as people in China read it, to the minute, in both languages — the same text
 * the portal's dates show: 2026年12月7日 23:59 and 7 Dec 2026, 23:59. Undefined for anything else.
 */
export function chinaDateTimeText(iso: unknown): { zh: string; en: string } | undefined {
  const d = parseDocumentDate(iso);
  if (!d || d.kind !== 'instant') return undefined;
  const hm = `${two(d.hour)}:${two(d.minute)}`;
  return { zh: `${d.year}年${d.month}月${d.day}日 ${hm}`, en: `${d.day} ${MONTHS_EN[d.month - 1]} ${d.year}, ${hm}` };
}
