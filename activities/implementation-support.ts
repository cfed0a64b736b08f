import { formatMoney, sumMoney } from '../workflows/rules';
import { ledgerSettlement } from '../workflows/rules/tranche-ledger';
import type { ProjectStage } from '../workflows/rules';
import type { Tx } from './support';

// What the implementation's activity files share: the term's durations, the money reported and
// paid, and the stage write.

const DAY = 24 * 3600 * 1000;

/** Durations of the term; PSP_* variables compress them for test sandboxes. */
export function timing(termMonths: number) {
  const env = (name: string, fallback: number) => {
    const v = Number(process.env[name] ?? '');
    return Number.isFinite(v) && v > 0 ? v : fallback;
  };
  return {
    termMs: env('PSP_TERM_MS', Math.round(termMonths * 30.4375 * DAY)),
    reminderLeadMs: env('PSP_REMINDER_LEAD_MS', 7 * DAY),
    rectificationMs: env('PSP_RECTIFICATION_MS', 30 * DAY),
    maxExtensionMs: env('PSP_MAX_EXTENSION_MS', 180 * DAY),
    changeThresholdPercent: 10,
    // Test sandboxes make the workflow continue as new early; never below a run's own few dozen events.
    historyLimit: process.env.PSP_HISTORY_LIMIT ? Math.max(60, env('PSP_HISTORY_LIMIT', 0)) : 0,
  };
}

/** Total reported spending: the latest submitted report's cumulative figures. */
export async function reportedSpending(tx: Tx, applicationId: string): Promise<string> {
  const latest = await tx.report.findFirst({
    where: { applicationId, status: { in: ['SUBMITTED', 'ACCEPTED'] } },
    orderBy: { seq: 'desc' },
  });
  const lines = (latest?.spending as { spent: string }[] | null) ?? [];
  return formatMoney(sumMoney(lines.map((l) => l.spent)));
}

export async function paidAmounts(tx: Tx, applicationId: string): Promise<string[]> {
  return (await tx.payment.findMany({ where: { applicationId } })).map((p) => p.amount.toFixed(2));
}

/** The project's final account from the database: tranches, the payments actually made, and the recovery. */
export async function settlement(tx: Tx, applicationId: string, award: string) {
  const tranches = (await tx.tranche.findMany({ where: { applicationId }, orderBy: { seq: 'asc' } })).map((t) => ({
    seq: t.seq,
    stage: t.stage,
    amount: t.amount.toFixed(2),
    status: t.status,
  }));
  const spent = await reportedSpending(tx, applicationId);
  return { spent, ...ledgerSettlement({ award, tranches, payments: await paidAmounts(tx, applicationId), spent }) };
}

/** The project's stage, with the version every stage change bumps; `extra` for the columns that change with it. */
export function setStageTx(tx: Tx, applicationId: string, to: ProjectStage, extra: object = {}) {
  return tx.application.update({ where: { id: applicationId }, data: { stage: to, version: { increment: 1 }, ...extra } });
}
