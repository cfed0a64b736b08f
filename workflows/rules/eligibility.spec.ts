import { OrganizationForEligibility, checkOrganizationEligibility, formatChinaDate, fullYearsBetween } from './eligibility';
import type { EligibilityRules } from './round-rules';

// Dates are written with the +08:00 offset because the rules read calendar dates in China.
const cn = (isoDate: string, time = '10:00'): Date => new Date(`${isoDate}T${time}:00+08:00`);

function org(overrides: Partial<OrganizationForEligibility> = {}): OrganizationForEligibility {
  return {
    registeredAt: cn('2020-06-15'),
    rating: '3A',
    ratingValidUntil: cn('2030-06-15'),
    factsStatus: 'VERIFIED',
    creditStatus: 'GOOD',
    dishonestUntil: null,
    ...overrides,
  };
}

const strict: EligibilityRules = { minYearsRegistered: 3, minRating: '3A', excludeDishonest: true };

function resultOf(rule: string, o: OrganizationForEligibility, rules: EligibilityRules, asOf: Date) {
  const found = checkOrganizationEligibility(o, rules, asOf).results.find((r) => r.rule === rule);
  if (!found) throw new Error(`no result for ${rule}`);
  return found;
}

describe('fullYearsBetween', () => {
  it('completes a year on the anniversary date, not before', () => {
    expect(fullYearsBetween(cn('2020-06-15'), cn('2023-06-14'))).toBe(2);
    expect(fullYearsBetween(cn('2020-06-15'), cn('2023-06-15'))).toBe(3);
    expect(fullYearsBetween(cn('2020-06-15'), cn('2023-12-31'))).toBe(3);
  });

  it('completes a 29 February registration year on 1 March in common years', () => {
    expect(fullYearsBetween(cn('2020-02-29'), cn('2021-02-28'))).toBe(0);
    expect(fullYearsBetween(cn('2020-02-29'), cn('2021-03-01'))).toBe(1);
    expect(fullYearsBetween(cn('2020-02-29'), cn('2024-02-29'))).toBe(4);
  });

  it('reads both dates on the China calendar whatever the instants are in UTC', () => {
    // 2022-06-15 07:00 in Beijing is still 14 June in UTC; the anniversary is the 15th.
    expect(fullYearsBetween(cn('2022-06-15', '07:00'), cn('2025-06-14', '23:30'))).toBe(2);
    expect(fullYearsBetween(cn('2022-06-15', '07:00'), cn('2025-06-15', '00:10'))).toBe(3);
  });
});

describe('formatChinaDate', () => {
  it('writes the date as seen in China', () => {
    expect(formatChinaDate(new Date('2025-01-31T16:30:00Z'))).toBe('2025-02-01');
  });
});

describe('unverified and lapsed facts', () => {
  it('does not pass a self-declared 5A and registration date until a reviewer verifies them', () => {
    const declared = org({ rating: '5A', registeredAt: cn('2010-01-01'), factsStatus: 'UNVERIFIED' });
    const result = checkOrganizationEligibility(declared, strict, cn('2025-01-01'));
    expect(result.eligible).toBe(false);
    for (const rule of ['yearsRegistered', 'minRating']) {
      const line = result.results.find((r) => r.rule === rule)!;
      expect(line.passed).toBe(false);
      expect(line.reason).toContain('登记信息未核验 / registration facts not verified');
    }
    expect(checkOrganizationEligibility({ ...declared, factsStatus: 'VERIFIED' }, strict, cn('2025-01-01')).eligible).toBe(true);
  });

  it('says that a verification failed when the reviewer refused the facts', () => {
    expect(resultOf('minRating', org({ factsStatus: 'REJECTED' }), strict, cn('2025-01-01')).reason).toContain('核验未通过');
  });

  it('treats a rating past its validity date as unrated', () => {
    // Stored as a DATE column: midnight UTC of the last valid day.
    const o = org({ rating: '5A', ratingValidUntil: new Date('2024-12-31T00:00:00Z') });
    expect(resultOf('minRating', o, strict, cn('2024-12-31', '23:30')).passed).toBe(true);
    const lapsed = resultOf('minRating', o, strict, cn('2025-01-02'));
    expect(lapsed.passed).toBe(false);
    expect(lapsed.reason).toContain('已于 2024-12-31 到期');
  });

  it('treats a rating without a validity date as unrated', () => {
    expect(resultOf('minRating', org({ ratingValidUntil: null }), strict, cn('2025-01-02')).passed).toBe(false);
  });
});

describe('checkOrganizationEligibility', () => {
  it('passes an organization meeting every rule and explains each rule', () => {
    const result = checkOrganizationEligibility(org({ rating: '4A' }), strict, cn('2024-01-10'));
    expect(result.eligible).toBe(true);
    expect(result.results.map((r) => [r.rule, r.passed])).toEqual([
      ['yearsRegistered', true],
      ['minRating', true],
      ['notDishonest', true],
    ]);
    expect(result.results[0]?.reason).toBe('于 2020-06-15 登记成立，已满3年，符合不少于3年的要求');
    expect(result.results[1]?.reason).toBe('评估等级为4A级，符合不低于3A的要求');
  });

  it('fails an organization one day short of the required years', () => {
    const r = resultOf('yearsRegistered', org(), strict, cn('2023-06-14'));
    expect(r).toEqual({
      rule: 'yearsRegistered',
      passed: false,
      reason: '于 2020-06-15 登记成立，满2年，不足要求的3年',
    });
    expect(resultOf('yearsRegistered', org(), strict, cn('2023-06-15')).passed).toBe(true);
  });

  it('fails an organization registered after the check date even with no minimum', () => {
    const rules = { ...strict, minYearsRegistered: 0 };
    expect(resultOf('yearsRegistered', org(), rules, cn('2020-01-01')).passed).toBe(false);
  });

  it('fails a rating below the minimum and an organization never assessed', () => {
    const asOf = cn('2025-01-01');
    expect(resultOf('minRating', org({ rating: '2A' }), strict, asOf)).toMatchObject({
      passed: false,
      reason: '评估等级为2A级，低于要求的3A',
    });
    expect(resultOf('minRating', org({ rating: null }), strict, asOf)).toMatchObject({
      passed: false,
      reason: '尚未参加社会组织评估，本轮要求评估等级不低于3A',
    });
  });

  it('passes any rating when the round sets no minimum', () => {
    const rules = { minYearsRegistered: 0, excludeDishonest: true };
    const r = resultOf('minRating', org({ rating: null }), rules, cn('2025-01-01'));
    expect(r).toEqual({ rule: 'minRating', passed: true, reason: '本轮不限评估等级' });
  });

  it('fails an organization on the dishonesty list while its term runs', () => {
    const o = org({ creditStatus: 'DISHONEST', dishonestUntil: cn('2025-12-31', '23:59') });
    const result = checkOrganizationEligibility(o, strict, cn('2025-06-01'));
    expect(result.eligible).toBe(false);
    expect(result.results[2]).toEqual({
      rule: 'notDishonest',
      passed: false,
      reason: '已列入失信名单，惩戒期至 2025-12-31',
    });
  });

  it('still fails at the very instant the term ends and passes once it has passed', () => {
    const until = cn('2025-03-01', '00:00');
    const o = org({ creditStatus: 'DISHONEST', dishonestUntil: until });
    expect(resultOf('notDishonest', o, strict, until).passed).toBe(false);
    expect(resultOf('notDishonest', o, strict, new Date(until.getTime() + 1))).toEqual({
      rule: 'notDishonest',
      passed: true,
      reason: '失信惩戒期已于 2025-03-01 届满',
    });
  });

  it('fails a listing without an end date', () => {
    const o = org({ creditStatus: 'DISHONEST', dishonestUntil: null });
    expect(resultOf('notDishonest', o, strict, cn('2030-01-01')).passed).toBe(false);
  });

  it('ignores the dishonesty list when the round does not exclude listed organizations', () => {
    const o = org({ creditStatus: 'DISHONEST', dishonestUntil: null });
    const rules = { ...strict, excludeDishonest: false };
    expect(checkOrganizationEligibility(o, rules, cn('2025-01-01')).eligible).toBe(true);
  });

  it('reports every failed rule, not only the first', () => {
    const o = org({ registeredAt: cn('2024-01-01'), rating: '1A', creditStatus: 'DISHONEST' });
    const result = checkOrganizationEligibility(o, strict, cn('2025-01-01'));
    expect(result.eligible).toBe(false);
    expect(result.results.every((r) => !r.passed)).toBe(true);
  });

  it('gives the same answer for the same inputs', () => {
    const asOf = cn('2025-01-01');
    expect(checkOrganizationEligibility(org(), strict, asOf)).toEqual(checkOrganizationEligibility(org(), strict, asOf));
  });
});
