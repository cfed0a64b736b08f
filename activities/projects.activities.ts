import { ApplicationFailure, log } from '@temporalio/activity';
import { Semaphore } from 'async-mutex';
import { stageAfterRoundEvent, type ProjectStage } from '../workflows/rules/stages';
import { applicationContext } from './application-context';
import { ensureDocumentPdf } from './document-pdf';
import { storeDocument } from './document-store';
import { pdfRenderer, type PdfRenderer } from './documents/pdf-renderer';
import { evaluateSubmission } from './eligibility-check';
import { agreementData, receiptData } from './project-documents';
import { chinaDate, documentNo, notify, once, organizationMemberIds, staffIds, Tx } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Actor, EligibilityDecision, RoundEvent } from '../workflows/messages';

type StageResult = { stage: ProjectStage };

async function moveStage(tx: Tx, applicationId: string, to: ProjectStage, extra: object = {}) {
  return tx.application.update({ where: { id: applicationId }, data: { stage: to, version: { increment: 1 }, ...extra } });
}

/** An application's current agreement: its latest version (the client or a transaction). */
function latestAgreement(db: Tx, applicationId: string) {
  return db.document.findFirst({
    where: { applicationId, kind: 'AGREEMENT' },
    orderBy: { version: 'desc' },
    select: { id: true, version: true, sha256: true },
  });
}

/** Agreement PDFs printed ahead of signing, two at a time per worker. */
const printingAhead = new Semaphore(2);

export function createProjectActivities({ prisma, pdf = pdfRenderer }: { prisma: PrismaClient; pdf?: PdfRenderer }) {
  const recordRoundEvent = (i: { applicationId: string; event: RoundEvent; from: ProjectStage }) =>
    once<StageResult>(prisma, async (tx, key) => {
      const e = i.event;
      const to = stageAfterRoundEvent(e);
      const ctx = await applicationContext(tx, i.applicationId);
      await moveStage(tx, i.applicationId, to);
      if (e.type === 'FUNDING_DECIDED') {
        if (e.funded)
          await storeDocument(tx, key, 'AGREEMENT', await agreementData(tx, ctx, e.award, new Date()), {
            applicationId: i.applicationId,
          });
        await notify(
          tx,
          await organizationMemberIds(tx, ctx.organization.id),
          {
            kind: `project.${to.toLowerCase()}`,
            applicationId: i.applicationId,
            title: e.funded ? `已立项，请签署项目协议：${ctx.application.title}` : `未获资助：${ctx.application.title}`,
            body: e.funded ? `资助金额 ${e.award} 元。` : '本轮未获资助。',
          },
          key,
        );
      }
      const data = e.type === 'EXPERT_REVIEW_STARTED' ? { type: e.type, experts: e.expertIds.length } : { ...e };
      return {
        result: { stage: to },
        audit: {
          entityType: 'Application',
          entityId: i.applicationId,
          action: `project.${e.type.toLowerCase()}`,
          fromState: i.from,
          toState: to,
          actorRole: 'SYSTEM',
          data,
        },
      };
    });

  /**
   * The latest agreement's PDF, printed once, a few at a time (a round's approval funds hundreds of
   * projects at once); a failure is logged and left to the first signature, which prints it then.
   */
  const printAgreementAhead = (applicationId: string) =>
    printingAhead.runExclusive(async () => {
      const agreement = await latestAgreement(prisma, applicationId);
      if (!agreement) return;
      try {
        await ensureDocumentPdf(prisma, pdf, agreement.id);
      } catch (e) {
        log.warn('agreement PDF not printed ahead; the first signature prints it', { applicationId, error: String(e) });
      }
    });

  return {
    /** 提交/补正后再次提交: runs the automatic checks, stores them, issues the receipt. */
    recordSubmission: (i: { applicationId: string; actor: Actor; submissionNo: number }) =>
      once<StageResult & { failed: string[] }>(prisma, async (tx, key) => {
        const ctx = await applicationContext(tx, i.applicationId);
        const now = new Date();
        const checks = evaluateSubmission(ctx, now);
        await tx.eligibilityCheck.createMany({
          data: checks.map((c) => ({
            applicationId: i.applicationId,
            submissionNo: i.submissionNo,
            rule: c.rule,
            passed: c.passed,
            reason: c.reason,
          })),
          skipDuplicates: true,
        });
        await moveStage(tx, i.applicationId, 'ELIGIBILITY_REVIEW', {
          submissionCount: i.submissionNo,
          submittedAt: now,
          // The name as registered now (the application is still with the applicant): kept from here on.
          organizationName: ctx.organization.name,
          firstSubmittedAt: ctx.application.firstSubmittedAt ?? now,
          revisionDeadline: null,
        });
        await storeDocument(tx, key, 'ACCEPTANCE_RECEIPT', receiptData(ctx, checks, i.submissionNo, now), {
          applicationId: i.applicationId,
        });
        const failed = checks.filter((c) => !c.passed).map((c) => c.rule);
        await notify(
          tx,
          await organizationMemberIds(tx, ctx.organization.id),
          {
            kind: 'application.submitted',
            applicationId: i.applicationId,
            title: `申报已受理：${ctx.application.title}`,
            body: `您的申报书（第${i.submissionNo}次提交）已受理，进入资格审查。`,
          },
          key,
        );
        await notify(
          tx,
          await staffIds(tx, 'REVIEWER', ctx.round.regionCode),
          {
            kind: 'eligibility.awaiting',
            applicationId: i.applicationId,
            title: `待资格审查：${ctx.application.title}`,
            body: failed.length ? `自动校验未通过的规则：${failed.join('、')}，请审核时关注。` : '自动校验全部通过。',
          },
          key,
        );
        return {
          result: { stage: 'ELIGIBILITY_REVIEW' as const, failed },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: i.submissionNo > 1 ? 'application.resubmitted' : 'application.submitted',
            fromState: ctx.application.stage,
            toState: 'ELIGIBILITY_REVIEW',
            actorId: i.actor.userId,
            actorRole: i.actor.role,
            data: { submissionNo: i.submissionNo, checks: checks.map((c) => ({ ...c })) },
          },
        };
      }),

    /** 资格审查: pass, return for revision (补正) with a deadline, or reject. */
    applyEligibilityDecision: (i: { applicationId: string; actor: Actor; submissionNo: number } & EligibilityDecision) =>
      once<StageResult>(prisma, async (tx, key) => {
        const ctx = await applicationContext(tx, i.applicationId);
        const to: ProjectStage = i.decision === 'PASS' ? 'ELIGIBLE' : i.decision === 'RETURN' ? 'RETURNED' : 'REJECTED';
        await moveStage(
          tx,
          i.applicationId,
          to,
          i.decision === 'PASS'
            ? { eligibilityDecidedById: i.actor.userId }
            : i.decision === 'RETURN'
              ? { revisionDeadline: new Date(i.revisionDeadline) }
              : {},
        );
        const issuedOn = chinaDate(new Date());
        const common = {
          documentNo: documentNo(i.decision === 'RETURN' ? '补' : '审', issuedOn, `${i.applicationId}`),
          issuedOn,
          bureau: { name: ctx.round.issuingBureau },
          round: { name: ctx.round.name },
          organization: { name: ctx.organization.name, creditCode: ctx.organization.creditCode },
          application: { title: ctx.application.title, category: ctx.application.category },
          reviewer: { name: i.actor.displayName },
        };
        if (i.decision === 'RETURN') {
          await storeDocument(
            tx,
            key,
            'RETURN_NOTICE',
            { ...common, reason: i.reason, revisionDeadline: i.revisionDeadline },
            { applicationId: i.applicationId },
          );
        } else if (i.decision === 'REJECT') {
          await storeDocument(tx, key, 'REJECTION_NOTICE', { ...common, reason: i.reason }, { applicationId: i.applicationId });
        }
        const words = { PASS: '资格审查通过', RETURN: '退回补正', REJECT: '不予受理' }[i.decision];
        await notify(
          tx,
          await organizationMemberIds(tx, ctx.organization.id),
          {
            kind: `eligibility.${i.decision.toLowerCase()}`,
            applicationId: i.applicationId,
            title: `${words}：${ctx.application.title}`,
            body:
              i.decision === 'RETURN'
                ? `理由：${i.reason}。请于 ${i.revisionDeadline} 前补正后重新提交，逾期视为撤回。`
                : (i.reason ?? words),
          },
          key,
        );
        return {
          result: { stage: to },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: `eligibility.${i.decision.toLowerCase()}`,
            fromState: 'ELIGIBILITY_REVIEW',
            toState: to,
            actorId: i.actor.userId,
            actorRole: i.actor.role,
            reason: i.reason ?? null,
            data:
              i.decision === 'RETURN'
                ? { revisionDeadline: i.revisionDeadline, submissionNo: i.submissionNo }
                : { submissionNo: i.submissionNo },
          },
        };
      }),

    /** The revision deadline passed without a resubmission: 视为撤回. */
    withdrawApplication: (i: { applicationId: string; submissionNo: number }) =>
      once<StageResult>(prisma, async (tx, key) => {
        const ctx = await applicationContext(tx, i.applicationId);
        await moveStage(tx, i.applicationId, 'WITHDRAWN');
        await notify(
          tx,
          await organizationMemberIds(tx, ctx.organization.id),
          {
            kind: 'application.withdrawn',
            applicationId: i.applicationId,
            title: `逾期未补正，视为撤回：${ctx.application.title}`,
            body: '补正期限已过，申报视为撤回。',
          },
          key,
        );
        return {
          result: { stage: 'WITHDRAWN' as const },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'application.withdrawnByTimer',
            fromState: 'RETURNED',
            toState: 'WITHDRAWN',
            actorRole: 'SYSTEM',
            reason: '补正期限届满未重新提交 / revision deadline passed',
          },
        };
      }),

    /**
     * Records the stage a round-wide step gives this project (and the agreement on approval). On
     * approval the agreement's PDF is then printed, while nobody is waiting, so that the first
     * signature finds it issued instead of printing it inside a person's request.
     */
    applyRoundEvent: async (i: { applicationId: string; event: RoundEvent; from: ProjectStage }) => {
      const result = await recordRoundEvent(i);
      // Not awaited: the project moves on at once, the print follows in this worker (or, if it dies, at the first signature).
      if (i.event.type === 'FUNDING_DECIDED' && i.event.funded) void printAgreementAhead(i.applicationId).catch(() => undefined);
      return result;
    },

    /**
     * 协议签署: each party signs the current agreement version — its PDF, issued (once) before the
     * signature names the PDF's hash; both signatures close the stage.
     */
    signAgreement: async (i: { applicationId: string; actor: Actor; party: 'applicant' | 'bureau' }) => {
      const before = await latestAgreement(prisma, i.applicationId);
      if (!before) throw ApplicationFailure.nonRetryable('no agreement document to sign', 'MissingAgreement');
      const issued = await ensureDocumentPdf(prisma, pdf, before.id);
      return once<StageResult>(prisma, async (tx) => {
        const agreement = await latestAgreement(tx, i.applicationId);
        if (!agreement) throw ApplicationFailure.nonRetryable('no agreement document to sign', 'MissingAgreement');
        // A newer version appeared while the PDF was printed: the retry prints and signs that one.
        if (agreement.id !== issued.documentId) throw ApplicationFailure.retryable('the agreement changed while its PDF was issued');
        await tx.signature.create({
          data: { documentId: agreement.id, party: i.party, userId: i.actor.userId, pdfSha256: issued.pdfSha256 },
        });
        const parties = await tx.signature.count({ where: { documentId: agreement.id } });
        const to: ProjectStage = parties >= 2 ? 'AGREEMENT_SIGNED' : 'APPROVED';
        if (to === 'AGREEMENT_SIGNED') await moveStage(tx, i.applicationId, to);
        return {
          result: { stage: to },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: `agreement.signedBy.${i.party}`,
            fromState: 'APPROVED',
            toState: to,
            actorId: i.actor.userId,
            actorRole: i.actor.role,
            data: { documentId: agreement.id, version: agreement.version, sha256: agreement.sha256, pdfSha256: issued.pdfSha256 },
          },
        };
      });
    },
  };
}

export type ProjectActivities = ReturnType<typeof createProjectActivities>;
