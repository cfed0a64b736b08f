import { invalidTransition } from '../workflows/contracts';
import { lockRound, rankingSummary } from './ranking';
import { removeIfUpheld } from './removal-by-objection';
import { once, type TransitionRecord } from './support';
import type { PrismaClient } from '../prisma/client';
import type { Actor, ObjectionRuling } from '../workflows/messages';

/**
 * 异议处理 on objections kept in PostgreSQL: one reasoned ruling on one or more objections against
 * the same application. Filing and confirming happen in the API without any workflow; only the
 * ruling, a reviewer's decision about the project, goes through the project's workflow.
 */
export function createObjectionActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Every objection must still be FILED and against this application, or nothing is ruled.
     * Upheld, the project leaves the list (取消入围), its organization is told why, and the round
     * is ranked again without it. Answers how many FILED objections against it remain.
     */
    saveObjectionRulings: (i: {
      roundId: string;
      applicationId: string;
      objectionIds: string[];
      decision: ObjectionRuling;
      ruling: string;
      actor: Actor;
    }) =>
      once(prisma, async (tx, key) => {
        // Shared with filing and confirming (which take it FOR SHARE), so the count below sees
        // every objection committed before it; an upheld ruling re-ranks and takes it FOR UPDATE.
        await lockRound(tx, i.roundId, i.decision === 'UPHELD' ? 'update' : 'share', ['NOTICE']);
        const ruled = await tx.objection.updateMany({
          where: { id: { in: i.objectionIds }, applicationId: i.applicationId, status: 'FILED' },
          data: { status: i.decision, ruling: i.ruling, ruledById: i.actor.userId, ruledAt: new Date() },
        });
        if (ruled.count !== i.objectionIds.length)
          throw invalidTransition(
            '所列异议中有已处理、未确认或不属于该项目的 / some objections are already ruled on, unconfirmed or about another project',
            'NOTICE',
          );
        const audit: TransitionRecord[] = i.objectionIds.map((id) => ({
          entityType: 'Objection',
          entityId: id,
          action: `objection.${i.decision.toLowerCase()}`,
          fromState: 'FILED',
          toState: i.decision,
          actorId: i.actor.userId,
          actorRole: i.actor.role,
          reason: i.ruling,
          data: { applicationId: i.applicationId, ruledTogether: i.objectionIds.length },
        }));
        const removed = await removeIfUpheld(tx, key, i);
        if (removed)
          audit.push({
            ...removed.record,
            data: { objectionIds: i.objectionIds.slice(0, 50), counts: rankingSummary(removed.ranking) },
          });
        const pending = await tx.objection.count({ where: { applicationId: i.applicationId, status: 'FILED' } });
        return { result: { ruled: ruled.count, pending }, audit };
      }),
  };
}

export type ObjectionActivities = ReturnType<typeof createObjectionActivities>;
