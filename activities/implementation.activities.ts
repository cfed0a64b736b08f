import { formatMoney, reportPlan, sumMoney, trancheSchedule } from '../workflows/rules';
import { nameOnRecord } from '../workflows/rules/name-on-record';
import { createCloseoutActivities } from './closeout.activities';
import { storeDocument } from './document-store';
import { setStageTx, settlement, timing } from './implementation-support';
import { createReportingActivities } from './reporting.activities';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds } from './support';
import { createTrancheActivities } from './tranches.activities';
import type { Prisma, PrismaClient } from '../prisma/client';
import type { ImplementationStart } from '../workflows/contracts';
import type { ImplementationState, ReportState, TrancheState } from '../workflows/messages';
import type { BudgetLineType, ProjectStage, TrancheStep } from '../workflows/rules';

/** 项目实施: the start of the term, stage changes and termination; tranches, reports and closeout from their own files. */
export function createImplementationActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    ...createReportingActivities({ prisma }),
    ...createTrancheActivities({ prisma }),
    ...createCloseoutActivities({ prisma }),

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
  };
}

export type ImplementationActivities = ReturnType<typeof createImplementationActivities>;
export type { ImplementationState };
