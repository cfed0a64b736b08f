/**
 * The tranche ledger of one project (拨付台账) as a state machine. Every tranche ends in exactly
 * one of three ways — paid (已拨付), cancelled by a named decision or by termination (已取消), or
 * withheld for a 不合格 final grade (暂停拨付) — and a project may close only once every tranche
 * has ended, so that at the end paid + cancelled + withheld = award and the recovery (结余资金退回)
 * is computed from what was actually paid. The implementation workflow moves its tranches only
 * through `applyLedger`.
 */
import { recoveryAmount } from './closeout';
import { formatMoney, parseMoney, sumMoney } from './money';
import type { TrancheStatus } from './stages';
import type { Decimal } from 'decimal.js';

export type LedgerStatus = TrancheStatus;

export interface LedgerTranche {
  seq: number;
  stage: string;
  amount: string;
  status: LedgerStatus;
  requestedById?: string;
}

export type LedgerEvent =
  /** The tranches of a stage become payable (signing, a passed mid-term evaluation, closeout). */
  | { kind: 'conditionMet'; stage: string }
  | { kind: 'request'; seq: number; by: string }
  | { kind: 'pay'; seq: number }
  /** A named decision (with its reason) not to pay a tranche that became payable. */
  | { kind: 'cancel'; seq: number }
  /** A 不合格 final grade: the tranches of the stage are not paid. */
  | { kind: 'withhold'; stage: string }
  /** Termination: everything not paid (and not withheld) is cancelled. */
  | { kind: 'terminate' };

export interface LedgerRefusal {
  message: string;
  /** The tranche's status (or 'NONE'), shown to the caller as the current state. */
  status: LedgerStatus | 'NONE';
}

/** Tranches that have ended: nothing more will be paid or decided on them. */
export const SETTLED: readonly LedgerStatus[] = ['PAID', 'CANCELLED', 'WITHHELD'];
/** Tranches someone must still act on: they hold the project open. */
export const OPEN_FOR_PAYMENT: readonly LedgerStatus[] = ['DUE', 'REQUESTED'];

const NEEDS: Record<'request' | 'pay' | 'cancel', readonly LedgerStatus[]> = {
  request: ['DUE'],
  pay: ['REQUESTED'],
  cancel: ['DUE', 'REQUESTED'],
};

/** Why the event may not happen now, or undefined when it may. */
export function ledgerRefusal(tranches: ReadonlyArray<LedgerTranche>, e: LedgerEvent): LedgerRefusal | undefined {
  if (e.kind !== 'request' && e.kind !== 'pay' && e.kind !== 'cancel') return undefined;
  const t = tranches.find((x) => x.seq === e.seq);
  if (!t) return { message: `没有第 ${e.seq} 期拨付 / no such tranche`, status: 'NONE' };
  if (!NEEDS[e.kind].includes(t.status))
    return { message: `第 ${e.seq} 期当前状态为 ${t.status}，不能执行此操作 / tranche is ${t.status}`, status: t.status };
  return undefined;
}

/** The ledger after the event; a refused event throws (callers check `ledgerRefusal` first). */
export function applyLedger<T extends LedgerTranche>(tranches: ReadonlyArray<T>, e: LedgerEvent): T[] {
  const refused = ledgerRefusal(tranches, e);
  if (refused) throw new RangeError(refused.message);
  const set = (when: (t: T) => boolean, status: LedgerStatus, extra: Partial<LedgerTranche> = {}) =>
    tranches.map((t) => (when(t) ? { ...t, ...extra, status } : t));
  switch (e.kind) {
    case 'conditionMet':
      return set((t) => t.stage === e.stage && t.status === 'PENDING', 'DUE');
    case 'request':
      return set((t) => t.seq === e.seq, 'REQUESTED', { requestedById: e.by });
    case 'pay':
      return set((t) => t.seq === e.seq, 'PAID');
    case 'cancel':
      return set((t) => t.seq === e.seq, 'CANCELLED');
    case 'withhold':
      return set((t) => t.stage === e.stage && (t.status === 'PENDING' || t.status === 'DUE'), 'WITHHELD');
    case 'terminate':
      return set((t) => !SETTLED.includes(t.status), 'CANCELLED');
  }
}

/** The tranches that keep a project from closing: payable but neither paid nor cancelled. */
export function openTranches<T extends LedgerTranche>(tranches: ReadonlyArray<T>): T[] {
  return tranches.filter((t) => OPEN_FOR_PAYMENT.includes(t.status));
}

/** A project may close only when every tranche has ended (paid, cancelled or withheld). */
export function ledgerClosable(tranches: ReadonlyArray<LedgerTranche>): boolean {
  return tranches.every((t) => SETTLED.includes(t.status));
}

export interface LedgerTotals {
  award: string;
  paid: string;
  cancelled: string;
  withheld: string;
  /** Neither paid nor ended: zero once the project may close. */
  outstanding: string;
}

export function ledgerTotals(tranches: ReadonlyArray<LedgerTranche>): LedgerTotals {
  const of = (...s: LedgerStatus[]): Decimal => sumMoney(tranches.filter((t) => s.includes(t.status)).map((t) => t.amount));
  return {
    award: formatMoney(sumMoney(tranches.map((t) => t.amount))),
    paid: formatMoney(of('PAID')),
    cancelled: formatMoney(of('CANCELLED')),
    withheld: formatMoney(of('WITHHELD')),
    outstanding: formatMoney(of('PENDING', 'DUE', 'REQUESTED')),
  };
}

export interface LedgerSettlement extends LedgerTotals {
  /** Paid but not spent, to be returned: paid − spent, never below zero. */
  recovery: string;
}

/**
 * The final account of a project that closes or is terminated: what was paid (the payments
 * actually made, which must agree with the tranches marked paid), cancelled and withheld, and
 * the recovery computed from the payments. Throws when a tranche is still open or the parts do
 * not add up to the award: such a project must not close.
 */
export function ledgerSettlement(input: {
  award: string;
  tranches: ReadonlyArray<LedgerTranche>;
  payments: ReadonlyArray<string>;
  spent: string;
}): LedgerSettlement {
  const totals = ledgerTotals(input.tranches);
  const open = input.tranches.filter((t) => !SETTLED.includes(t.status)).map((t) => `${t.seq}:${t.status}`);
  if (open.length > 0) throw new RangeError(`拨付未结清，不能结算：${open.join(', ')}`);
  const paid = sumMoney(input.payments);
  if (!paid.equals(parseMoney(totals.paid)))
    throw new RangeError(`payments ${formatMoney(paid)} disagree with the tranches paid ${totals.paid}`);
  const award = parseMoney(input.award);
  if (!parseMoney(totals.award).equals(award))
    throw new RangeError(`tranches add up to ${totals.award}, not the award ${formatMoney(award)}`);
  return { ...totals, recovery: recoveryAmount(totals.paid, input.spent) };
}
