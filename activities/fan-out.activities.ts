import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { projectWorkflowId, roundEvent, type RoundEvent } from '../workflows/messages';
import type { PrismaClient } from '../prisma/client';
import type { RoundOutcome } from '../workflows/contracts';
import type { RubricCriterion } from '../workflows/rules';

const BATCH = 25;

/**
 * Tells every project of a round what a round-wide step means for it, by signalling the project
 * workflows through the client: one activity instead of a signal command per project in the
 * round's history, so the round's history does not grow with the number of applications.
 * Heartbeats the number told; a retry resumes there. A project may hear an outcome twice (a
 * retry of the batch in flight): project workflows ignore an outcome they have heard.
 */
export function createFanOutActivities({ prisma, client }: { prisma: PrismaClient; client?: Client }) {
  return {
    async tellProjects({ roundId, outcome }: { roundId: string; outcome: RoundOutcome }): Promise<{ told: number; gone: number }> {
      if (!client) throw new Error('tellProjects needs a Temporal client');
      const events = await outcomes(prisma, roundId, outcome);
      const ctx = Context.current();
      let done = typeof ctx.info.heartbeatDetails === 'number' ? ctx.info.heartbeatDetails : 0;
      let gone = 0;
      while (done < events.length) {
        const batch = events.slice(done, done + BATCH);
        const sent = await Promise.all(
          batch.map(async ([applicationId, event]) => {
            try {
              await client.workflow.getHandle(projectWorkflowId(applicationId)).signal(roundEvent, event);
              return true;
            } catch (e) {
              if (e instanceof WorkflowNotFoundError) return false; // the case has ended: nothing to tell
              throw e;
            }
          }),
        );
        gone += sent.filter((s) => !s).length;
        done += batch.length;
        ctx.heartbeat(done);
      }
      return { told: events.length - gone, gone };
    },
  };
}

/** The projects concerned by a round-wide step and what each hears, in a stable order. */
async function outcomes(prisma: PrismaClient, roundId: string, outcome: RoundOutcome): Promise<[string, RoundEvent][]> {
  const round = await prisma.round.findUniqueOrThrow({ where: { id: roundId } });
  const apps = await prisma.application.findMany({
    where: {
      roundId,
      assignments: { some: {} },
      ...(outcome !== 'EXPERT_REVIEW_STARTED' && outcome !== 'RANKED' && { stage: { not: 'REMOVED_BY_OBJECTION' } }),
    },
    select: {
      id: true,
      award: true,
      rank: true,
      assignments: { where: { status: 'ASSIGNED' }, select: { expertId: true }, orderBy: { expertId: 'asc' } },
    },
    orderBy: { id: 'asc' },
  });
  return apps.map((a): [string, RoundEvent] => {
    switch (outcome) {
      case 'EXPERT_REVIEW_STARTED':
        return [
          a.id,
          { type: outcome, expertIds: a.assignments.map((s) => s.expertId), rubric: round.rubric as unknown as RubricCriterion[] },
        ];
      case 'RANKED':
        return [a.id, { type: outcome }];
      case 'NOTICE_PUBLISHED':
        return [a.id, { type: outcome, noticeEndsAt: round.noticeEndsAt!.toISOString() }];
      case 'FUNDING_DECIDED': {
        const award = a.award ? a.award.toFixed(2) : '0.00';
        return [a.id, { type: outcome, funded: award !== '0.00', award, rank: a.rank }];
      }
    }
  });
}

export type FanOutActivities = ReturnType<typeof createFanOutActivities>;
