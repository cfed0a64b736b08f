/**
 * Closeout (结项) and termination (终止): the unspent money returned (结余资金退回), whether the
 * final tranche (尾款) is released, and what goes into the organization's credit record (诚信记录),
 * which future review panels see.
 */
import { formatIsoDate, parseIsoDate } from './iso-instant';
import { formatMoney, parseMoney, sumMoney } from './money';
import type { Grade } from './evaluation';
import type { Decimal } from 'decimal.js';

export type CreditKind = 'COMMENDED' | 'COMPLETED' | 'FAILED';

export interface CloseoutOutcomeInput {
  finalGrade: Grade;
  /** How long a failed project keeps the organization on the dishonesty list (失信名单). */
  dishonestMonths: number;
  /** YYYY-MM-DD, the date in China on which the project closes. */
  closedOn: string;
}

export interface CloseoutOutcome {
  releaseFinalTranche: boolean;
  credit: { kind: CreditKind; dishonestUntil: string | null };
}

export interface TerminationInput {
  award: string;
  paid: ReadonlyArray<string>;
  spent: string;
}

export interface TerminationSettlement {
  /** Tranches never paid, cancelled: award − paid. */
  cancelledUnpaid: string;
  /** Paid but not spent, to be returned: paid − spent, never below zero. */
  recovery: string;
}

/** Fifty years: far beyond any listing period, a bound so that a typo cannot list someone forever. */
export const MAX_DISHONEST_MONTHS = 600;

/**
 * Unspent money to return: paid − spent, or 0.00 when the organization spent more than it
 * received (the overspend was its own money, and the bureau owes nothing beyond the award).
 */
export function recoveryAmount(paid: string, spent: string): string {
  const unspent = parseMoney(paid).minus(parseMoney(spent));
  return unspent.isNegative() ? formatMoney('0') : formatMoney(unspent);
}

/**
 * `months` calendar months after a YYYY-MM-DD date, the day clamped to the end of a shorter
 * month (31 January + 1 month is 28 or 29 February), as a listing period is read in law.
 */
function addCalendarMonths(date: string, months: number): string {
  parseIsoDate(date);
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = index % 12;
  // Day 0 of the following month is the last day of the target month.
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  return formatIsoDate(Date.UTC(targetYear, targetMonth, Math.min(day, lastDay)) / 86_400_000);
}

/**
 * What the final (third-party) grade means at closeout. 不合格 withholds the final tranche and
 * lists the organization as dishonest until closedOn + dishonestMonths; a round configured with
 * zero months lists no one, since a listing that ends the day it starts has no effect.
 * 优秀 is recorded as COMMENDED so that future panels see it; any other pass is COMPLETED.
 */
export function closeoutOutcome(input: CloseoutOutcomeInput): CloseoutOutcome {
  const { finalGrade, dishonestMonths, closedOn } = input;
  if (
    typeof dishonestMonths !== 'number' ||
    !Number.isSafeInteger(dishonestMonths) ||
    dishonestMonths < 0 ||
    dishonestMonths > MAX_DISHONEST_MONTHS
  ) {
    throw new RangeError(`dishonestMonths must be an integer from 0 to ${MAX_DISHONEST_MONTHS}, got ${String(dishonestMonths)}`);
  }
  // Validated even when unused, so that a bad date is caught by the first project, not the first failure.
  parseIsoDate(closedOn);
  switch (finalGrade) {
    case 'FAIL':
      return {
        releaseFinalTranche: false,
        credit: { kind: 'FAILED', dishonestUntil: dishonestMonths === 0 ? null : addCalendarMonths(closedOn, dishonestMonths) },
      };
    case 'EXCELLENT':
      return { releaseFinalTranche: true, credit: { kind: 'COMMENDED', dishonestUntil: null } };
    case 'GOOD':
    case 'PASS':
      return { releaseFinalTranche: true, credit: { kind: 'COMPLETED', dishonestUntil: null } };
    default:
      throw new RangeError(`unknown grade: ${JSON.stringify(finalGrade as unknown)}`);
  }
}

/**
 * On termination every unpaid tranche is cancelled and whatever was paid but not spent is
 * recovered (资金追回). Payments above the award break the ledger's central invariant and throw.
 */
export function terminationSettlement(input: TerminationInput): TerminationSettlement {
  const award = parseMoney(input.award);
  const paid: Decimal = sumMoney(input.paid);
  if (paid.greaterThan(award)) {
    throw new RangeError(`paid ${formatMoney(paid)} exceeds the award ${formatMoney(award)}`);
  }
  return {
    cancelledUnpaid: formatMoney(award.minus(paid)),
    recovery: recoveryAmount(formatMoney(paid), input.spent),
  };
}
