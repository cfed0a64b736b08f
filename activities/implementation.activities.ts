import { ApplicationFailure } from '@temporalio/activity';
import {
  closeoutOutcome,
  EVALUATION_KIND_LABELS,
  formatMoney,
  GRADE_LABELS,
  isEvaluationKind,
  parseMoney,
  reportPlan,
  sumMoney,
  trancheSchedule,
  TRANCHE_STAGES,
} from '../workflows/rules';
import { nameOnRecord } from '../workflows/rules/name-on-record';
import { ledgerSettlement } from '../workflows/rules/tranche-ledger';
import { storeDocument } from './document-store';
import { createReportingActivities } from './reporting.activities';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds, Tx } from './support';
import { treasuryTransfer } from './treasury';
import type { Prisma, PrismaClient } from '../prisma/client';
import type { ImplementationStart } from '../workflows/contracts';
import type { Actor, ImplementationState, ReportState, TrancheState } from '../workflows/messages';
import type { BudgetLineType, Grade, ProjectStage, TrancheStep } from '../workflows/rules';

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

async function paidAmounts(tx: Tx, applicationId: string): Promise<string[]> {
  return (await tx.payment.findMany({ where: { applicationId } })).map((p) => p.amount.toFixed(2));
}

/** The project's final account from the database: tranches, the payments actually made, and the recovery. */
async function settlement(tx: Tx, applicationId: string, award: string) {
  const tranches = (await tx.tranche.findMany({ where: { applicationId }, orderBy: { seq: 'asc' } })).map((t) => ({
    seq: t.seq,
    stage: t.stage,
    amount: t.amount.toFixed(2),
    status: t.status,
  }));
  const spent = await reportedSpending(tx, applicationId);
  return { spent, ...ledgerSettlement({ award, tranches, payments: await paidAmounts(tx, applicationId), spent }) };
}

export function createImplementationActivities({ prisma }: { prisma: PrismaClient }) {
  const setStageTx = (tx: Tx, applicationId: string, to: ProjectStage, extra: object = {}) =>
    tx.application.update({ where: { id: applicationId }, data: { stage: to, version: { increment: 1 }, ...extra } });

  return {
    ...createReportingActivities({ prisma }),

    /** From the signed agreement: the tranche schedule (first tranche due) and the reporting plan. */
    startImplementation: async ({ applicationId }: { applicationId: string }): Promise<ImplementationStart> =>
      (await once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, include: { round: true } });
        const t = timing(app.round.projectTermMonths);
        const now = new Date();
        const endsAt = new Date(now.getTime() + t.termMs);
        const schedule = trancheSchedule(app.award!.toFixed(2), app.round.tranchePlan as unknown as TrancheStep[]);
        await tx.tranche.createMany({
          data: schedule.map((s) => ({
            applicationId,
            seq: s.seq,
            stage: s.stage,
            percent: s.percent,
            amount: s.amount,
            status: s.stage === 'AGREEMENT_SIGNED' ? 'DUE' : 'PENDING',
            dueAt: s.stage === 'AGREEMENT_SIGNED' ? now : null,
          })),
          skipDuplicates: true,
        });
        const plan = reportPlan({ startsAt: now.toISOString(), termMs: t.termMs, periodicReports: app.round.periodicReports });
        await tx.report.createMany({
          data: plan.map((r) => ({ applicationId, seq: r.seq, kind: r.kind, dueAt: new Date(r.dueAt) })),
          skipDuplicates: true,
        });
        await setStageTx(tx, applicationId, 'IMPLEMENTATION', { termStartsAt: now, termEndsAt: endsAt });
        await notify(
          tx,
          await staffIds(tx, 'FINANCE', app.round.regionCode),
          {
            kind: 'tranche.due',
            applicationId,
            title: `待拨付：${app.title} 第1期`,
            body: `协议已签订，第1期资金 ${schedule[0].amount} 元可申请拨付。`,
          },
          key,
        );
        const tranches: TrancheState[] = schedule.map((s) => ({
          seq: s.seq,
          stage: s.stage,
          amount: s.amount,
          status: s.stage === 'AGREEMENT_SIGNED' ? 'DUE' : 'PENDING',
        }));
        const reports: ReportState[] = plan.map((r) => ({ seq: r.seq, kind: r.kind, dueAt: r.dueAt, status: 'PENDING', overdue: false }));
        const result = {
          stage: 'IMPLEMENTATION' as const,
          tranches,
          reports,
          termEndsAt: endsAt.toISOString(),
          evaluatorId: app.evaluatorId,
          budgetLines: app.budgetLines as { type: BudgetLineType; description: string; amount: string }[],
          timing: {
            reminderLeadMs: t.reminderLeadMs,
            rectificationMs: t.rectificationMs,
            maxExtensionMs: t.maxExtensionMs,
            changeThresholdPercent: t.changeThresholdPercent,
            historyLimit: t.historyLimit,
          },
        };
        return {
          result: result as unknown as Prisma.InputJsonValue,
          audit: {
            entityType: 'Application',
            entityId: applicationId,
            action: 'project.implementationStarted',
            fromState: 'AGREEMENT_SIGNED',
            toState: 'IMPLEMENTATION',
            actorRole: 'SYSTEM',
            data: { termEndsAt: endsAt.toISOString(), tranches: schedule.length, reports: plan.length },
          },
        };
      })) as unknown as ImplementationStart,

    markTrancheRequested: (i: { applicationId: string; seq: number; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const r = await tx.tranche.updateMany({
          where: { applicationId: i.applicationId, seq: i.seq, status: 'DUE' },
          data: { status: 'REQUESTED', requestedById: i.actor.userId, requestedAt: new Date() },
        });
        if (r.count !== 1) throw ApplicationFailure.nonRetryable(`tranche ${i.seq} is not due`, 'TrancheNotDue');
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, include: { round: true } });
        const approvers = [
          ...(await staffIds(tx, 'FINANCE', app.round.regionCode)),
          ...(await staffIds(tx, 'PROGRAM_MANAGER', app.round.regionCode)),
        ].filter((u) => u !== i.actor.userId);
        await notify(
          tx,
          approvers,
          {
            kind: 'tranche.requested',
            applicationId: i.applicationId,
            title: `待审批拨付：${app.title} 第${i.seq}期`,
            body: `${i.actor.displayName} 申请拨付，请另一名财务人员或项目管理员审批。`,
          },
          key,
        );
        return {
          result: { status: 'REQUESTED' },
          audit: {
            entityType: 'Tranche',
            entityId: `${i.applicationId}/${i.seq}`,
            action: 'tranche.requested',
            fromState: 'DUE',
            toState: 'REQUESTED',
            actorId: i.actor.userId,
            actorRole: i.actor.role,
          },
        };
      }),

    /**
     * Pays a tranche exactly once: the treasury transfer is keyed by (project, tranche), the
     * Payment row is unique on the same pair, and the database refuses a paid total above the award.
     */
    async payTranche(i: { applicationId: string; seq: number; requestedById: string; approver: Actor }): Promise<{ reference: string }> {
      const tranche = await prisma.tranche.findUniqueOrThrow({
        where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
        include: { application: { include: { organization: true, round: true } } },
      });
      const existing = await prisma.payment.findUnique({
        where: { applicationId_trancheSeq: { applicationId: i.applicationId, trancheSeq: i.seq } },
      });
      if (existing) return { reference: existing.reference };
      const { reference } = await treasuryTransfer(prisma, {
        key: `${i.applicationId}/${i.seq}`,
        amount: tranche.amount.toFixed(2),
        payee: tranche.application.organization.creditCode,
      });
      return once(prisma, async (tx, key) => {
        const now = new Date();
        await tx.payment.create({
          data: {
            applicationId: i.applicationId,
            trancheSeq: i.seq,
            amount: tranche.amount,
            reference,
            requestedById: i.requestedById,
            approvedById: i.approver.userId,
            paidAt: now,
          },
        });
        await tx.tranche.update({
          where: { id: tranche.id },
          data: { status: 'PAID', approvedById: i.approver.userId, approvedAt: now, paidAt: now, paymentRef: reference },
        });
        const app = tranche.application;
        const paid = formatMoney(sumMoney(await paidAmounts(tx, i.applicationId)));
        const [requester, approver] = await Promise.all([
          tx.user.findUnique({ where: { id: i.requestedById } }),
          tx.user.findUnique({ where: { id: i.approver.userId } }),
        ]);
        const issuedOn = chinaDate(now);
        await storeDocument(
          tx,
          key,
          'DISBURSEMENT_NOTICE',
          {
            documentNo: documentNo('拨', issuedOn, `${i.applicationId}${i.seq}`),
            issuedOn,
            bureau: { name: app.round.issuingBureau },
            organization: { name: nameOnRecord(app, app.organization.name), creditCode: app.organization.creditCode },
            project: { title: app.title },
            tranche: {
              seq: i.seq,
              label: TRANCHE_STAGES[tranche.stage as keyof typeof TRANCHE_STAGES]?.zh ?? tranche.stage,
              percent: tranche.percent,
              amount: tranche.amount.toFixed(2),
            },
            payment: { reference, paidOn: issuedOn },
            totals: {
              award: app.award!.toFixed(2),
              paidToDate: paid,
              remaining: formatMoney(parseMoney(app.award!.toFixed(2)).minus(parseMoney(paid))),
            },
            approvals: {
              requestedBy: requester?.displayName ?? i.requestedById,
              approvedBy: approver?.displayName ?? i.approver.displayName,
            },
          },
          { applicationId: i.applicationId },
        );
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'tranche.paid',
            applicationId: i.applicationId,
            title: `资金已拨付：第${i.seq}期 ${tranche.amount.toFixed(2)} 元`,
            body: `支付凭证号 ${reference}`,
          },
          key,
        );
        return {
          result: { reference },
          audit: {
            entityType: 'Tranche',
            entityId: `${i.applicationId}/${i.seq}`,
            action: 'tranche.paid',
            fromState: 'REQUESTED',
            toState: 'PAID',
            actorId: i.approver.userId,
            actorRole: i.approver.role,
            data: { reference, amount: tranche.amount.toFixed(2) },
          },
        };
      });
    },

    /** 取消拨付: a due or requested tranche the manager decided, with a reason, not to pay. */
    cancelTranche: (i: { applicationId: string; seq: number; reason: string; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const t = await tx.tranche.findUniqueOrThrow({
          where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
          include: { application: { include: { round: true } } },
        });
        const r = await tx.tranche.updateMany({ where: { id: t.id, status: { in: ['DUE', 'REQUESTED'] } }, data: { status: 'CANCELLED' } });
        if (r.count !== 1) throw ApplicationFailure.nonRetryable(`tranche ${i.seq} is ${t.status}`, 'TrancheNotOpen');
        const app = t.application;
        const body = `第${i.seq}期 ${t.amount.toFixed(2)} 元不再拨付。理由：${i.reason}`;
        await notify(
          tx,
          [...(await staffIds(tx, 'FINANCE', app.round.regionCode)), ...(await organizationMemberIds(tx, app.organizationId))].filter(
            (u) => u !== i.actor.userId,
          ),
          { kind: 'tranche.cancelled', applicationId: i.applicationId, title: `拨付已取消：${app.title} 第${i.seq}期`, body },
          key,
        );
        return {
          result: { status: 'CANCELLED' },
          audit: {
            entityType: 'Tranche',
            entityId: `${i.applicationId}/${i.seq}`,
            action: 'tranche.cancelled',
            fromState: t.status,
            toState: 'CANCELLED',
            actorId: i.actor.userId,
            actorRole: i.actor.role,
            reason: i.reason,
            data: { amount: t.amount.toFixed(2) },
          },
        };
      }),

    makeTrancheDue: (i: { applicationId: string; stage: string }) =>
      once(prisma, async (tx, key) => {
        await tx.tranche.updateMany({
          where: { applicationId: i.applicationId, stage: i.stage, status: 'PENDING' },
          data: { status: 'DUE', dueAt: new Date() },
        });
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, include: { round: true } });
        await notify(
          tx,
          await staffIds(tx, 'FINANCE', app.round.regionCode),
          { kind: 'tranche.due', applicationId: i.applicationId, title: `待拨付：${app.title}`, body: `拨付条件（${i.stage}）已满足。` },
          key,
        );
        return {
          result: { due: i.stage },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'tranche.due',
            actorRole: 'SYSTEM',
            data: { stage: i.stage },
          },
        };
      }),

    setStage: (i: { applicationId: string; from: ProjectStage; to: ProjectStage; reason: string; rectificationDeadline?: string }) =>
      once(prisma, async (tx, key) => {
        await setStageTx(tx, i.applicationId, i.to);
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          { kind: `project.${i.to.toLowerCase()}`, applicationId: i.applicationId, title: `项目阶段变更：${app.title}`, body: i.reason },
          key,
        );
        return {
          result: { stage: i.to },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: `project.${i.to.toLowerCase()}`,
            fromState: i.from,
            toState: i.to,
            actorRole: 'SYSTEM',
            reason: i.reason,
            data: { rectificationDeadline: i.rectificationDeadline ?? null },
          },
        };
      }),

    /** 整改期满: the evaluator and the reviewers are told the re-evaluation is due. */
    rectificationDue: (i: { applicationId: string; deadline: string }) =>
      once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, include: { round: true } });
        const staff = [...(app.evaluatorId ? [app.evaluatorId] : []), ...(await staffIds(tx, 'REVIEWER', app.round.regionCode))];
        await notify(
          tx,
          staff,
          {
            kind: 'rectification.due',
            applicationId: i.applicationId,
            title: `整改期满，待复评：${app.title}`,
            body: `整改期限 ${i.deadline} 已到，请组织复评。`,
          },
          key,
        );
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'rectification.due',
            applicationId: i.applicationId,
            title: `整改期满：${app.title}`,
            body: '整改期限已到，评估人员将进行复评。',
          },
          `${key}/org`,
        );
        return {
          result: { notified: staff.length },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'rectification.due',
            actorRole: 'SYSTEM',
            data: { deadline: i.deadline },
          },
        };
      }),

    /** 终止: unpaid tranches cancelled, the recovery computed and requested, a notice issued. */
    terminate: (i: { applicationId: string; reason: string; actorId: string | null; actorRole: string; from: ProjectStage }) =>
      once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({
          where: { id: i.applicationId },
          include: { organization: true, round: true },
        });
        // Every tranche not yet paid is cancelled; one already withheld stays withheld.
        await tx.tranche.updateMany({
          where: { applicationId: i.applicationId, status: { in: ['PENDING', 'DUE', 'REQUESTED'] } },
          data: { status: 'CANCELLED' },
        });
        const s = await settlement(tx, i.applicationId, app.award!.toFixed(2));
        await tx.recovery.upsert({
          where: { applicationId: i.applicationId },
          create: { applicationId: i.applicationId, amount: s.recovery, reason: `项目终止：${i.reason}` },
          update: {},
        });
        await tx.creditRecord.upsert({
          where: { applicationId: i.applicationId },
          create: { applicationId: i.applicationId, organizationId: app.organizationId, kind: 'TERMINATED', note: i.reason },
          update: {},
        });
        await setStageTx(tx, i.applicationId, 'TERMINATED');
        const issuedOn = chinaDate(new Date());
        await storeDocument(
          tx,
          key,
          'TERMINATION_NOTICE',
          {
            documentNo: documentNo('终', issuedOn, i.applicationId),
            issuedOn,
            bureau: { name: app.round.issuingBureau },
            organization: { name: nameOnRecord(app, app.organization.name), creditCode: app.organization.creditCode },
            project: { title: app.title },
            reason: i.reason,
            terminatedOn: issuedOn,
            returnWithinDays: 30,
            settlement: {
              award: s.award,
              paid: s.paid,
              cancelledUnpaid: formatMoney(sumMoney([s.cancelled, s.withheld])),
              spent: s.spent,
              recovery: s.recovery,
            },
          },
          { applicationId: i.applicationId },
        );
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'project.terminated',
            applicationId: i.applicationId,
            title: `项目已终止：${app.title}`,
            body: `${i.reason}。应退回资金 ${s.recovery} 元。`,
          },
          key,
        );
        return {
          result: { recovery: s.recovery },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'project.terminated',
            fromState: i.from,
            toState: 'TERMINATED',
            actorId: i.actorId,
            actorRole: i.actorRole,
            reason: i.reason,
            data: { ...s },
          },
        };
      }),

    /** After the three final evaluations: release or withhold the final tranche. */
    beginCloseout: ({ applicationId }: { applicationId: string }) =>
      once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, include: { round: true } });
        const final = await tx.evaluation.findFirstOrThrow({
          where: { applicationId, kind: 'FINAL_THIRD_PARTY' },
          orderBy: { attempt: 'desc' },
        });
        const outcome = closeoutOutcome({
          finalGrade: final.grade as Grade,
          dishonestMonths: app.round.dishonestMonths,
          closedOn: chinaDate(new Date()),
        });
        await tx.tranche.updateMany({
          where: { applicationId, stage: 'CLOSEOUT', status: 'PENDING' },
          data: outcome.releaseFinalTranche ? { status: 'DUE', dueAt: new Date() } : { status: 'WITHHELD' },
        });
        if (outcome.releaseFinalTranche) {
          await setStageTx(tx, applicationId, 'CLOSING');
          await notify(
            tx,
            await staffIds(tx, 'FINANCE', app.round.regionCode),
            { kind: 'tranche.due', applicationId, title: `待拨付尾款：${app.title}`, body: '结项评估已完成，尾款可申请拨付。' },
            key,
          );
        }
        return {
          result: { releaseFinalTranche: outcome.releaseFinalTranche },
          audit: {
            entityType: 'Application',
            entityId: applicationId,
            action: outcome.releaseFinalTranche ? 'closeout.finalTrancheDue' : 'closeout.finalTrancheWithheld',
            fromState: 'FINAL_EVALUATION',
            toState: outcome.releaseFinalTranche ? 'CLOSING' : 'FINAL_EVALUATION',
            actorRole: 'SYSTEM',
            data: { grade: final.grade },
          },
        };
      }),

    /** 结项: recovery of unspent money, the certificate, and the credit record. */
    closeout: ({ applicationId, from }: { applicationId: string; from: ProjectStage }) =>
      once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: applicationId }, include: { organization: true, round: true } });
        const evaluations = await tx.evaluation.findMany({ where: { applicationId }, orderBy: { filedAt: 'asc' } });
        const final = evaluations.filter((e) => e.kind === 'FINAL_THIRD_PARTY').at(-1)!;
        const closedOn = chinaDate(new Date());
        const outcome = closeoutOutcome({ finalGrade: final.grade as Grade, dishonestMonths: app.round.dishonestMonths, closedOn });
        // Closing needs every tranche paid, cancelled or withheld; the recovery is from the payments made.
        const s = await settlement(tx, applicationId, app.award!.toFixed(2));
        const { paid, spent, recovery } = s;
        const unpaid = parseMoney(s.cancelled).plus(parseMoney(s.withheld));
        await tx.recovery.upsert({
          where: { applicationId },
          create: {
            applicationId,
            amount: recovery,
            reason: unpaid.isZero()
              ? '结项结余资金退回'
              : `结项结余资金退回（已拨付 ${paid} 元，取消拨付 ${s.cancelled} 元，暂停拨付 ${s.withheld} 元）`,
          },
          update: {},
        });
        const gradeLabel = GRADE_LABELS[final.grade as Grade].zh;
        await tx.creditRecord.upsert({
          where: { applicationId },
          create: {
            applicationId,
            organizationId: app.organizationId,
            kind: outcome.credit.kind,
            grade: final.grade,
            note: `结项评估：${gradeLabel}`,
          },
          update: {},
        });
        if (outcome.credit.dishonestUntil) {
          await tx.organization.update({
            where: { id: app.organizationId },
            data: {
              creditStatus: 'DISHONEST',
              dishonestUntil: new Date(`${outcome.credit.dishonestUntil}T00:00:00Z`),
              version: { increment: 1 },
            },
          });
          await tx.auditEntry.create({
            data: {
              entityType: 'Organization',
              entityId: app.organizationId,
              action: 'organization.creditStatusChanged',
              fromState: app.organization.creditStatus,
              toState: 'DISHONEST',
              actorRole: 'SYSTEM',
              reason: `项目“${app.title}”结项评估不合格`,
              data: { dishonestUntil: outcome.credit.dishonestUntil },
            },
          });
        }
        await setStageTx(tx, applicationId, 'CLOSED');
        await storeDocument(
          tx,
          key,
          'CLOSEOUT_CERTIFICATE',
          {
            documentNo: documentNo('结', closedOn, applicationId),
            issuedOn: closedOn,
            bureau: { name: app.round.issuingBureau },
            organization: { name: nameOnRecord(app, app.organization.name), creditCode: app.organization.creditCode },
            project: { title: app.title, term: { startsOn: chinaDate(app.termStartsAt!), endsOn: chinaDate(app.termEndsAt!) } },
            award: app.award!.toFixed(2),
            paidTotal: paid,
            spentTotal: spent,
            recovery,
            finalGrade: gradeLabel,
            evaluations: evaluations.map((e) => ({
              label: isEvaluationKind(e.kind) ? EVALUATION_KIND_LABELS[e.kind].zh : e.kind,
              grade: GRADE_LABELS[e.grade as Grade].zh,
            })),
            creditNote: `记入诚信记录：${gradeLabel}`,
          },
          { applicationId },
        );
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'project.closed',
            applicationId,
            title: `项目已结项：${app.title}`,
            body: `结项评估 ${gradeLabel}；结余资金 ${recovery} 元须退回。`,
          },
          key,
        );
        return {
          result: { recovery, credit: outcome.credit.kind },
          audit: {
            entityType: 'Application',
            entityId: applicationId,
            action: 'project.closed',
            fromState: from,
            toState: 'CLOSED',
            actorRole: 'SYSTEM',
            data: { ...s, grade: final.grade },
          },
        };
      }),
  };
}

export type ImplementationActivities = ReturnType<typeof createImplementationActivities>;
export type { ImplementationState };
