import { invalidTransition } from '../workflows/contracts';
import { aggregateScores, allocateFunding, ROUND_STATUS_LABELS } from '../workflows/rules';
import type { RankedEntry } from '../workflows/messages';
import type { RoundStatus } from '../workflows/rules/stages';
import type { Tx } from './support';

/**
 * The round row, locked for the rest of the transaction: `share` for a decision about one
 * application (a score, a decline, an objection), which must see the round still in its phase;
 * `update` for a round-wide step or a re-ranking, which waits for those and excludes the others.
 * Refused unless the round is in one of `phases`.
 */
export async function lockRound(
  tx: Tx,
  roundId: string,
  mode: 'share' | 'update',
  phases: RoundStatus[],
): Promise<{ status: RoundStatus }> {
  const rows =
    mode === 'update'
      ? await tx.$queryRaw<{ status: RoundStatus }[]>`SELECT status::text AS status FROM "Round" WHERE id = ${roundId}::uuid FOR UPDATE`
      : await tx.$queryRaw<{ status: RoundStatus }[]>`SELECT status::text AS status FROM "Round" WHERE id = ${roundId}::uuid FOR SHARE`;
  const status = rows[0]?.status;
  if (!status) throw invalidTransition('轮次不存在 / no such round', 'UNKNOWN');
  if (!phases.includes(status)) {
    throw invalidTransition(`轮次当前为“${ROUND_STATUS_LABELS[status].zh}”，不能执行此操作 / not allowed in this round status`, status);
  }
  return { status };
}

/**
 * Ranks every application on the round's panel from the scores in the database: trimmed mean of
 * its submitted totals, applications removed by an upheld objection excluded, award caps applied,
 * then the pool allocated in rank order. Pure reads; the caller holds the round lock.
 */
export async function computeRanking(tx: Tx, roundId: string): Promise<RankedEntry[]> {
  const round = await tx.round.findUniqueOrThrow({ where: { id: roundId } });
  const apps = await tx.application.findMany({
    where: { roundId, assignments: { some: {} } },
    select: {
      id: true,
      requestedAmount: true,
      awardCap: true,
      stage: true,
      firstSubmittedAt: true,
      submittedAt: true,
      createdAt: true,
      assignments: { where: { status: 'SUBMITTED' }, select: { total: true } },
    },
    orderBy: { id: 'asc' },
  });
  const caps: Record<string, string> = {};
  for (const a of apps) if (a.awardCap) caps[a.id] = a.awardCap.toFixed(2);
  return allocateFunding({
    pool: round.budgetPool.toFixed(2),
    passMark: round.passMark.toFixed(2),
    excluded: apps.filter((a) => a.stage === 'REMOVED_BY_OBJECTION').map((a) => a.id),
    awardCaps: caps,
    candidates: apps.map((a) => ({
      applicationId: a.id,
      finalScore: a.assignments.length ? aggregateScores(a.assignments.map((s) => s.total!.toFixed(2))).final : '0.00',
      requested: a.requestedAmount.toFixed(2),
      submittedAt: (a.firstSubmittedAt ?? a.submittedAt ?? a.createdAt).toISOString(),
    })),
  }).ranked;
}

/** Why the awards moved: the decision as it stands in the audit trail. */
export interface AwardCause {
  action: string;
  actorId: string | null;
  reason?: string | null;
}

/**
 * Stores rank, final score and award of every ranked application. Each award that changes gets its
 * AwardChange row first, in the same transaction: the database refuses an award change without one.
 */
export async function writeRanking(tx: Tx, ranking: RankedEntry[], cause: AwardCause): Promise<void> {
  if (ranking.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "AwardChange" ("id", "applicationId", "fromAward", "award", "action", "actorId", "reason")
    SELECT gen_random_uuid(), a.id, a."award", v.award::numeric, ${cause.action}, ${cause.actorId}::uuid, ${cause.reason ?? null}
      FROM unnest(${ranking.map((e) => e.applicationId)}::uuid[], ${ranking.map((e) => e.award)}::text[]) AS v(id, award)
      JOIN "Application" AS a ON a.id = v.id
     WHERE a."award" IS DISTINCT FROM v.award::numeric`;
  await tx.$executeRaw`
    UPDATE "Application" AS a
       SET "finalScore" = v.score::numeric, "rank" = v.rank, "award" = v.award::numeric
      FROM unnest(${ranking.map((e) => e.applicationId)}::uuid[], ${ranking.map((e) => e.finalScore)}::text[],
                  ${ranking.map((e) => e.rank)}::int[], ${ranking.map((e) => e.award)}::text[]) AS v(id, score, rank, award)
     WHERE a.id = v.id`;
}

/** Counts for a ranking, small enough for an update's answer and an audit entry. */
export function rankingSummary(ranking: RankedEntry[]): Record<string, number> {
  const counts: Record<string, number> = { ranked: ranking.length };
  for (const e of ranking) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}
