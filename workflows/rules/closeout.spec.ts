import { closeoutOutcome, recoveryAmount, terminationSettlement } from './closeout';

describe('recoveryAmount', () => {
  it('returns the unspent part of what was paid', () => {
    expect(recoveryAmount('90000.00', '85432.10')).toBe('4567.90');
    expect(recoveryAmount('0.30', '0.1')).toBe('0.20');
  });

  it('is zero when everything or more than everything was spent', () => {
    expect(recoveryAmount('90000.00', '90000.00')).toBe('0.00');
    expect(recoveryAmount('90000.00', '95000.00')).toBe('0.00');
  });

  it('throws on malformed amounts', () => {
    expect(() => recoveryAmount('90000.001', '0')).toThrow('金额格式不正确');
  });
});

describe('closeoutOutcome', () => {
  it('releases the final tranche and commends an excellent project', () => {
    expect(closeoutOutcome({ finalGrade: 'EXCELLENT', dishonestMonths: 24, closedOn: '2026-12-31' })).toEqual({
      releaseFinalTranche: true,
      credit: { kind: 'COMMENDED', dishonestUntil: null },
    });
  });

  it('records a good or passing project as completed', () => {
    for (const finalGrade of ['GOOD', 'PASS'] as const) {
      expect(closeoutOutcome({ finalGrade, dishonestMonths: 24, closedOn: '2026-12-31' })).toEqual({
        releaseFinalTranche: true,
        credit: { kind: 'COMPLETED', dishonestUntil: null },
      });
    }
  });

  it('withholds the final tranche and lists a failed organization for the given calendar months', () => {
    expect(closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths: 24, closedOn: '2026-12-15' })).toEqual({
      releaseFinalTranche: false,
      credit: { kind: 'FAILED', dishonestUntil: '2028-12-15' },
    });
    expect(closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths: 3, closedOn: '2026-11-30' }).credit.dishonestUntil).toBe('2027-02-28');
  });

  it('clamps the listing end to the last day of a shorter month, leap years included', () => {
    const until = (closedOn: string, dishonestMonths: number) =>
      closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths, closedOn }).credit.dishonestUntil;
    expect(until('2027-01-31', 1)).toBe('2027-02-28');
    expect(until('2028-01-31', 1)).toBe('2028-02-29');
    expect(until('2028-02-29', 12)).toBe('2029-02-28');
    expect(until('2026-08-31', 13)).toBe('2027-09-30');
  });

  it('lists no one when the round sets zero months', () => {
    expect(closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths: 0, closedOn: '2026-12-15' })).toEqual({
      releaseFinalTranche: false,
      credit: { kind: 'FAILED', dishonestUntil: null },
    });
  });

  it('throws on a bad date, month count or grade', () => {
    expect(() => closeoutOutcome({ finalGrade: 'PASS', dishonestMonths: 24, closedOn: '2026-02-30' })).toThrow(RangeError);
    expect(() => closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths: -1, closedOn: '2026-12-15' })).toThrow(RangeError);
    expect(() => closeoutOutcome({ finalGrade: 'FAIL', dishonestMonths: 1.5, closedOn: '2026-12-15' })).toThrow(RangeError);
    expect(() => closeoutOutcome({ finalGrade: 'BAD' as never, dishonestMonths: 1, closedOn: '2026-12-15' })).toThrow(RangeError);
  });
});

describe('terminationSettlement', () => {
  it('cancels the unpaid rest of the award and recovers what was paid but not spent', () => {
    expect(terminationSettlement({ award: '100000.00', paid: ['50000.00'], spent: '32000.50' })).toEqual({
      cancelledUnpaid: '50000.00',
      recovery: '17999.50',
    });
  });

  it('cancels the whole award and recovers nothing when nothing was paid', () => {
    expect(terminationSettlement({ award: '100000.00', paid: [], spent: '0.00' })).toEqual({
      cancelledUnpaid: '100000.00',
      recovery: '0.00',
    });
  });

  it('never asks back more than was paid when spending exceeds payments', () => {
    expect(terminationSettlement({ award: '100000.00', paid: ['50000.00', '40000.00'], spent: '95000.00' })).toEqual({
      cancelledUnpaid: '10000.00',
      recovery: '0.00',
    });
  });

  it('throws when the payments already exceed the award', () => {
    expect(() => terminationSettlement({ award: '100.00', paid: ['60.00', '40.01'], spent: '0' })).toThrow(RangeError);
  });
});
