/**
 * Automatic checks on an application at submission (申报时的自动校验): the amount against the
 * round's ceiling, the management-cost cap, the budget adding up, and matching funds (配套资金)
 * where the round requires them. Each result carries a Chinese reason with the numbers, so the
 * applicant and the reviewer see the same explanation.
 */
import { Decimal } from 'decimal.js';
import { formatMoney, parseMoney, sumMoney } from './money';
import type { Label } from './stages';

export type BudgetLineType = 'PERSONNEL' | 'ACTIVITY' | 'MATERIAL' | 'PUBLICITY' | 'MANAGEMENT';

export const BUDGET_LINE_TYPES: Readonly<Record<BudgetLineType, Label>> = {
  PERSONNEL: { zh: '人员费', en: 'personnel' },
  ACTIVITY: { zh: '活动费', en: 'activities' },
  MATERIAL: { zh: '物资费', en: 'materials' },
  PUBLICITY: { zh: '宣传费', en: 'publicity' },
  MANAGEMENT: { zh: '管理费', en: 'management' },
};

export const BUDGET_LINE_TYPE_VALUES = Object.keys(BUDGET_LINE_TYPES) as readonly BudgetLineType[];

export function isBudgetLineType(s: unknown): s is BudgetLineType {
  return typeof s === 'string' && Object.prototype.hasOwnProperty.call(BUDGET_LINE_TYPES, s);
}

export interface BudgetLine {
  type: BudgetLineType;
  amount: string;
}

export interface ApplicationForRules {
  requestedAmount: string;
  budgetLines: ReadonlyArray<BudgetLine>;
  matchingFunds?: string | null;
}

export interface RoundForApplicationRules {
  projectCeiling: string;
  /** Management costs as a share of the requested amount; 10 when not given. */
  managementCapPercent?: number;
  /** Required matching funds as a share of the requested amount; null or absent when none. */
  matchingFundsPercent?: number | null;
}

export type ApplicationRule = 'amountWithinCeiling' | 'managementCap' | 'budgetSumsToRequested' | 'matchingFunds';

export interface ApplicationRuleResult {
  rule: ApplicationRule;
  passed: boolean;
  reason: string;
}

export const DEFAULT_MANAGEMENT_CAP_PERCENT = 10;

function assertPercent(percent: number, what: string): Decimal {
  if (typeof percent !== 'number' || !Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`${what} must be a percentage from 0 to 100, got ${percent}`);
  }
  return new Decimal(percent);
}

function checkCeiling(requested: Decimal, ceiling: Decimal): ApplicationRuleResult {
  const amounts = `申请金额 ${formatMoney(requested)} 元`;
  if (requested.greaterThan(ceiling)) {
    return { rule: 'amountWithinCeiling', passed: false, reason: `${amounts}超过单个项目上限 ${formatMoney(ceiling)} 元` };
  }
  return { rule: 'amountWithinCeiling', passed: true, reason: `${amounts}未超过单个项目上限 ${formatMoney(ceiling)} 元` };
}

function checkManagementCap(requested: Decimal, lines: ReadonlyArray<BudgetLine>, percent: number): ApplicationRuleResult {
  const pct = assertPercent(percent, 'managementCapPercent');
  // The base is the requested amount (the money the bureau gives), not the budget total: a budget
  // that does not add up is reported by its own rule and must not move this limit.
  // Rounded down to the cent so that the limit shown is one the amount may actually reach.
  const limit = requested.times(pct).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const management = sumMoney(lines.filter((l) => l.type === 'MANAGEMENT').map((l) => l.amount));
  const basis = `申请金额 ${formatMoney(requested)} 元的 ${percent}%（${formatMoney(limit)} 元）`;
  if (management.greaterThan(limit)) {
    return { rule: 'managementCap', passed: false, reason: `管理费 ${formatMoney(management)} 元超过${basis}` };
  }
  return { rule: 'managementCap', passed: true, reason: `管理费 ${formatMoney(management)} 元，未超过${basis}` };
}

function checkBudgetSum(requested: Decimal, lines: ReadonlyArray<BudgetLine>): ApplicationRuleResult {
  if (lines.length === 0) {
    return {
      rule: 'budgetSumsToRequested',
      passed: false,
      reason: `尚未填写预算明细，申请金额为 ${formatMoney(requested)} 元`,
    };
  }
  const total = sumMoney(lines.map((l) => l.amount));
  if (total.equals(requested)) {
    return { rule: 'budgetSumsToRequested', passed: true, reason: `预算明细合计 ${formatMoney(total)} 元，与申请金额一致` };
  }
  const difference = formatMoney(total.minus(requested).abs());
  return {
    rule: 'budgetSumsToRequested',
    passed: false,
    reason: `预算明细合计 ${formatMoney(total)} 元，与申请金额 ${formatMoney(requested)} 元不一致（相差 ${difference} 元）`,
  };
}

function checkMatchingFunds(requested: Decimal, matching: string | null | undefined, percent: number): ApplicationRuleResult {
  const pct = assertPercent(percent, 'matchingFundsPercent');
  // Rounded up to the cent so that an amount reaching the figure shown always passes.
  const required = requested.times(pct).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_UP);
  const basis = `申请金额 ${formatMoney(requested)} 元的 ${percent}%（${formatMoney(required)} 元）`;
  if (matching === null || matching === undefined || matching === '') {
    return { rule: 'matchingFunds', passed: false, reason: `未填写配套资金，本轮要求配套资金不低于${basis}` };
  }
  const amount = parseMoney(matching);
  if (amount.lessThan(required)) {
    return { rule: 'matchingFunds', passed: false, reason: `配套资金 ${formatMoney(amount)} 元低于${basis}` };
  }
  return { rule: 'matchingFunds', passed: true, reason: `配套资金 ${formatMoney(amount)} 元，不低于${basis}` };
}

/**
 * Every applicable rule with its outcome, in a fixed order; matchingFunds only when the round
 * requires a share (a percentage above zero). Malformed amounts throw MoneyFormatError: shapes
 * are the API's job, and this runs on validated input.
 */
export function checkApplicationRules(application: ApplicationForRules, round: RoundForApplicationRules): ApplicationRuleResult[] {
  const requested = parseMoney(application.requestedAmount);
  const ceiling = parseMoney(round.projectCeiling);
  const results = [
    checkCeiling(requested, ceiling),
    checkManagementCap(requested, application.budgetLines, round.managementCapPercent ?? DEFAULT_MANAGEMENT_CAP_PERCENT),
    checkBudgetSum(requested, application.budgetLines),
  ];
  const matchingPercent = round.matchingFundsPercent;
  if (matchingPercent !== null && matchingPercent !== undefined && assertPercent(matchingPercent, 'matchingFundsPercent').greaterThan(0)) {
    results.push(checkMatchingFunds(requested, application.matchingFunds, matchingPercent));
  }
  return results;
}
