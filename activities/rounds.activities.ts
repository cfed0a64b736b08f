import { ApplicationFailure } from '@temporalio/activity';
import { activityIdempotencyKey } from './support';
import type { PrismaClient } from '../prisma/client';
import type { RoundStatus } from '../workflows/rules/stages';

export interface SetRoundStatusInput {
  roundId: string;
  from: RoundStatus;
  to: RoundStatus;
  action: string;
}

export function createRoundActivities({ prisma }: { prisma: PrismaClient }) {
  return {
    /**
     * Moves a round from one status to the next and records the audit entry in the same
     * transaction. Keyed by the workflow run and activity id, so a retry after a crash that
     * happened past the commit finds its own entry and does nothing.
     */
    async setRoundStatus(input: SetRoundStatusInput): Promise<void> {
      const idempotencyKey = activityIdempotencyKey();
      await prisma.$transaction(async (tx) => {
        if (await tx.auditEntry.findUnique({ where: { idempotencyKey } })) return;
        const moved = await tx.round.updateMany({
          where: { id: input.roundId, status: input.from },
          data: { status: input.to, version: { increment: 1 } },
        });
        if (moved.count === 0) {
          const round = await tx.round.findUnique({ where: { id: input.roundId }, select: { status: true } });
          throw ApplicationFailure.nonRetryable(
            `round ${input.roundId} is ${round?.status ?? 'missing'}, expected ${input.from}`,
            'RoundStateMismatch',
          );
        }
        await tx.auditEntry.create({
          data: {
            entityType: 'Round',
            entityId: input.roundId,
            action: input.action,
            fromState: input.from,
            toState: input.to,
            actorRole: 'SYSTEM',
            reason: '申报时间窗口定时器 / application window timer',
            idempotencyKey,
          },
        });
      });
    },
  };
}

export type RoundActivities = ReturnType<typeof createRoundActivities>;
