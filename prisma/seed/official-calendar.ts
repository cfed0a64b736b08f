import type { PrismaClient } from '../client';

/** A day of the State Council's holiday arrangement (国务院办公厅关于部分节假日安排的通知). */
export interface OfficialDay {
  /** YYYY-MM-DD */
  date: string;
  /** false: a day off (法定节假日 and the days joined to it); true: a weekend day worked instead (调休上班). */
  working: boolean;
  /** 国庆节, or 国庆节调休上班 */
  name: string;
}

/** The first year the platform carries: older notice periods are long closed. */
export const FIRST_YEAR = 2020;

interface ChineseDaysData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/**
 * The official days from FIRST_YEAR to the last year the installed chinese-days package
 * publishes. Its entries read "National Day,国庆节,3": the Chinese name is the second field.
 */
export function officialDays(data: ChineseDaysData = loadPackageData()): OfficialDay[] {
  const name = (entry: string) => entry.split(',')[1]?.trim() || entry;
  const from = `${FIRST_YEAR}-01-01`;
  const days = [
    ...Object.entries(data.holidays).map(([date, e]) => ({ date, working: false, name: name(e) })),
    ...Object.entries(data.workdays).map(([date, e]) => ({ date, working: true, name: `${name(e)}调休上班` })),
  ].filter((d) => d.date >= from);
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

function loadPackageData(): ChineseDaysData {
  // The package's own JSON of every year it carries (dist/chinese-days.json).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('chinese-days/dist/chinese-days.json') as ChineseDaysData;
}

export interface RefreshResult {
  added: number;
  updated: number;
  /** Days the administrator set, left as they are although the arrangement says otherwise. */
  keptAdmin: string[];
  lastYear: number;
}

/**
 * Brings the calendar up to the official arrangement: adds the days it lacks and corrects the
 * official days that changed; a day the administrator set (source ADMIN) is never overwritten.
 * Idempotent, so `npm start` runs it every time and `npm run calendar:refresh` after an update
 * of the package each year.
 */
export async function refreshOfficialCalendar(prisma: PrismaClient, days: OfficialDay[] = officialDays()): Promise<RefreshResult> {
  const at = (d: string) => new Date(`${d}T00:00:00Z`);
  const existing = new Map(
    (await prisma.calendarDay.findMany({ where: { date: { gte: at(`${FIRST_YEAR}-01-01`) } } })).map((r) => [
      r.date.toISOString().slice(0, 10),
      r,
    ]),
  );
  const result: RefreshResult = { added: 0, updated: 0, keptAdmin: [], lastYear: Number(days.at(-1)?.date.slice(0, 4) ?? FIRST_YEAR) };
  const missing = days.filter((d) => !existing.has(d.date));
  if (missing.length > 0) {
    result.added = (
      await prisma.calendarDay.createMany({
        data: missing.map((d) => ({ date: at(d.date), working: d.working, name: d.name, source: 'OFFICIAL' })),
        skipDuplicates: true,
      })
    ).count;
  }
  for (const d of days) {
    const row = existing.get(d.date);
    if (!row || (row.working === d.working && row.name === d.name)) continue;
    if (row.source !== 'OFFICIAL') {
      result.keptAdmin.push(d.date);
      continue;
    }
    await prisma.calendarDay.update({ where: { date: at(d.date) }, data: { working: d.working, name: d.name } });
    result.updated += 1;
  }
  return result;
}
