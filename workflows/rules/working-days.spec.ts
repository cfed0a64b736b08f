import { addWorkingDays, isWorkingDay, noticePeriodEnd } from './working-days';
import type { WorkingCalendar } from './working-days';

const plain: WorkingCalendar = { holidays: [] };

// Test data shaped like a State Council schedule: National Day week off, two weekend make-up days.
const nationalDay2026: WorkingCalendar = {
  holidays: ['2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07'],
  workdays: ['2026-09-27', '2026-10-10'],
};

describe('isWorkingDay', () => {
  it('treats weekdays as working and weekends as not', () => {
    expect(isWorkingDay('2026-11-23', plain)).toBe(true); // Monday
    expect(isWorkingDay('2026-11-27', plain)).toBe(true); // Friday
    expect(isWorkingDay('2026-11-28', plain)).toBe(false); // Saturday
    expect(isWorkingDay('2026-11-29', plain)).toBe(false); // Sunday
  });

  it('lets holidays close weekdays and make-up days open weekends', () => {
    expect(isWorkingDay('2026-10-01', nationalDay2026)).toBe(false); // Thursday, holiday
    expect(isWorkingDay('2026-09-27', nationalDay2026)).toBe(true); // Sunday, 调休上班
    expect(isWorkingDay('2026-10-10', nationalDay2026)).toBe(true); // Saturday, 调休上班
    expect(isWorkingDay('2026-10-11', nationalDay2026)).toBe(false); // Sunday
  });

  it('refuses malformed dates and a calendar that lists a day both ways', () => {
    expect(() => isWorkingDay('2026-02-30', plain)).toThrow(RangeError);
    expect(() => isWorkingDay('2026/11/23', plain)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-11-23', { holidays: ['2026-13-01'] })).toThrow(RangeError);
    expect(() => isWorkingDay('2026-11-23', { holidays: ['2026-10-10'], workdays: ['2026-10-10'] })).toThrow(RangeError);
  });
});

describe('addWorkingDays', () => {
  it('counts the start date as day 1 when it is a working day', () => {
    expect(addWorkingDays('2026-11-23', 5, plain)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-23', 1, plain)).toBe('2026-11-23');
  });

  it('skips the weekend', () => {
    expect(addWorkingDays('2026-11-25', 5, plain)).toBe('2026-12-01'); // Wed → next Tue
    expect(addWorkingDays('2026-11-27', 7, plain)).toBe('2026-12-07');
  });

  it('starts counting on the next working day when the start is a Saturday', () => {
    expect(addWorkingDays('2026-11-21', 5, plain)).toBe('2026-11-27');
    expect(addWorkingDays('2026-11-22', 1, plain)).toBe('2026-11-23');
  });

  it('skips the National Day holiday and counts the make-up working days', () => {
    // Fri 25 Sep, Sun 27 Sep (make-up), Mon 28, Tue 29, Wed 30.
    expect(addWorkingDays('2026-09-25', 5, nationalDay2026)).toBe('2026-09-30');
    // Wed 30 Sep, then the holiday week, Thu 8, Fri 9, Sat 10 (make-up), Mon 12, Tue 13.
    expect(addWorkingDays('2026-09-30', 6, nationalDay2026)).toBe('2026-10-13');
    // Published during the holiday: day 1 is Thu 8 Oct.
    expect(addWorkingDays('2026-10-03', 3, nationalDay2026)).toBe('2026-10-10');
  });

  it('crosses month and year ends', () => {
    expect(addWorkingDays('2026-12-30', 5, { holidays: ['2027-01-01'] })).toBe('2027-01-06');
    expect(addWorkingDays('2028-02-28', 3, plain)).toBe('2028-03-01'); // 2028 is a leap year
  });

  it('throws RangeError for zero, negative, fractional or absurd day counts', () => {
    expect(() => addWorkingDays('2026-11-23', 0, plain)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', -3, plain)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1.5, plain)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-11-23', 1_000_000, plain)).toThrow(RangeError);
  });
});

describe('noticePeriodEnd', () => {
  it('ends at 23:59:59.999 China time on the last working day', () => {
    expect(noticePeriodEnd('2026-11-23T10:00:00+08:00', 5, plain)).toBe('2026-11-27T15:59:59.999Z');
  });

  it('reads the publication instant on the China calendar, not in UTC', () => {
    // 00:30 on Monday in Beijing is still Sunday in UTC; the notice starts on Monday.
    expect(noticePeriodEnd('2026-11-22T16:30:00Z', 5, plain)).toBe('2026-11-27T15:59:59.999Z');
    // 23:30 on Friday in Beijing is Friday in UTC too; Friday counts as day 1.
    expect(noticePeriodEnd('2026-11-20T15:30:00Z', 1, plain)).toBe('2026-11-20T15:59:59.999Z');
    // 00:30 on Saturday in Beijing is Friday in UTC; the notice starts on Monday.
    expect(noticePeriodEnd('2026-11-20T16:30:00Z', 1, plain)).toBe('2026-11-23T15:59:59.999Z');
  });

  it('spans the National Day holiday', () => {
    expect(noticePeriodEnd('2026-09-29T09:00:00+08:00', 7, nationalDay2026)).toBe('2026-10-13T15:59:59.999Z');
  });

  it('refuses an instant without an offset, which would be read in the local time zone', () => {
    expect(() => noticePeriodEnd('2026-11-23T10:00:00', 5, plain)).toThrow(RangeError);
    expect(() => noticePeriodEnd('2026-11-23', 5, plain)).toThrow(RangeError);
  });

  it('throws RangeError for 0 days', () => {
    expect(() => noticePeriodEnd('2026-11-23T10:00:00+08:00', 0, plain)).toThrow(RangeError);
  });
});
