import { formatIsoDate, parseIsoDate, parseIsoInstant } from './iso-instant';

describe('parseIsoInstant', () => {
  it('reads instants with Z or a numeric offset', () => {
    expect(parseIsoInstant('2026-11-23T10:00:00+08:00').toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(parseIsoInstant('2026-11-23T02:00Z').toISOString()).toBe('2026-11-23T02:00:00.000Z');
    expect(parseIsoInstant('2026-11-23T02:00:00.5-05:00').toISOString()).toBe('2026-11-23T07:00:00.500Z');
  });

  it.each(['2026-11-23T10:00:00', '2026-11-23', '2026-02-30T00:00:00Z', '2026-11-23T24:00:00Z', '23/11/2026', ''])('refuses %p', (s) => {
    expect(() => parseIsoInstant(s)).toThrow(RangeError);
  });
});

describe('parseIsoDate and formatIsoDate', () => {
  it('round-trip calendar dates through day numbers', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('2026-11-24') - parseIsoDate('2026-11-23')).toBe(1);
    for (const d of ['2024-02-29', '2026-12-31', '2027-01-01', '1999-03-01']) expect(formatIsoDate(parseIsoDate(d))).toBe(d);
  });

  it.each(['2026-02-29', '2026-00-10', '0099-01-01', '2026-1-5'])('refuses %p', (s) => {
    expect(() => parseIsoDate(s)).toThrow(RangeError);
  });
});
