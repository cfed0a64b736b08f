/**
 * The tranche schedule of an award (资金拨付计划) and the guard every payment passes: money paid
 * out never exceeds the award, whatever order finance records the payments in.
 */
import { formatMoney, parseMoney, splitByPercents, sumMoney } from './money';
import { validateTranchePlan } from './round-rules';
import type { TrancheStage, TrancheStep } from './round-rules';
import type { Decimal } from 'decimal.js';

export interface ScheduledTranche {
  /** 1-based, in the order of the plan. */
  seq: number;
  stage: TrancheStage;
  percent: number;
  amount: string;
}

export type CanPayResult = { ok: true } | { ok: false; reason: string };

/**
 * One tranche per step of the plan. Amounts come from splitByPercents, so the last tranche (尾款)
 * absorbs the rounding and the schedule adds up to the award to the cent.
 */
export function trancheSchedule(award: string, plan: ReadonlyArray<TrancheStep>): ScheduledTranche[] {
  // A stored plan was validated with its round; one that is not valid here is a programming error,
  // and paying out a schedule with repeated or reordered stages would be worse than failing.
  const errors = validateTranchePlan(plan);
  if (errors.length > 0) {
    throw new RangeError(`拨付计划无效：${errors.map((e) => e.message).join('；')}`);
  }
  const amounts = splitByPercents(
    parseMoney(award),
    plan.map((s) => s.percent),
  );
  return plan.map((step, i) => ({
    seq: i + 1,
    stage: step.stage,
    percent: step.percent,
    amount: formatMoney(amounts[i] as Decimal),
  }));
}

/**
 * Whether a payment of `next` may be made after the payments already made. Only the ceiling is
 * checked: a tranche of 0.00 (a tiny award split three ways) must still be payable so that the
 * schedule can complete.
 */
export function canPay(award: string, alreadyPaid: ReadonlyArray<string>, next: string): CanPayResult {
  const total = parseMoney(award);
  const paid = sumMoney(alreadyPaid);
  const amount = parseMoney(next);
  const after = paid.plus(amount);
  if (after.greaterThan(total)) {
    const remaining = total.minus(paid);
    return {
      ok: false,
      reason:
        `本次拨付 ${formatMoney(amount)} 元后累计拨付 ${formatMoney(after)} 元，将超过资助金额 ${formatMoney(total)} 元` +
        `（已拨付 ${formatMoney(paid)} 元，尚可拨付 ${remaining.isNegative() ? '0.00' : formatMoney(remaining)} 元）`,
    };
  }
  return { ok: true };
}
