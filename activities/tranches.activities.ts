import { ApplicationFailure } from '@temporalio/activity';
import { formatMoney, parseMoney, sumMoney, TRANCHE_STAGES } from '../workflows/rules';
import { nameOnRecord } from '../workflows/rules/name-on-record';
import { storeDocument } from './document-store';
import { paidAmounts } from './implementation-support';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds } from './support';
import { treasuryTransfer } from './treasury';
import type { PrismaClient } from '../prisma/client';
import type { Actor } from '../workflows/messages';

/** 资金拨付: a due tranche requested, paid exactly once through the treasury, cancelled or made due. */
export function createTrancheActivities({ prisma }: { prisma: PrismaClient }) {
  return {
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
  };
}
