import { computeRanking, writeRanking } from './ranking';
import { notify, type TransitionRecord, type Tx } from './support';
import type { Actor, RankedEntry } from '../workflows/messages';

/**
 * The part of a ruling that concerns the project. Upheld, and not yet removed, the project leaves
 * the list (取消入围), the round is ranked again without it and its organization is told why.
 * Answers the new ranking and the project's audit entry (its `data` left to the caller), or null
 * when nothing about the project changed. The application must exist whatever the decision.
 */
export async function removeIfUpheld(
  tx: Tx,
  key: string,
  i: { roundId: string; applicationId: string; decision: string; ruling: string; actor: Actor },
): Promise<{ ranking: RankedEntry[]; record: TransitionRecord } | null> {
  const app = await tx.application.findUniqueOrThrow({
    where: { id: i.applicationId },
    include: { organization: { include: { members: true } } },
  });
  if (i.decision !== 'UPHELD' || app.stage === 'REMOVED_BY_OBJECTION') return null;
  await tx.application.update({
    where: { id: i.applicationId },
    data: { stage: 'REMOVED_BY_OBJECTION', version: { increment: 1 } },
  });
  const ranking = await computeRanking(tx, i.roundId);
  await writeRanking(tx, ranking, { action: 'project.removed_by_objection', actorId: i.actor.userId, reason: i.ruling });
  await notify(
    tx,
    app.organization.members.map((m) => m.userId),
    {
      kind: 'project.removed_by_objection',
      applicationId: i.applicationId,
      title: `未获资助：${app.title}`,
      body: `异议成立：${i.ruling}`,
    },
    key,
  );
  return {
    ranking,
    record: {
      entityType: 'Application',
      entityId: i.applicationId,
      action: 'project.removed_by_objection',
      fromState: app.stage,
      toState: 'REMOVED_BY_OBJECTION',
      actorId: i.actor.userId,
      actorRole: i.actor.role,
      reason: i.ruling,
    },
  };
}
