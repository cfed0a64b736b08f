import type { Prisma, PrismaClient } from '../prisma/client';
import type { Actor, RankedEntry } from '../workflows/messages';
import type { PanelInputs } from '../workflows/round-panel';
import type { Assignment, RubricCriterion } from '../workflows/rules';
import { formatMoney, sumMoney } from '../workflows/rules';
import { storeDocument } from './document-store';
import { chinaDate, documentNo, notify, once, staffIds } from './support';

const byActor = (a: Actor) => ({ actorId: a.userId, actorRole: a.role });

export function createPanelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /** Everything the panel needs, read once: eligible applications, experts with their ties, config. */
    async loadPanelInputs({ roundId, expertIds }: { roundId: string; expertIds: string[] }): Promise<PanelInputs> {
      const round = await prisma.round.findUniqueOrThrow({ where: { id: roundId } });
      const pendingEligibility = await prisma.application.count({ where: { roundId, stage: { in: ['ELIGIBILITY_REVIEW', 'RETURNED'] } } });
      const apps = await prisma.application.findMany({ where: { roundId, stage: 'ELIGIBLE' }, orderBy: { id: 'asc' } });
      const experts = await prisma.user.findMany({ where: { id: { in: expertIds }, role: 'EXPERT', active: true }, include: { ties: true }, orderBy: { id: 'asc' } });
      return {
        pendingEligibility,
        unknownExperts: expertIds.filter((id) => !experts.some((e) => e.id === id)),
        applications: apps.map((a) => ({
          applicationId: a.id, organizationId: a.organizationId, requested: a.requestedAmount.toFixed(2),
          submittedAt: (a.firstSubmittedAt ?? a.submittedAt ?? a.createdAt).toISOString(), eligibilityDecidedById: a.eligibilityDecidedById,
        })),
        experts: experts.map((e) => ({ expertId: e.id, tiedOrganizationIds: e.ties.map((t) => t.organizationId) })),
        config: {
          rubric: round.rubric as unknown as RubricCriterion[], perApplication: round.expertsPerApplication,
          passMark: round.passMark.toFixed(2), pool: round.budgetPool.toFixed(2), noticeWorkingDays: round.noticeWorkingDays,
        },
      };
    },

    saveAssignments: (i: { roundId: string; assignments: Assignment[]; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        await tx.assignment.createMany({ data: i.assignments.map((a) => ({ ...a, roundId: i.roundId })), skipDuplicates: true });
        await tx.round.update({ where: { id: i.roundId }, data: { status: 'EXPERT_REVIEW', version: { increment: 1 } } });
        const perExpert = new Map<string, number>();
        for (const a of i.assignments) perExpert.set(a.expertId, (perExpert.get(a.expertId) ?? 0) + 1);
        for (const [expertId, n] of perExpert) {
          await notify(tx, [expertId], { kind: 'panel.assigned', title: '您有新的评审任务', body: `共 ${n} 份申报待评分，请在“我的评审”中查看。` }, key);
        }
        return {
          result: { count: i.assignments.length },
          audit: { entityType: 'Round', entityId: i.roundId, action: 'round.panelFormed', fromState: 'CLOSED', toState: 'EXPERT_REVIEW', ...byActor(i.actor), data: { assignments: i.assignments.length } },
        };
      }),

    /** An expert declines for a conflict (回避): the tie is recorded and a replacement assigned. */
    replaceAssignment: (i: { roundId: string; applicationId: string; declinedExpertId: string; replacementExpertId: string; reason: string; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        await tx.assignment.update({ where: { applicationId_expertId: { applicationId: i.applicationId, expertId: i.declinedExpertId } }, data: { status: 'DECLINED', declineReason: i.reason } });
        await tx.assignment.create({ data: { roundId: i.roundId, applicationId: i.applicationId, expertId: i.replacementExpertId } });
        await tx.expertTie.upsert({
          where: { expertId_organizationId: { expertId: i.declinedExpertId, organizationId: app.organizationId } },
          create: { expertId: i.declinedExpertId, organizationId: app.organizationId, reason: i.reason }, update: {},
        });
        await notify(tx, [i.replacementExpertId], { kind: 'panel.assigned', applicationId: i.applicationId, title: '您有新的评审任务（替换回避专家）', body: `申报“${app.title}”待评分。` }, key);
        return {
          result: { replacementExpertId: i.replacementExpertId },
          audit: { entityType: 'Application', entityId: i.applicationId, action: 'panel.assignmentDeclined', ...byActor(i.actor), reason: i.reason, data: { replacementExpertId: i.replacementExpertId } },
        };
      }),

    saveScores: (i: { roundId: string; applicationId: string; actor: Actor; scores: Record<string, number>; comments: Record<string, string>; total: string }) =>
      once(prisma, async (tx) => {
        const r = await tx.assignment.updateMany({
          where: { applicationId: i.applicationId, expertId: i.actor.userId, status: 'ASSIGNED' },
          data: { status: 'SUBMITTED', scores: i.scores, comments: i.comments, total: i.total, submittedAt: new Date() },
        });
        if (r.count !== 1) throw new Error(`assignment of ${i.actor.userId} on ${i.applicationId} is not open`);
        return {
          result: { total: i.total },
          audit: { entityType: 'Application', entityId: i.applicationId, action: 'panel.scoresSubmitted', ...byActor(i.actor), data: { total: i.total } },
        };
      }),

    /** Stores rank, final score and award of every application after a ranking change. */
    saveRanking: (i: { roundId: string; ranking: RankedEntry[]; actor: Actor; action: string; toStatus: 'RANKED' | null; reason: string | null; subject?: string }) =>
      once(prisma, async (tx) => {
        await writeRanking(tx, i.ranking);
        if (i.toStatus) await tx.round.update({ where: { id: i.roundId }, data: { status: i.toStatus, version: { increment: 1 } } });
        return {
          result: { saved: i.ranking.length },
          audit: {
            entityType: 'Round', entityId: i.roundId, action: i.action, fromState: i.toStatus ? 'EXPERT_REVIEW' : null, toState: i.toStatus,
            ...byActor(i.actor), reason: i.reason, data: { subject: i.subject ?? null, ranking: i.ranking.map((e) => ({ ...e })) },
          },
        };
      }),

    /** Holidays and make-up working days; PSP_NOTICE_PERIOD_MS (test sandboxes only) compresses the period. */
    async loadCalendar(): Promise<{ holidays: string[]; workdays: string[]; compressedPeriodMs: number | null }> {
      const days = await prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
      const iso = (d: Date) => d.toISOString().slice(0, 10);
      const compressed = Number(process.env.PSP_NOTICE_PERIOD_MS ?? '');
      return {
        holidays: days.filter((d) => !d.working).map((d) => iso(d.date)),
        workdays: days.filter((d) => d.working).map((d) => iso(d.date)),
        compressedPeriodMs: Number.isFinite(compressed) && compressed > 0 ? compressed : null,
      };
    },

    publishNotice: (i: { roundId: string; startsAt: string; endsAt: string; workingDays: number; ranking: RankedEntry[]; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        const round = await tx.round.update({
          where: { id: i.roundId }, data: { status: 'NOTICE', noticeStartsAt: new Date(i.startsAt), noticeEndsAt: new Date(i.endsAt), version: { increment: 1 } },
        });
        const listed = i.ranking.filter((e) => e.status === 'FUNDED' || e.status === 'PARTIALLY_FUNDED');
        const apps = await tx.application.findMany({ where: { id: { in: listed.map((e) => e.applicationId) } }, include: { organization: true } });
        const byId = new Map(apps.map((a) => [a.id, a]));
        const issuedOn = chinaDate(new Date(i.startsAt));
                await storeDocument(tx, key, 'PUBLIC_NOTICE', {
          documentNo: documentNo('公', issuedOn, i.roundId), issuedOn, bureau: { name: round.issuingBureau },
          round: { name: round.name, budgetPool: round.budgetPool.toFixed(2) },
          period: { startsAt: i.startsAt, endsAt: i.endsAt, workingDays: i.workingDays },
          entries: listed.map((e) => ({
            rank: e.rank!, organizationName: byId.get(e.applicationId)!.organization.name, projectTitle: byId.get(e.applicationId)!.title,
            category: byId.get(e.applicationId)!.category, finalScore: e.finalScore, award: e.award,
          })),
          totalAward: formatMoney(sumMoney(listed.map((e) => e.award!))),
          objectionChannel: { url: `/api/public/notices/${i.roundId}` },
        }, { roundId: i.roundId });
        return {
          result: { listed: listed.length },
          audit: { entityType: 'Round', entityId: i.roundId, action: 'round.noticePublished', fromState: 'RANKED', toState: 'NOTICE', ...byActor(i.actor), data: { startsAt: i.startsAt, endsAt: i.endsAt } },
        };
      }),

    saveObjection: (i: { roundId: string; applicationId: string; name: string; contact: string; reason: string }) =>
      once(prisma, async (tx, key) => {
        const o = await tx.objection.create({ data: { roundId: i.roundId, applicationId: i.applicationId, name: i.name, contact: i.contact, reason: i.reason } });
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        await notify(tx, await staffIds(tx, 'REVIEWER', round.regionCode), { kind: 'objection.filed', applicationId: i.applicationId, title: '收到公示异议，待处理', body: i.reason.slice(0, 200) }, key);
        return {
          result: { objectionId: o.id },
          audit: { entityType: 'Objection', entityId: o.id, action: 'objection.filed', toState: 'FILED', actorRole: 'PUBLIC', reason: i.reason, data: { applicationId: i.applicationId, name: i.name } },
        };
      }),

    saveObjectionRuling: (i: { roundId: string; objectionId: string; decision: 'UPHELD' | 'DISMISSED'; ruling: string; actor: Actor; ranking: RankedEntry[] | null }) =>
      once(prisma, async (tx) => {
        await tx.objection.update({ where: { id: i.objectionId }, data: { status: i.decision, ruling: i.ruling, ruledById: i.actor.userId, ruledAt: new Date() } });
        if (i.ranking) await writeRanking(tx, i.ranking);
        return {
          result: { status: i.decision },
          audit: {
            entityType: 'Objection', entityId: i.objectionId, action: `objection.${i.decision.toLowerCase()}`, fromState: 'FILED', toState: i.decision,
            ...byActor(i.actor), reason: i.ruling, data: i.ranking ? { ranking: i.ranking.map((e) => ({ ...e })) } : {},
          },
        };
      }),

    finalizeRound: (i: { roundId: string; ranking: RankedEntry[]; actor: Actor }) =>
      once(prisma, async (tx) => {
        await tx.round.update({ where: { id: i.roundId }, data: { status: 'FINALIZED', version: { increment: 1 } } });
        const funded = i.ranking.filter((e) => e.status === 'FUNDED' || e.status === 'PARTIALLY_FUNDED');
        return {
          result: { funded: funded.length },
          audit: { entityType: 'Round', entityId: i.roundId, action: 'round.resultsApproved', fromState: 'NOTICE', toState: 'FINALIZED', ...byActor(i.actor), data: { funded: funded.map((e) => e.applicationId) } },
        };
      }),

    noticePeriodEnded: (i: { roundId: string; openObjections: number }) =>
      once(prisma, async (tx, key) => {
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        await notify(tx, await staffIds(tx, 'PROGRAM_MANAGER', round.regionCode), {
          kind: 'notice.ended', title: `公示期满：${round.name}`,
          body: i.openObjections > 0 ? `尚有 ${i.openObjections} 件异议待处理，处理完毕后可确定立项。` : '无待处理异议，可确定立项。',
        }, key);
        return { result: { notified: true }, audit: { entityType: 'Round', entityId: i.roundId, action: 'round.noticeEnded', actorRole: 'SYSTEM', data: { openObjections: i.openObjections } } };
      }),
  };
}

async function writeRanking(tx: Prisma.TransactionClient, ranking: RankedEntry[]): Promise<void> {
  for (const e of ranking) {
    await tx.application.update({ where: { id: e.applicationId }, data: { finalScore: e.finalScore, rank: e.rank, award: e.award } });
  }
}

export type PanelActivities = ReturnType<typeof createPanelActivities>;
