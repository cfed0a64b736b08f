import { checkApplicationRules, checkOrganizationEligibility } from '../workflows/rules';
import type { BudgetLineType, EligibilityRules } from '../workflows/rules';
import type { ApplicationContext } from './application-context';

export interface CheckLine {
  rule: string;
  label: string;
  passed: boolean;
  reason: string;
}

const LABELS: Record<string, string> = {
  yearsRegistered: '成立年限',
  minRating: '评估等级',
  notDishonest: '失信名单',
  amountWithinCeiling: '申请金额上限',
  managementCap: '管理费比例',
  budgetSumsToRequested: '预算合计',
  matchingFunds: '配套资金',
};

/**
 * The round's automatic rules for one submission: the organization's standing and the
 * application's money. They never reject by themselves; the reviewer sees every result.
 */
export function evaluateSubmission(ctx: ApplicationContext, asOf: Date): CheckLine[] {
  const { organization: org, round, application: app } = ctx;
  const orgResults = checkOrganizationEligibility(
    // factsStatus travels with the facts: declared facts not yet verified by a reviewer fail the rules.
    {
      registeredAt: org.registeredAt,
      rating: org.rating,
      ratingValidUntil: org.ratingValidUntil,
      factsStatus: org.factsStatus,
      creditStatus: org.creditStatus,
      dishonestUntil: org.dishonestUntil,
    },
    round.eligibility as unknown as EligibilityRules,
    asOf,
  ).results;
  const moneyResults = checkApplicationRules(
    {
      requestedAmount: app.requestedAmount.toFixed(2),
      budgetLines: (app.budgetLines as { type: BudgetLineType; amount: string }[]).map((l) => ({ type: l.type, amount: l.amount })),
      matchingFunds: app.matchingFunds?.toFixed(2) ?? null,
    },
    {
      projectCeiling: round.projectCeiling.toFixed(2),
      managementCapPercent: round.managementCapPercent,
      matchingFundsPercent: round.matchingFundsPercent,
    },
  );
  return [...orgResults, ...moneyResults].map((r) => ({
    rule: r.rule,
    label: LABELS[r.rule] ?? r.rule,
    passed: r.passed,
    reason: r.reason,
  }));
}
