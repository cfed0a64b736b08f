import { BUDGET_LINE_TYPES, checkApplicationRules, isBudgetLineType } from './application-rules';
import { MoneyFormatError } from './money';
import type { ApplicationForRules, ApplicationRuleResult, RoundForApplicationRules } from './application-rules';

const round: RoundForApplicationRules = { projectCeiling: '150000' };

function application(overrides: Partial<ApplicationForRules> = {}): ApplicationForRules {
  return {
    requestedAmount: '100000',
    budgetLines: [
      { type: 'PERSONNEL', amount: '40000' },
      { type: 'ACTIVITY', amount: '35000' },
      { type: 'MATERIAL', amount: '12000' },
      { type: 'PUBLICITY', amount: '5000' },
      { type: 'MANAGEMENT', amount: '8000' },
    ],
    ...overrides,
  };
}

function resultOf(results: ApplicationRuleResult[], rule: string): ApplicationRuleResult {
  const found = results.find((r) => r.rule === rule);
  if (!found) throw new Error(`no result for ${rule}`);
  return found;
}

describe('BUDGET_LINE_TYPES', () => {
  it('labels every budget line type in Chinese and English', () => {
    expect(BUDGET_LINE_TYPES.PERSONNEL).toEqual({ zh: '人员费', en: 'personnel' });
    expect(BUDGET_LINE_TYPES.MANAGEMENT).toEqual({ zh: '管理费', en: 'management' });
    expect(Object.keys(BUDGET_LINE_TYPES)).toEqual(['PERSONNEL', 'ACTIVITY', 'MATERIAL', 'PUBLICITY', 'MANAGEMENT']);
  });

  it('recognises stored types and nothing else', () => {
    expect(isBudgetLineType('ACTIVITY')).toBe(true);
    expect(isBudgetLineType('activity')).toBe(false);
    expect(isBudgetLineType('constructor')).toBe(false);
  });
});

describe('checkApplicationRules', () => {
  it('passes a sound application and returns the three rules in a fixed order', () => {
    const results = checkApplicationRules(application(), round);
    expect(results.map((r) => [r.rule, r.passed])).toEqual([
      ['amountWithinCeiling', true],
      ['managementCap', true],
      ['budgetSumsToRequested', true],
    ]);
    expect(results[0]?.reason).toBe('申请金额 100000.00 元未超过单个项目上限 150000.00 元');
    expect(results[1]?.reason).toBe('管理费 8000.00 元，未超过申请金额 100000.00 元的 10%（10000.00 元）');
    expect(results[2]?.reason).toBe('预算明细合计 100000.00 元，与申请金额一致');
  });

  it('fails an amount above the ceiling, with both numbers in the reason', () => {
    const results = checkApplicationRules(
      application({ requestedAmount: '160000', budgetLines: [{ type: 'ACTIVITY', amount: '160000' }] }),
      round,
    );
    expect(resultOf(results, 'amountWithinCeiling')).toEqual({
      rule: 'amountWithinCeiling',
      passed: false,
      reason: '申请金额 160000.00 元超过单个项目上限 150000.00 元',
    });
  });

  it('accepts an amount exactly at the ceiling', () => {
    const results = checkApplicationRules(
      application({ requestedAmount: '150000.00', budgetLines: [{ type: 'ACTIVITY', amount: '150000' }] }),
      round,
    );
    expect(resultOf(results, 'amountWithinCeiling').passed).toBe(true);
  });

  it('caps management costs, summed over all management lines, at 10% of the requested amount by default', () => {
    const lines = application().budgetLines.filter((l) => l.type !== 'MANAGEMENT');
    const atCap = checkApplicationRules(
      application({ budgetLines: [...lines, { type: 'MANAGEMENT', amount: '6000' }, { type: 'MANAGEMENT', amount: '4000' }] }),
      round,
    );
    expect(resultOf(atCap, 'managementCap').passed).toBe(true);
    const over = checkApplicationRules(
      application({ budgetLines: [...lines, { type: 'MANAGEMENT', amount: '6000' }, { type: 'MANAGEMENT', amount: '4000.01' }] }),
      round,
    );
    expect(resultOf(over, 'managementCap')).toEqual({
      rule: 'managementCap',
      passed: false,
      reason: '管理费 10000.01 元超过申请金额 100000.00 元的 10%（10000.00 元）',
    });
  });

  it('uses the round’s own management cap, and shows a limit the amount may reach', () => {
    const results = checkApplicationRules(
      application({
        requestedAmount: '333.33',
        budgetLines: [
          { type: 'MANAGEMENT', amount: '41.66' },
          { type: 'ACTIVITY', amount: '291.67' },
        ],
      }),
      { ...round, managementCapPercent: 12.5 },
    );
    // 12.5% of 333.33 is 41.66625: 41.66 may be spent, 41.67 may not.
    expect(resultOf(results, 'managementCap').reason).toBe('管理费 41.66 元，未超过申请金额 333.33 元的 12.5%（41.66 元）');
    expect(resultOf(results, 'managementCap').passed).toBe(true);
  });

  it('fails a budget that does not add up to the requested amount, stating the difference', () => {
    const results = checkApplicationRules(application({ requestedAmount: '105000' }), round);
    expect(resultOf(results, 'budgetSumsToRequested')).toEqual({
      rule: 'budgetSumsToRequested',
      passed: false,
      reason: '预算明细合计 100000.00 元，与申请金额 105000.00 元不一致（相差 5000.00 元）',
    });
  });

  it('fails an application without budget lines', () => {
    const results = checkApplicationRules(application({ budgetLines: [] }), round);
    expect(resultOf(results, 'budgetSumsToRequested')).toEqual({
      rule: 'budgetSumsToRequested',
      passed: false,
      reason: '尚未填写预算明细，申请金额为 100000.00 元',
    });
    expect(resultOf(results, 'managementCap').passed).toBe(true);
  });

  it('adds budget lines exactly, without float drift', () => {
    const results = checkApplicationRules(
      application({
        requestedAmount: '0.30',
        budgetLines: [
          { type: 'ACTIVITY', amount: '0.10' },
          { type: 'MATERIAL', amount: '0.20' },
        ],
      }),
      round,
    );
    expect(resultOf(results, 'budgetSumsToRequested').passed).toBe(true);
  });

  it('checks matching funds only when the round requires a share', () => {
    expect(checkApplicationRules(application(), { ...round, matchingFundsPercent: null })).toHaveLength(3);
    expect(checkApplicationRules(application(), { ...round, matchingFundsPercent: 0 })).toHaveLength(3);
    expect(checkApplicationRules(application({ matchingFunds: '20000' }), { ...round, matchingFundsPercent: 20 })).toHaveLength(4);
  });

  it('passes matching funds at or above the required share and fails below it or when missing', () => {
    const withShare = { ...round, matchingFundsPercent: 20 };
    expect(resultOf(checkApplicationRules(application({ matchingFunds: '20000' }), withShare), 'matchingFunds')).toEqual({
      rule: 'matchingFunds',
      passed: true,
      reason: '配套资金 20000.00 元，不低于申请金额 100000.00 元的 20%（20000.00 元）',
    });
    expect(resultOf(checkApplicationRules(application({ matchingFunds: '19999.99' }), withShare), 'matchingFunds')).toEqual({
      rule: 'matchingFunds',
      passed: false,
      reason: '配套资金 19999.99 元低于申请金额 100000.00 元的 20%（20000.00 元）',
    });
    expect(resultOf(checkApplicationRules(application({ matchingFunds: null }), withShare), 'matchingFunds')).toEqual({
      rule: 'matchingFunds',
      passed: false,
      reason: '未填写配套资金，本轮要求配套资金不低于申请金额 100000.00 元的 20%（20000.00 元）',
    });
  });

  it('rounds the required matching share up to the cent so the figure shown always suffices', () => {
    const results = checkApplicationRules(
      application({ requestedAmount: '333.33', budgetLines: [{ type: 'ACTIVITY', amount: '333.33' }], matchingFunds: '66.67' }),
      { ...round, matchingFundsPercent: 20.001 },
    );
    // 20.001% of 333.33 is 66.6693…; 66.67 is enough, 66.66 would not be.
    expect(resultOf(results, 'matchingFunds').passed).toBe(true);
    expect(resultOf(results, 'matchingFunds').reason).toContain('（66.67 元）');
  });

  it('refuses malformed amounts and percentages', () => {
    expect(() => checkApplicationRules(application({ requestedAmount: '1e5' }), round)).toThrow(MoneyFormatError);
    expect(() => checkApplicationRules(application(), { ...round, managementCapPercent: -1 })).toThrow(RangeError);
    expect(() => checkApplicationRules(application(), { ...round, matchingFundsPercent: 150 })).toThrow(RangeError);
  });
});
