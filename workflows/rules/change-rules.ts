/**
 * Change requests during implementation (项目变更): shifting money between budget lines and
 * extending the term. The project total is fixed by the agreement, so a reallocation may only
 * move money; shifts above the round's threshold need the bureau's approval, smaller ones are
 * recorded and take effect at once.
 */
import { Decimal } from 'decimal.js';
import { BUDGET_LINE_TYPES, isBudgetLineType } from './application-rules';
import { parseIsoInstant } from './iso-instant';
import { formatMoney, isMoneyString, parseMoney, sumMoney } from './money';
import type { BudgetLineType } from './application-rules';
import type { RoundConfigError } from './round-rules';

// Private so that another module's Decimal.set() cannot change how percentages round.
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Same shape as the other rule errors: the field, the rule broken, a Chinese message. */
export type ChangeError = RoundConfigError;

export interface ChangeBudgetLine {
  type: BudgetLineType;
  description?: string;
  amount: string;
}

export interface BudgetLineChange {
  type: BudgetLineType;
  before: string;
  after: string;
  /** |after − before| as a percentage of `before`, two decimals; '100.00' for a new type. */
  deltaPercent: string;
}

export type ReallocationResult = { ok: true; needsApproval: boolean; changes: BudgetLineChange[] } | { ok: false; errors: ChangeError[] };

export type ExtensionResult = { ok: true; extensionMs: number } | { ok: false; errors: ChangeError[] };

/** 预算调整 and 延期: the two kinds of change an organization may request. */
export const CHANGE_KINDS = ['REALLOCATION', 'EXTENSION'] as const;

export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const DEFAULT_CHANGE_THRESHOLD_PERCENT = 10;

const TYPE_ORDER = Object.keys(BUDGET_LINE_TYPES) as BudgetLineType[];

function validateAfter(after: ReadonlyArray<ChangeBudgetLine>): ChangeError[] {
  if (!Array.isArray(after) || after.length === 0) {
    return [{ field: 'budgetLines', rule: 'required', message: '调整后的预算明细至少需要一行' }];
  }
  const errors: ChangeError[] = [];
  after.forEach((line, i) => {
    const at = `调整后预算第${i + 1}行`;
    // Input arrives as parsed JSON; a null line must become an error, not a TypeError.
    const { type, amount } = (typeof line === 'object' && line !== null ? line : {}) as Partial<ChangeBudgetLine>;
    if (!isBudgetLineType(type)) {
      const names = TYPE_ORDER.map((t) => BUDGET_LINE_TYPES[t].zh).join('、');
      errors.push({ field: `budgetLines[${i}].type`, rule: 'type', message: `${at}的费用类型无效，应为${names}之一` });
    }
    if (!isMoneyString(amount)) {
      errors.push({ field: `budgetLines[${i}].amount`, rule: 'money', message: `${at}的金额应为不小于0的金额（元），最多两位小数` });
    }
  });
  return errors;
}

function totalsByType(lines: ReadonlyArray<ChangeBudgetLine>): Map<BudgetLineType, Decimal> {
  const totals = new Map<BudgetLineType, Decimal>();
  for (const line of lines) {
    totals.set(line.type, (totals.get(line.type) ?? new Exact(0)).plus(parseMoney(line.amount)));
  }
  return totals;
}

/**
 * Compares the budget per type (lines of one type are summed, descriptions ignored). `before` is
 * the budget in force and is trusted; `after` is the request and is validated. A shift strictly
 * above `thresholdPercent` of the type's original amount needs approval, judged on the exact
 * ratio so that 10.004 % is not waved through as a displayed 10.00 %; so does any type that
 * appears from nothing or drops to nothing, since that changes what the money is spent on.
 */
export function assessReallocation(
  before: ReadonlyArray<ChangeBudgetLine>,
  after: ReadonlyArray<ChangeBudgetLine>,
  thresholdPercent: number = DEFAULT_CHANGE_THRESHOLD_PERCENT,
): ReallocationResult {
  if (typeof thresholdPercent !== 'number' || !Number.isFinite(thresholdPercent) || thresholdPercent < 0 || thresholdPercent > 100) {
    throw new RangeError(`thresholdPercent must be from 0 to 100, got ${String(thresholdPercent)}`);
  }
  const errors = validateAfter(after);
  if (errors.length > 0) return { ok: false, errors };

  const beforeTotal = sumMoney(before.map((l) => l.amount));
  const afterTotal = sumMoney(after.map((l) => l.amount));
  if (!beforeTotal.equals(afterTotal)) {
    const difference = formatMoney(afterTotal.minus(beforeTotal).abs());
    return {
      ok: false,
      errors: [
        {
          field: 'budgetLines',
          rule: 'totalUnchanged',
          message: `调整后预算合计 ${formatMoney(afterTotal)} 元，与原预算合计 ${formatMoney(beforeTotal)} 元不一致（相差 ${difference} 元）；预算调整不能改变项目总额`,
        },
      ],
    };
  }

  const was = totalsByType(before);
  const now = totalsByType(after);
  const threshold = new Exact(thresholdPercent);
  const changes: BudgetLineChange[] = [];
  let needsApproval = false;
  for (const type of TYPE_ORDER) {
    const b = was.get(type) ?? new Exact(0);
    const a = now.get(type) ?? new Exact(0);
    if (a.equals(b)) continue;
    const delta = a.minus(b).abs();
    let percent: Decimal;
    if (b.isZero()) {
      percent = new Exact(100);
      needsApproval = true;
    } else {
      percent = delta.times(100).dividedBy(b);
      if (a.isZero() || percent.greaterThan(threshold)) needsApproval = true;
    }
    changes.push({
      type,
      before: formatMoney(b),
      after: formatMoney(a),
      deltaPercent: percent.toFixed(2, Decimal.ROUND_HALF_UP),
    });
  }
  return { ok: true, needsApproval, changes };
}

/**
 * An extension (延期) must move the end later, by at most `maxExtensionMs` beyond the end in
 * force. `currentEndsAt` comes from the project and is trusted; the request is validated.
 */
export function assessExtension(currentEndsAt: string, requestedEndsAt: string, maxExtensionMs: number): ExtensionResult {
  const current = parseIsoInstant(currentEndsAt).getTime();
  if (typeof maxExtensionMs !== 'number' || !Number.isSafeInteger(maxExtensionMs) || maxExtensionMs < 0) {
    throw new RangeError(`maxExtensionMs must be a non-negative integer, got ${String(maxExtensionMs)}`);
  }
  let requested: number;
  try {
    requested = parseIsoInstant(requestedEndsAt).getTime();
  } catch {
    return {
      ok: false,
      errors: [{ field: 'newEndsAt', rule: 'instant', message: '延期后的结束时间格式无效，应为带时区的ISO 8601时间' }],
    };
  }
  const currentIso = new Date(current).toISOString();
  if (requested <= current) {
    return {
      ok: false,
      errors: [{ field: 'newEndsAt', rule: 'later', message: `延期后的结束时间应晚于当前结束时间 ${currentIso}` }],
    };
  }
  const latest = current + maxExtensionMs;
  if (requested > latest) {
    return {
      ok: false,
      errors: [
        {
          field: 'newEndsAt',
          rule: 'maxExtension',
          message: `延期超过上限：当前结束时间 ${currentIso}，最晚可延至 ${new Date(latest).toISOString()}，申请延至 ${new Date(requested).toISOString()}`,
        },
      ],
    };
  }
  return { ok: true, extensionMs: requested - current };
}
