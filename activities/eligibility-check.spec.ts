import { Prisma } from '../prisma/client';
import { evaluateSubmission } from './eligibility-check';
import type { ApplicationContext } from './application-context';

// The activity's input as PostgreSQL returns it: only the fields the rules read are filled in.
function context(org: Partial<ApplicationContext['organization']>): ApplicationContext {
  return {
    organization: {
      registeredAt: new Date('2010-01-01T00:00:00Z'),
      rating: '5A',
      ratingValidUntil: null,
      factsStatus: 'UNVERIFIED',
      creditStatus: 'GOOD',
      dishonestUntil: null,
      ...org,
    },
    round: {
      eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true },
      projectCeiling: new Prisma.Decimal('200000.00'),
      managementCapPercent: 10,
      matchingFundsPercent: 0,
    },
    application: {
      requestedAmount: new Prisma.Decimal('1000.00'),
      budgetLines: [{ type: 'ACTIVITY', amount: '1000.00' }],
      matchingFunds: null,
    },
  } as unknown as ApplicationContext;
}

describe('evaluateSubmission', () => {
  const asOf = new Date('2026-01-01T00:00:00Z');

  it('fails the standing rules of an organization whose declared 5A and registration date nobody verified, and says so', () => {
    const lines = evaluateSubmission(context({}), asOf).filter((l) => ['yearsRegistered', 'minRating'].includes(l.rule));
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.passed).toBe(false);
      expect(line.reason).toContain('登记信息未核验 / registration facts not verified');
    }
  });

  it('passes the same facts once verified, and treats a lapsed rating as unrated', () => {
    const verified = { factsStatus: 'VERIFIED' as const, ratingValidUntil: new Date('2028-12-31T00:00:00Z') };
    expect(evaluateSubmission(context(verified), asOf).filter((l) => !l.passed)).toEqual([]);
    const lapsed = evaluateSubmission(context({ ...verified, ratingValidUntil: new Date('2025-12-31T00:00:00Z') }), asOf);
    expect(lapsed.find((l) => l.rule === 'minRating')).toMatchObject({ passed: false, reason: expect.stringContaining('按未评估处理') });
  });
});
