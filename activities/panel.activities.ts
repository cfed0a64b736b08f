import { invalidInput, invalidTransition } from '../workflows/contracts';
import { assignExperts, parseMoney, reassign } from '../workflows/rules';
import { computeRanking, lockRound, rankingSummary, writeRanking } from './ranking';
import { notify, once } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Actor, PanelSlot } from '../workflows/messages';
import type { RubricCriterion } from '../workflows/rules';

const byActor = (a: Actor) => ({ actorId: a.userId, actorRole: a.role });
/** How many blocking applications a refusal names. */
const BLOCKERS_NAMED = 10;

export function createPanelActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * 组建评审组: assigns experts to every eligible application (none to an organization they are
     * tied to, the load spread evenly), stores the panel and moves the round to expert review.
     * Refused, with nothing written, while eligibility reviews are open or when the experts
     * cannot cover every application.
     */
    formPanel: (i: { roundId: string; expertIds: string[]; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        await lockRound(tx, i.roundId, 'update', ['CLOSED']);
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId } });
        const experts = await tx.user.findMany({
          where: { id: { in: i.expertIds }, role: 'EXPERT', active: true },
          include: { ties: true },
          orderBy: { id: 'asc' },
        });
        const unknown = i.expertIds.filter((id) => !experts.some((e) => e.id === id));
        if (unknown.length > 0) {
          throw invalidInput([
            { field: 'expertIds', rule: 'activeExperts', message: `expertIds: 以下账号不是有效的评审专家：${unknown.join(', ')}` },
          ]);
        }
        const unfinished = { roundId: i.roundId, stage: { in: ['ELIGIBILITY_REVIEW' as const, 'RETURNED' as const] } };
        const pending = await tx.application.count({ where: unfinished });
        if (pending > 0) {
          // Named, so that the manager knows which applications to have decided (the first few: a refusal stays small).
          const applications = await tx.application.findMany({
            where: unfinished,
            select: { id: true, title: true, stage: true },
            orderBy: [{ title: 'asc' }, { id: 'asc' }],
            take: BLOCKERS_NAMED,
          });
          throw invalidTransition(
            `尚有 ${pending} 份申报未完成资格审查（资格审查中或退回补正中），须全部作出决定后才能组建评审组 / ` +
              `${pending} application(s) still await their eligibility decision (under review or returned for revision)`,
            'CLOSED',
            { applications, applicationCount: pending },
          );
        }
        const apps = await tx.application.findMany({
          where: { roundId: i.roundId, stage: 'ELIGIBLE' },
          select: { id: true, organizationId: true },
          orderBy: { id: 'asc' },
        });
        if (apps.length === 0) throw invalidTransition('没有通过资格审查的申报，无需组建评审组 / no eligible applications', 'CLOSED');
        const plan = assignExperts({
          applications: apps.map((a) => ({ applicationId: a.id, organizationId: a.organizationId })),
          experts: experts.map((e) => ({ expertId: e.id, tiedOrganizationIds: e.ties.map((t) => t.organizationId) })),
          perApplication: round.expertsPerApplication,
        });
        if (plan.shortfalls.length > 0) {
          throw invalidInput(
            plan.shortfalls.map((s) => ({
              field: 'experts',
              rule: 'panelSize',
              message: `experts: 申报 ${s.applicationId} 仅有 ${s.available} 名无利益关联的专家，需要 ${s.needed} 名 / not enough experts without ties`,
            })),
          );
        }
        await tx.assignment.createMany({ data: plan.assignments.map((a) => ({ ...a, roundId: i.roundId })), skipDuplicates: true });
        await tx.round.update({
          where: { id: i.roundId },
          data: { status: 'EXPERT_REVIEW', panelExpertIds: experts.map((e) => e.id), version: { increment: 1 } },
        });
        const perExpert = new Map<string, number>();
        for (const a of plan.assignments) perExpert.set(a.expertId, (perExpert.get(a.expertId) ?? 0) + 1);
        for (const [expertId, n] of perExpert) {
          await notify(
            tx,
            [expertId],
            { kind: 'panel.assigned', title: '您有新的评审任务', body: `共 ${n} 份申报待评分，请在“我的评审”中查看。` },
            key,
          );
        }
        const counts = { applications: apps.length, experts: experts.length, assignments: plan.assignments.length };
        return {
          result: counts,
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.panelFormed',
            fromState: 'CLOSED',
            toState: 'EXPERT_REVIEW',
            ...byActor(i.actor),
            data: counts,
          },
        };
      }),

    /**
     * An expert declines for a conflict (回避): the tie is recorded and the panel member with the
     * lightest load among those without ties and not yet on this application takes the place.
     */
    replaceAssignment: (i: { roundId: string; applicationId: string; reason: string; actor: Actor }) =>
      once(prisma, async (tx, key) => {
        await lockRound(tx, i.roundId, 'share', ['EXPERT_REVIEW']);
        const round = await tx.round.findUniqueOrThrow({ where: { id: i.roundId }, select: { panelExpertIds: true } });
        const app = await tx.application.findUniqueOrThrow({ where: { id: i.applicationId } });
        const declined = await tx.assignment.updateMany({
          where: { applicationId: i.applicationId, expertId: i.actor.userId, status: 'ASSIGNED' },
          data: { status: 'DECLINED', declineReason: i.reason },
        });
        if (declined.count !== 1) throw invalidTransition('该评审任务已不在待评分状态 / the assignment is no longer open', 'EXPERT_REVIEW');
        await tx.expertTie.upsert({
          where: { expertId_organizationId: { expertId: i.actor.userId, organizationId: app.organizationId } },
          create: { expertId: i.actor.userId, organizationId: app.organizationId, reason: i.reason },
          update: {},
        });
        const experts = await tx.user.findMany({
          where: { id: { in: round.panelExpertIds }, active: true },
          include: { ties: true },
          orderBy: { id: 'asc' },
        });
        const current = await tx.assignment.findMany({
          where: { roundId: i.roundId },
          select: { applicationId: true, expertId: true, status: true },
        });
        const r = reassign({
          applicationId: i.applicationId,
          organizationId: app.organizationId,
          declinedExpertId: i.actor.userId,
          experts: experts.map((e) => ({ expertId: e.id, tiedOrganizationIds: e.ties.map((t) => t.organizationId) })),
          current: current.map((a) => ({ applicationId: a.applicationId, expertId: a.expertId, declined: a.status === 'DECLINED' })),
        });
        if ('shortfall' in r)
          throw invalidTransition('没有可替换的无关联专家，请联系项目管理员 / no replacement expert available', 'EXPERT_REVIEW');
        await tx.assignment.create({ data: { roundId: i.roundId, applicationId: i.applicationId, expertId: r.expertId } });
        await notify(
          tx,
          [r.expertId],
          {
            kind: 'panel.assigned',
            applicationId: i.applicationId,
            title: '您有新的评审任务（替换回避专家）',
            body: `申报“${app.title}”待评分。`,
          },
          key,
        );
        return {
          result: { replacementExpertId: r.expertId },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'panel.assignmentDeclined',
            ...byActor(i.actor),
            reason: i.reason,
            data: { replacementExpertId: r.expertId },
          },
        };
      }),

    /** One expert's scores for one application, while the panel sits; final once stored. */
    /**
     * The panel the round formed for one application, with the round's rubric, for a project that
     * is sent a score or a decline before the round's news reaches it; null while none is formed.
     */
    loadPanel: async (i: { roundId: string; applicationId: string }): Promise<{ panel: PanelSlot[]; rubric: RubricCriterion[] } | null> => {
      const round = await prisma.round.findUniqueOrThrow({ where: { id: i.roundId }, select: { rubric: true } });
      const slots = await prisma.assignment.findMany({
        where: { applicationId: i.applicationId },
        select: { expertId: true, status: true },
        orderBy: [{ createdAt: 'asc' }, { expertId: 'asc' }],
      });
      if (slots.length === 0) return null;
      return { panel: slots, rubric: round.rubric as unknown as RubricCriterion[] };
    },

    saveScores: (i: {
      roundId: string;
      applicationId: string;
      actor: Actor;
      scores: Record<string, number>;
      comments: Record<string, string>;
      total: string;
    }) =>
      once(prisma, async (tx) => {
        await lockRound(tx, i.roundId, 'share', ['EXPERT_REVIEW']);
        const r = await tx.assignment.updateMany({
          where: { applicationId: i.applicationId, expertId: i.actor.userId, status: 'ASSIGNED' },
          data: { status: 'SUBMITTED', scores: i.scores, comments: i.comments, total: i.total, submittedAt: new Date() },
        });
        if (r.count !== 1) throw invalidTransition('评分已提交或已回避，不能修改 / the assignment is no longer open', 'EXPERT_REVIEW');
        return {
          result: { total: i.total },
          audit: {
            entityType: 'Application',
            entityId: i.applicationId,
            action: 'panel.scoresSubmitted',
            ...byActor(i.actor),
            data: { total: i.total },
          },
        };
      }),

    /** 结束评审: refused while a score is missing; ranks the round from the stored scores. */
    closePanel: (i: { roundId: string; actor: Actor }) =>
      once(prisma, async (tx) => {
        await lockRound(tx, i.roundId, 'update', ['EXPERT_REVIEW']);
        const open = await tx.assignment.count({ where: { roundId: i.roundId, status: 'ASSIGNED' } });
        if (open > 0) throw invalidTransition(`尚有 ${open} 份评分未提交，不能结束评审 / scores missing`, 'EXPERT_REVIEW');
        const ranking = await computeRanking(tx, i.roundId);
        await writeRanking(tx, ranking, { action: 'round.panelClosed', actorId: i.actor.userId });
        await tx.round.update({ where: { id: i.roundId }, data: { status: 'RANKED', version: { increment: 1 } } });
        const counts = rankingSummary(ranking);
        return {
          result: counts,
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.panelClosed',
            fromState: 'EXPERT_REVIEW',
            toState: 'RANKED',
            ...byActor(i.actor),
            data: { counts, ranking: ranking.map((e) => ({ ...e })) },
          },
        };
      }),

    /** 调整资助金额: the manager lowers one award (never raises it) with a reason; the pool is re-allocated. */
    adjustAward: (i: { roundId: string; applicationId: string; amount: string; reason: string; actor: Actor }) =>
      once(prisma, async (tx) => {
        await lockRound(tx, i.roundId, 'update', ['RANKED']);
        const before = await computeRanking(tx, i.roundId);
        const entry = before.find((e) => e.applicationId === i.applicationId);
        if (!entry || entry.status === 'BELOW_PASS_MARK' || entry.status === 'EXCLUDED') {
          throw invalidTransition('该申报未进入资助排序，不能调整金额 / not in the funded ranking', 'RANKED');
        }
        if (parseMoney(i.amount).gt(parseMoney(entry.requested))) {
          throw invalidInput([
            {
              field: 'amount',
              rule: 'notAboveRequested',
              message: `amount: 调整后金额不能高于申请金额 ${entry.requested} 元 / cannot raise an award`,
            },
          ]);
        }
        await tx.application.update({ where: { id: i.applicationId }, data: { awardCap: i.amount } });
        const ranking = await computeRanking(tx, i.roundId);
        await writeRanking(tx, ranking, { action: 'round.awardAdjusted', actorId: i.actor.userId, reason: i.reason });
        const award = ranking.find((e) => e.applicationId === i.applicationId)!.award;
        return {
          result: { applicationId: i.applicationId, award },
          audit: {
            entityType: 'Round',
            entityId: i.roundId,
            action: 'round.awardAdjusted',
            ...byActor(i.actor),
            reason: i.reason,
            data: { subject: i.applicationId, amount: i.amount, award, ranking: ranking.map((e) => ({ ...e })) },
          },
        };
      }),
  };
}

export type PanelActivities = ReturnType<typeof createPanelActivities>;
