import { invalidTransition } from '../workflows/contracts';
import { formatMoney, nameOnRecord, ON_NOTICE_STAGES, sumMoney } from '../workflows/rules';
import { storeDocument } from './document-store';
import { computeRanking, lockRound, rankingSummary } from './ranking';
import { removeIfUpheld } from './removal-by-objection';
import { chinaDate, documentNo, notify, once, staffIds, type TransitionRecord } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Actor } from '../workflows/messages';

const byActor = (a: Actor) => ({ actorId: a.userId, actorRole: a.role });
const LISTED = ['FUNDED', 'PARTIALLY_FUNDED'];

/** 公示: the notice, the public's objections and the reviewers' rulings, approval of the results. */
export function createNoticeActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Holidays and make-up working days, and the round's notice length in working days;
     * PSP_NOTICE_PERIOD_MS (test sandboxes only) compresses the period.
     */
    async loadCalendar({
      roundId,
    }: {
      roundId: string;
    }): Promise<{ holidays: string[]; workdays: string[]; noticeWorkingDays: number; compressedPeriodMs: number | null }> {
      const days = await prisma.calendarDay.findMany({ orderBy: { date: 'asc' } });
      const round = await prisma.round.findUniqueOrThrow({ where: { id: roundId }, select: { noticeWorkingDays: true } });
      const iso = (d: Date) => d.toISOString().slice(0, 10);
      const compressed = Number(process.env.PSP_NOTICE_PERIOD_MS ?? '');
      return {
        holidays: days.filter((d) => !d.working).map((d) => iso(d.date)),
        workdays: days.filter((d) => d.working).map((d) => iso(d.date)),
        noticeWorkingDays: round.noticeWorkingDays,
        compressedPeriodMs: Number.isFinite(compressed) && compressed > 0 ? compressed : null,
      };
    },

    /** 发布公示: the provisional list (funded entries in rank order) as a document, and the period. */
    publishNotice: (i: { roundId: string; startsAt: string; endsAt: string; workingDays: number; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        await lockRound(tx, i.roundId, 'update', ['RANKED']);
        const round = await tx.round.update({
          where: { id: i.roundId },
          data: { status: 'NOTICE', noticeStartsAt: new Date(i.startsAt), noticeEndsAt: new Date(i.endsAt), version: { increment: 1 } },
        });
        const listed = (await computeRanking(tx, i.roundId)).filter((e) => LISTED.includes(e.status));
        const apps = await tx.application.findMany({
          where: { id: { in: listed.map((e) => e.applicationId) } },
          include: { organization: true },
        });
        const byId = new Map(apps.map((a) => [a.id, a]));
        const issuedOn = chinaDate(new Date(i.startsAt));
        await storeDocument(
          tx,
          key,
          'PUBLIC_NOTICE',
          {
            documentNo: documentNo('公', issuedOn, i.roundId),
            issuedOn,
            bureau: { name: round.issuingBureau },
            round: { name: round.name, budgetPool: round.budgetPool.toFixed(2) },
            period: { startsAt: i.startsAt, endsAt: i.endsAt, workingDays: i.workingDays },
            entries: listed.map((e) => ({
              rank: e.rank!,
              organizationName: nameOnRecord(byId.get(e.applicationId)!, byId.get(e.applicationId)!.organization.name),
              projectTitle: byId.get(e.applicationId)!.title,
              category: byId.get(e.applicationId)!.category,
              finalScore: e.finalScore,
              award: e.award,
            })),
            totalAward: formatMoney(sumMoney(listed.map((e) => e.award))),
            objectionChannel: { url: `/api/public/notices/${i.roundId}` },
          },
          { roundId: i.roundId },
        );
        return {
          result: { listed: listed.length },
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.noticePublished',
            fromState: 'RANKED',
            toState: 'NOTICE',
            ...byActor(i.actor),
            data: { startsAt: i.startsAt, endsAt: i.endsAt, listed: listed.length },
          },
        };
      }),

    /** 公示异议: taken while the round is on notice, against a project on the list as it stands now. */
    saveObjection: (i: { roundId: string; applicationId: string; name: string; contact: string; reason: string }) =>
      once(prisma, async (tx, key) => {
        await lockRound(tx, i.roundId, 'share', ['NOTICE']);
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        if (!round.noticeEndsAt || round.noticeEndsAt.getTime() <= Date.now())
          throw invalidTransition('公示期已结束，不再受理异议 / the notice period has ended', 'NOTICE');
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId }, select: { stage: true, award: true } });
        // RANKED: listed by the ranking the notice published, the project not yet told of it.
        const listed = ON_NOTICE_STAGES.includes(app.stage) && app.award?.gt(0);
        if (!listed) throw invalidTransition('该项目不在公示名单中 / not on the notice list', 'NOTICE');
        const o = await tx.objection.create({
          data: { roundId: i.roundId, applicationId: i.applicationId, name: i.name, contact: i.contact, reason: i.reason },
        });
        await notify(
          tx,
          await staffIds(tx, 'REVIEWER', round.regionCode),
          { kind: 'objection.filed', applicationId: i.applicationId, title: '收到公示异议，待处理', body: i.reason.slice(0, 200) },
          key,
        );
        return {
          result: { objectionId: o.id },
          audit: {
            entityType: 'Objection',
            entityId: o.id,
            action: 'objection.filed',
            toState: 'FILED',
            actorRole: 'PUBLIC',
            reason: i.reason,
            data: { applicationId: i.applicationId, name: i.name },
          },
        };
      }),

    /**
     * 异议处理: a ruling on one objection. Upheld, the project leaves the list (取消入围), its
     * organization is told why, and the round is ranked again without it.
     */
    saveObjectionRuling: (i: {
      roundId: string;
      applicationId: string;
      objectionId: string;
      decision: 'UPHELD' | 'DISMISSED';
      ruling: string;
      actor: Actor;
    }) =>
      once(prisma, async (tx, key) => {
        await lockRound(tx, i.roundId, i.decision === 'UPHELD' ? 'update' : 'share', ['NOTICE']);
        const ruled = await tx.objection.updateMany({
          where: { id: i.objectionId, status: 'FILED' },
          data: { status: i.decision, ruling: i.ruling, ruledById: i.actor.userId, ruledAt: new Date() },
        });
        if (ruled.count !== 1) throw invalidTransition('该异议已处理 / already ruled on', 'NOTICE');
        const audit: TransitionRecord[] = [
          {
            entityType: 'Objection',
            entityId: i.objectionId,
            action: `objection.${i.decision.toLowerCase()}`,
            fromState: 'FILED',
            toState: i.decision,
            ...byActor(i.actor),
            reason: i.ruling,
            data: { applicationId: i.applicationId },
          },
        ];
        const removed = await removeIfUpheld(tx, key, i);
        if (removed) {
          const { ranking } = removed;
          audit[0].data = { applicationId: i.applicationId, counts: rankingSummary(ranking), ranking: ranking.map((e) => ({ ...e })) };
          audit.push({ ...removed.record, data: { objectionId: i.objectionId } });
        }
        return { result: { objectionId: i.objectionId, status: i.decision }, audit };
      }),

    /** 确定立项: refused while an objection awaits its ruling. */
    finalizeRound: (i: { roundId: string; actor: Actor }) =>
      once(prisma, async (tx) => {
        await lockRound(tx, i.roundId, 'update', ['NOTICE']);
        const open = await tx.objection.count({ where: { roundId: i.roundId, status: 'FILED' } });
        if (open > 0) throw invalidTransition(`尚有 ${open} 件异议未处理 / objections await a ruling`, 'NOTICE');
        await tx.round.update({ where: { id: i.roundId }, data: { status: 'FINALIZED', version: { increment: 1 } } });
        const funded = (await computeRanking(tx, i.roundId)).filter((e) => LISTED.includes(e.status)).map((e) => e.applicationId);
        return {
          result: { funded: funded.length },
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.resultsApproved',
            fromState: 'NOTICE',
            toState: 'FINALIZED',
            ...byActor(i.actor),
            data: { funded },
          },
        };
      }),

    noticePeriodEnded: (i: { roundId: string }) =>
      once(prisma, async (tx, key) => {
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        const open = await tx.objection.count({ where: { roundId: i.roundId, status: 'FILED' } });
        await notify(
          tx,
          await staffIds(tx, 'PROGRAM_MANAGER', round.regionCode),
          {
            kind: 'notice.ended',
            title: `公示期满：${round.name}`,
            body: open > 0 ? `尚有 ${open} 件异议待处理，处理完毕后可确定立项。` : '无待处理异议，可确定立项。',
          },
          key,
        );
        return {
          result: { openObjections: open },
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.noticeEnded',
            actorRole: 'SYSTEM',
            data: { openObjections: open },
          },
        };
      }),
  };
}

export type NoticeActivities = ReturnType<typeof createNoticeActivities>;
