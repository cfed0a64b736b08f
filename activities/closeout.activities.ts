import { closeoutOutcome, EVALUATION_KIND_LABELS, GRADE_LABELS, isEvaluationKind, parseMoney } from '../workflows/rules';
import { nameOnRecord } from '../workflows/rules/name-on-record';
import { storeDocument } from './document-store';
import { setStageTx, settlement } from './implementation-support';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Grade, ProjectStage } from '../workflows/rules';

/** 结项: the final tranche released or withheld after the final evaluations, then the closing account and certificate. */
export function createCloseoutActivities({ prisma }: { prisma: PrismaClient }) {
  return {
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
