import { REPORT_KINDS, reminderAt, reportPlan } from './report-plan';

describe('reportPlan', () => {
  it('plans exactly one periodic report besides the mid-term and final ones when asked for one', () => {
    // The report that used to fall on the mid-term instant and be dropped: now in the first half.
    expect(reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 400, periodicReports: 1 })).toEqual([
      { seq: 1, kind: 'PERIODIC', dueAt: '2026-01-01T00:00:00.100Z' },
      { seq: 2, kind: 'MIDTERM', dueAt: '2026-01-01T00:00:00.200Z' },
      { seq: 3, kind: 'FINAL', dueAt: '2026-01-01T00:00:00.400Z' },
    ]);
  });

  it('gives quarterly reports around the mid-term report with two periodic reports', () => {
    expect(reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 400, periodicReports: 2 })).toEqual([
      { seq: 1, kind: 'PERIODIC', dueAt: '2026-01-01T00:00:00.100Z' },
      { seq: 2, kind: 'MIDTERM', dueAt: '2026-01-01T00:00:00.200Z' },
      { seq: 3, kind: 'PERIODIC', dueAt: '2026-01-01T00:00:00.300Z' },
      { seq: 4, kind: 'FINAL', dueAt: '2026-01-01T00:00:00.400Z' },
    ]);
  });

  it('puts the odd periodic report in the first half and spreads each half evenly', () => {
    const plan = reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 1200, periodicReports: 3 });
    expect(plan.map((r) => [r.seq, r.kind, r.dueAt])).toEqual([
      [1, 'PERIODIC', '2026-01-01T00:00:00.200Z'],
      [2, 'PERIODIC', '2026-01-01T00:00:00.400Z'],
      [3, 'MIDTERM', '2026-01-01T00:00:00.600Z'],
      [4, 'PERIODIC', '2026-01-01T00:00:00.900Z'],
      [5, 'FINAL', '2026-01-01T00:00:01.200Z'],
    ]);
  });

  it('plans exactly n periodic reports for every n, none on the mid-term instant of a real term', () => {
    const year = 365 * 86_400_000;
    for (let n = 0; n <= 24; n += 1) {
      const plan = reportPlan({ startsAt: '2026-01-01T00:00:00+08:00', termMs: year, periodicReports: n });
      expect(plan.filter((r) => r.kind === 'PERIODIC')).toHaveLength(n);
      expect(plan.filter((r) => r.kind !== 'PERIODIC').map((r) => r.kind)).toEqual(['MIDTERM', 'FINAL']);
      expect(new Set(plan.map((r) => r.dueAt)).size).toBe(n + 2);
    }
  });

  it('plans only the mid-term and final reports when there are no periodic ones', () => {
    expect(reportPlan({ startsAt: '2026-03-01T08:00:00+08:00', termMs: 10_000, periodicReports: 0 })).toEqual([
      { seq: 1, kind: 'MIDTERM', dueAt: '2026-03-01T00:00:05.000Z' },
      { seq: 2, kind: 'FINAL', dueAt: '2026-03-01T00:00:10.000Z' },
    ]);
  });

  it('floors fractions of a millisecond so every node computes the same instants', () => {
    const plan = reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 1001, periodicReports: 2 });
    expect(plan.map((r) => r.dueAt)).toEqual([
      '2026-01-01T00:00:00.250Z',
      '2026-01-01T00:00:00.500Z',
      '2026-01-01T00:00:00.750Z',
      '2026-01-01T00:00:01.001Z',
    ]);
  });

  it('spreads eleven monthly reports over a real year, six before the mid-term and five after', () => {
    const year = 365 * 86_400_000;
    const plan = reportPlan({ startsAt: '2026-01-01T00:00:00+08:00', termMs: year, periodicReports: 11 });
    expect(plan).toHaveLength(13);
    expect(plan.map((r) => r.kind).indexOf('MIDTERM')).toBe(6);
    expect(plan.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    const instants = plan.map((r) => Date.parse(r.dueAt));
    expect([...instants].sort((a, b) => a - b)).toEqual(instants);
    expect(plan[12]).toEqual({ seq: 13, kind: 'FINAL', dueAt: '2026-12-31T16:00:00.000Z' });
  });

  it('keeps the periodic report even when a term of one millisecond floors it onto the mid-term instant', () => {
    const plan = reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 1, periodicReports: 1 });
    expect(plan.map((r) => r.kind)).toEqual(['PERIODIC', 'MIDTERM', 'FINAL']);
  });

  it('refuses a term that is not a positive integer and a bad periodic count', () => {
    expect(() => reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 0, periodicReports: 3 })).toThrow(RangeError);
    expect(() => reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 1.5, periodicReports: 3 })).toThrow(RangeError);
    expect(() => reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 100, periodicReports: -1 })).toThrow(RangeError);
    expect(() => reportPlan({ startsAt: '2026-01-01T00:00:00Z', termMs: 100, periodicReports: 2.5 })).toThrow(RangeError);
  });

  it('refuses a start without an offset', () => {
    expect(() => reportPlan({ startsAt: '2026-01-01T00:00:00', termMs: 100, periodicReports: 1 })).toThrow(RangeError);
  });
});

describe('REPORT_KINDS', () => {
  it('labels each kind in Chinese and English', () => {
    expect(REPORT_KINDS).toEqual({
      PERIODIC: { zh: '进度报告', en: 'progress report' },
      MIDTERM: { zh: '中期报告', en: 'mid-term report' },
      FINAL: { zh: '结项报告', en: 'final report' },
    });
  });
});

describe('reminderAt', () => {
  it('is the due instant minus the lead time, in UTC', () => {
    expect(reminderAt('2026-06-30T17:00:00+08:00', 3 * 86_400_000)).toBe('2026-06-27T09:00:00.000Z');
    expect(reminderAt('2026-01-01T00:00:00.500Z', 200)).toBe('2026-01-01T00:00:00.300Z');
  });

  it('is the due instant itself with no lead', () => {
    expect(reminderAt('2026-01-01T00:00:00Z', 0)).toBe('2026-01-01T00:00:00.000Z');
  });

  it('refuses a negative or fractional lead', () => {
    expect(() => reminderAt('2026-01-01T00:00:00Z', -1)).toThrow(RangeError);
    expect(() => reminderAt('2026-01-01T00:00:00Z', 0.5)).toThrow(RangeError);
  });
});
