import { invalidTransition } from '../workflows/contracts';
import {
  AWAITED_REPORT_STATUSES,
  BUDGET_LINE_TYPES,
  EVALUATION_KIND_LABELS,
  EVALUATION_RUBRICS,
  formatMoney,
  GRADE_LABELS,
  REPORT_KINDS,
  sumMoney,
} from '../workflows/rules';
import { applicationContext } from './application-context';
import { storeDocument } from './document-store';
import { agreementData } from './project-documents';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Actor, ChangeInput, EvaluationKind, ReportInput } from '../workflows/messages';
import type { BudgetLineType, Grade } from '../workflows/rules';

const ATTACHMENT_KIND_LABELS: Record<string, string> = { REPORT_EVIDENCE: '报告佐证材料', FINANCIAL_VOUCHER: '支出凭证' };

/** Reports, change requests and evaluations of a project in implementation. */
export function createReportingActivities({ prisma }: { prisma: PrismaClient }) {
  const by = (a: Actor) => ({ actorId: a.userId, actorRole: a.role });

  return {
    saveReport: (i: { applicationId: string; seq: number; report: ReportInput; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const r = await tx.report.update({
          where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
          data: {
            status: 'SUBMITTED',
            submittedAt: new Date(),
            indicators: i.report.indicators,
            spending: i.report.spending,
            narrative: i.report.narrative,
            attachmentIds: i.report.attachmentIds ?? [],
          },
        });
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, include: { round: true } });
        await notify(
          tx,
          await staffIds(tx, 'REVIEWER', app.round.regionCode),
          {
            kind: 'report.submitted',
            applicationId: i.applicationId,
            title: `待审核报告：${app.title}`,
            body: `${REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS].zh}（第${i.seq}份）已提交。`,
          },
          key,
        );
        return {
          result: { status: 'SUBMITTED' },
          audit: {
            entityType: 'Report',
            entityId: `${i.applicationId}/${i.seq}`,
            action: 'report.submitted',
            toState: 'SUBMITTED',
            ...by(i.actor),
          },
        };
      }),

    reviewReport: (i: {
      applicationId: string;
      seq: number;
      decision: 'ACCEPT' | 'RETURN';
      note: string;
      revisionDeadline?: string;
      actor: Actor;
    }) =>
      once(prisma, async (tx, key) => {
        const now = new Date();
        const accept = i.decision === 'ACCEPT';
        const r = await tx.report.update({
          where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
          data: accept
            ? { status: 'ACCEPTED', acceptedAt: now, reviewNote: i.note || null }
            : { status: 'RETURNED', reviewNote: i.note, revisionDeadline: new Date(i.revisionDeadline!) },
        });
        const ctx = await applicationContext(tx, i.applicationId);
        if (accept) {
          const stillOverdue = await tx.report.count({
            where: { applicationId: i.applicationId, status: { in: [...AWAITED_REPORT_STATUSES] }, escalatedAt: { not: null } },
          });
          if (stillOverdue === 0) await tx.application.update({ where: { id: i.applicationId }, data: { flagged: false } });
          const issuedOn = chinaDate(now);
          const spending = (r.spending as { type: string; budgeted: string; spent: string }[]) ?? [];
          await storeDocument(
            tx,
            key,
            'REPORT_RECEIPT',
            {
              documentNo: documentNo('报', issuedOn, `${i.applicationId}${i.seq}`),
              issuedOn,
              bureau: { name: ctx.round.issuingBureau },
              organization: { name: ctx.organization.name, creditCode: ctx.organization.creditCode },
              project: { title: ctx.application.title },
              report: {
                kindLabel: REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS].zh,
                seq: i.seq,
                submittedAt: r.submittedAt!.toISOString(),
                dueAt: r.dueAt.toISOString(),
                acceptedAt: now.toISOString(),
                reviewer: i.actor.displayName,
              },
              indicators: (r.indicators as { name: string; unit: string; planned: number; achieved: number }[]) ?? [],
              spending: spending.map((s) => ({
                typeLabel: BUDGET_LINE_TYPES[s.type as BudgetLineType]?.zh ?? s.type,
                budgeted: s.budgeted,
                spent: s.spent,
              })),
              spendingTotal: formatMoney(sumMoney(spending.map((s) => s.spent))),
              attachments: (await tx.attachment.findMany({ where: { id: { in: r.attachmentIds } }, orderBy: { createdAt: 'asc' } })).map(
                (a) => ({ kindLabel: ATTACHMENT_KIND_LABELS[a.kind] ?? a.kind, filename: a.filename, sha256: a.sha256 }),
              ),
            },
            { applicationId: i.applicationId },
          );
        }
        await notify(
          tx,
          await organizationMemberIds(tx, ctx.organization.id),
          {
            kind: accept ? 'report.accepted' : 'report.returned',
            applicationId: i.applicationId,
            title: accept ? `报告已通过审核（第${i.seq}份）` : `报告被退回修改（第${i.seq}份）`,
            body: accept ? i.note || '报告已受理。' : `${i.note}。请于 ${i.revisionDeadline} 前修改后重新提交。`,
          },
          key,
        );
        return {
          result: { status: r.status },
          audit: {
            entityType: 'Report',
            entityId: `${i.applicationId}/${i.seq}`,
            action: accept ? 'report.accepted' : 'report.returned',
            fromState: 'SUBMITTED',
            toState: r.status,
            ...by(i.actor),
            reason: i.note || null,
          },
        };
      }),

    remindReport: (i: { applicationId: string; seq: number }) =>
      once(prisma, async (tx, key) => {
        const r = await tx.report.update({
          where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
          data: { remindedAt: new Date() },
        });
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'report.reminder',
            applicationId: i.applicationId,
            title: `报告即将到期：${app.title}`,
            body: `${REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS].zh}（第${i.seq}份）应于 ${r.dueAt.toISOString()} 前提交。`,
          },
          key,
        );
        return {
          result: { reminded: true },
          audit: { entityType: 'Report', entityId: `${i.applicationId}/${i.seq}`, action: 'report.reminded', actorRole: 'SYSTEM' },
        };
      }),

    /** 逾期督办: the project is flagged and the reviewers are told. */
    escalateReport: (i: { applicationId: string; seq: number }) =>
      once(prisma, async (tx, key) => {
        const r = await tx.report.update({
          where: { applicationId_seq: { applicationId: i.applicationId, seq: i.seq } },
          data: { escalatedAt: new Date() },
        });
        const app = await tx.application.update({ where: { id: i.applicationId }, data: { flagged: true }, include: { round: true } });
        const label = REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS].zh;
        await notify(
          tx,
          await staffIds(tx, 'REVIEWER', app.round.regionCode),
          {
            kind: 'report.overdue',
            applicationId: i.applicationId,
            title: `报告逾期未交：${app.title}`,
            body: `${label}（第${i.seq}份）已逾期，项目已标记督办。`,
          },
          key,
        );
        await notify(
          tx,
          await organizationMemberIds(tx, app.organizationId),
          {
            kind: 'report.overdue',
            applicationId: i.applicationId,
            title: `报告已逾期：${app.title}`,
            body: `${label}（第${i.seq}份）已逾期，请尽快提交。`,
          },
          `${key}/org`,
        );
        return {
          result: { flagged: true },
          audit: {
            entityType: 'Report',
            entityId: `${i.applicationId}/${i.seq}`,
            action: 'report.escalated',
            actorRole: 'SYSTEM',
            reason: '报告逾期未提交',
          },
        };
      }),

    recordChange: (i: { applicationId: string; change: ChangeInput; needsApproval: boolean; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const c = await tx.changeRequest.create({
          data: {
            applicationId: i.applicationId,
            kind: i.change.kind,
            payload: { ...i.change },
            needsApproval: i.needsApproval,
            status: i.needsApproval ? 'PENDING' : 'APPROVED',
            requestedById: i.actor.userId,
            reason: i.change.reason,
          },
        });
        if (!i.needsApproval) await applyChange(tx, i.applicationId, i.change, key);
        else {
          const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, include: { round: true } });
          await notify(
            tx,
            await staffIds(tx, 'REVIEWER', app.round.regionCode),
            { kind: 'change.requested', applicationId: i.applicationId, title: `待审批项目变更：${app.title}`, body: i.change.reason },
            key,
          );
        }
        return {
          result: { changeId: c.id, status: c.status },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'change.requested',
            ...by(i.actor),
            reason: i.change.reason,
            data: { changeId: c.id, kind: i.change.kind, needsApproval: i.needsApproval },
          },
        };
      }),

    decideChange: (i: { applicationId: string; changeId: string; approve: boolean; reason: string; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const c = await tx.changeRequest.findFirst({ where: { id: i.changeId, applicationId: i.applicationId, status: 'PENDING' } });
        // The second of two reviewers deciding at once is told it has been decided (409), never given a false success.
        if (!c) throw invalidTransition('该变更申请已处理或不存在 / the change request has already been decided', 'IMPLEMENTATION');
        const status = i.approve ? 'APPROVED' : 'REJECTED';
        await tx.changeRequest.update({ where: { id: c.id }, data: { status, decidedById: i.actor.userId, decidedAt: new Date() } });
        if (i.approve) await applyChange(tx, i.applicationId, c.payload as unknown as ChangeInput, key);
        return {
          result: { status, change: i.approve ? (c.payload as object) : null } as never,
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: i.approve ? 'change.approved' : 'change.rejected',
            ...by(i.actor),
            reason: i.reason,
            data: { changeId: c.id },
          },
        };
      }) as Promise<{ status: string; change: ChangeInput | null }>,

    assignEvaluator: (i: { applicationId: string; evaluatorId: string; actor: Actor }) =>
      once<{ assigned: boolean }>(prisma, async (tx, key) => {
        const evaluator = await tx.user.findFirst({ where: { id: i.evaluatorId, role: 'EVALUATOR', active: true } });
        if (!evaluator)
          return {
            result: { assigned: false },
            audit: { entityType: 'Application', entityId: i.applicationId, action: 'evaluator.notFound', ...by(i.actor) },
          };
        await tx.application.update({ where: { id: i.applicationId }, data: { evaluatorId: i.evaluatorId } });
        await notify(
          tx,
          [i.evaluatorId],
          { kind: 'evaluation.assigned', applicationId: i.applicationId, title: '您有新的评估任务', body: '请按协议约定的指标开展评估。' },
          key,
        );
        return {
          result: { assigned: true },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'evaluator.assigned',
            ...by(i.actor),
            data: { evaluatorId: i.evaluatorId },
          },
        };
      }),

    saveEvaluation: (i: {
      applicationId: string;
      kind: EvaluationKind;
      attempt: number;
      actor: Actor;
      scores: Record<string, number>;
      comments: Record<string, string>;
      summary: string;
      total: string;
      grade: string;
    }) =>
      once(prisma, async (tx, key) => {
        await tx.evaluation.create({
          data: {
            applicationId: i.applicationId,
            kind: i.kind,
            attempt: i.attempt,
            evaluatorId: i.actor.userId,
            scores: i.scores,
            comments: i.comments,
            summary: i.summary,
            total: i.total,
            grade: i.grade,
          },
        });
        const ctx = await applicationContext(tx, i.applicationId);
        const issuedOn = chinaDate(new Date());
        await storeDocument(
          tx,
          key,
          'EVALUATION_REPORT',
          {
            documentNo: documentNo('评', issuedOn, `${i.applicationId}${i.kind}${i.attempt}`),
            issuedOn,
            bureau: { name: ctx.round.issuingBureau },
            organization: { name: ctx.organization.name, creditCode: ctx.organization.creditCode },
            project: { title: ctx.application.title },
            evaluation: {
              kindLabel: `${EVALUATION_KIND_LABELS[i.kind].zh}${i.attempt > 1 ? '（复评）' : ''}`,
              evaluatorName: i.actor.displayName,
              filedAt: new Date().toISOString(),
              total: i.total,
              grade: GRADE_LABELS[i.grade as Grade].zh,
            },
            criteria: EVALUATION_RUBRICS[i.kind].map((c) => ({
              name: c.name,
              weight: c.weight,
              score: String(i.scores[c.key]),
              comment: i.comments[c.key],
            })),
            summary: i.summary,
          },
          { applicationId: i.applicationId },
        );
        return {
          result: { grade: i.grade },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: `evaluation.${i.kind.toLowerCase()}`,
            ...by(i.actor),
            reason: i.summary,
            data: { attempt: i.attempt, total: i.total, grade: i.grade },
          },
        };
      }),
  };
}

async function applyChange(
  tx: Parameters<Parameters<typeof once>[1]>[0],
  applicationId: string,
  change: ChangeInput,
  key: string,
): Promise<void> {
  if (change.kind === 'REALLOCATION') {
    await tx.application.update({
      where: { id: applicationId },
      data: { budgetLines: change.budgetLines.map((l) => ({ ...l })), version: { increment: 1 } },
    });
  } else {
    await tx.application.update({
      where: { id: applicationId },
      data: { termEndsAt: new Date(change.newEndsAt), version: { increment: 1 } },
    });
    await tx.report.updateMany({ where: { applicationId, kind: 'FINAL', status: 'PENDING' }, data: { dueAt: new Date(change.newEndsAt) } });
  }
  // An approved change is a new version of the agreement; later steps read the new one.
  const ctx = await applicationContext(tx, applicationId);
  await storeDocument(tx, `${key}/change`, 'AGREEMENT', await agreementData(tx, ctx, ctx.application.award!.toFixed(2), new Date()), {
    applicationId,
  });
}
