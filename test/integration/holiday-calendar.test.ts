import { createNoticeActivities } from '../../activities/notice.activities';
import { officialDays, refreshOfficialCalendar } from '../../prisma/seed/official-calendar';
import { noticePeriodEnd } from '../../workflows/rules';
import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, roundPayload } from '../support/factories';

/**
 * Issue 17, the holiday calendar: a fresh install counts working days over the State Council's
 * holiday arrangement (法定节假日 and 调休上班), seeded by the migrations from the chinese-days
 * package and refreshed each year by `npm run calendar:refresh`, which never overwrites a day the
 * administrator set. The notice periods below are counted in the test itself, day by day, from
 * the arrangement as the State Council published it, not with the platform's rule code.
 */

// 国务院办公厅关于2026年部分节假日安排的通知, as published: days off and the weekend days worked.
const ARRANGEMENT_2026 = {
  off: [
    ...['02-15', '02-16', '02-17', '02-18', '02-19', '02-20', '02-21', '02-22', '02-23'], // 春节
    ...['10-01', '10-02', '10-03', '10-04', '10-05', '10-06', '10-07'], // 国庆节
  ].map((d) => `2026-${d}`),
  worked: ['2026-02-14', '2026-02-28', '2026-09-20', '2026-10-10'],
};

/** The last day of a period of `n` working days from `start` (day 1 if it is itself a working day), counted by hand. */
function countByHand(start: string, n: number): string {
  const day = new Date(`${start}T00:00:00Z`);
  for (let counted = 0; ; day.setUTCDate(day.getUTCDate() + 1)) {
    const iso = day.toISOString().slice(0, 10);
    const weekend = day.getUTCDay() === 0 || day.getUTCDay() === 6;
    const working = ARRANGEMENT_2026.worked.includes(iso) || (!weekend && !ARRANGEMENT_2026.off.includes(iso));
    if (working && ++counted === n) return iso;
  }
}

describe('the holiday calendar of a fresh install', () => {
  let p: TestPlatform;
  let calendar: { holidays: string[]; workdays: string[] };

  beforeAll(async () => {
    p = await startPlatform();
    const manager = await makeUser(p, 'PROGRAM_MANAGER');
    const round = (await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload()).expect(201)).body;
    // What a notice period is counted on: the calendar as the workflow's activity loads it.
    calendar = await createNoticeActivities({ prisma: p.prisma }).loadCalendar({ roundId: round.id });
  });

  it('holds the official arrangement from 2020 to the last year the package publishes', async () => {
    for (const d of ARRANGEMENT_2026.off) expect(calendar.holidays).toContain(d);
    for (const d of ARRANGEMENT_2026.worked) expect(calendar.workdays).toContain(d);
    expect(calendar.holidays).toContain('2020-01-01');
    const lastOfficial = officialDays().at(-1)!.date;
    const stored = await p.prisma.calendarDay.findMany({ where: { source: 'OFFICIAL' }, orderBy: { date: 'desc' }, take: 1 });
    expect(stored[0].date.toISOString().slice(0, 4)).toBe(lastOfficial.slice(0, 4));
    expect(Number(lastOfficial.slice(0, 4))).toBeGreaterThanOrEqual(2026);
  });

  it('ends a 5-working-day notice published on 2026-09-28 on the day a count over 国庆 gives', () => {
    const lastDay = countByHand('2026-09-28', 5);
    expect(lastDay).toBe('2026-10-09');
    // 10:00 Beijing time on Monday 28 September; the period ends at the close of its last working day in China.
    expect(noticePeriodEnd('2026-09-28T02:00:00.000Z', 5, calendar)).toBe(`${lastDay}T15:59:59.999Z`);
    // Without the arrangement it would have ended during the holiday.
    expect(noticePeriodEnd('2026-09-28T02:00:00.000Z', 5, { holidays: [] })).toBe('2026-10-02T15:59:59.999Z');
  });

  it('counts the make-up Saturday before 春节 and skips the festival', () => {
    const lastDay = countByHand('2026-02-12', 5);
    expect(lastDay).toBe('2026-02-25');
    expect(noticePeriodEnd('2026-02-12T01:00:00.000Z', 5, calendar)).toBe(`${lastDay}T15:59:59.999Z`);
  });

  it('refreshes without overwriting what the administrator set, and a second refresh changes nothing', async () => {
    const admin = await makeUser(p, 'ADMIN');
    // The administrator corrects an official day: Saturday 10 October 2026 off after all (a local decision).
    await p.http.put('/api/calendar/2026-10-10').set(auth(admin)).send({ working: false, name: '本地调整休息' }).expect(200);
    // An official day lost from the table comes back with the refresh.
    await p.prisma.calendarDay.delete({ where: { date: new Date('2026-10-07T00:00:00Z') } });

    const first = await refreshOfficialCalendar(p.prisma);
    expect(first.added).toBe(1);
    expect(first.keptAdmin).toEqual(['2026-10-10']);
    const kept = await p.prisma.calendarDay.findUniqueOrThrow({ where: { date: new Date('2026-10-10T00:00:00Z') } });
    expect(kept).toMatchObject({ working: false, name: '本地调整休息', source: 'ADMIN' });
    expect(await p.prisma.calendarDay.findUniqueOrThrow({ where: { date: new Date('2026-10-07T00:00:00Z') } })).toMatchObject({
      working: false,
      name: '国庆节',
      source: 'OFFICIAL',
    });
    const again = await refreshOfficialCalendar(p.prisma);
    expect({ added: again.added, updated: again.updated }).toEqual({ added: 0, updated: 0 });

    // The administrator's correction is undone through the API; the refresh then restores the official day.
    await p.http.delete('/api/calendar/2026-10-10').set(auth(admin)).expect(204);
    expect((await refreshOfficialCalendar(p.prisma)).added).toBe(1);
    expect(await p.prisma.calendarDay.findUniqueOrThrow({ where: { date: new Date('2026-10-10T00:00:00Z') } })).toMatchObject({
      working: true,
      source: 'OFFICIAL',
    });
  });
});
