import { Context, log } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { projectWorkflowId, roundEvent, type RoundEvent } from '../workflows/messages';
import { FINAL_PROJECT_STAGES, stageAfterRoundEvent, type ProjectStage } from '../workflows/rules/stages';
import type { PrismaClient } from '../prisma/client';
import type { RoundOutcome } from '../workflows/contracts';
import type { RubricCriterion } from '../workflows/rules';

/** How many projects may have been told and not yet recorded what they heard. */
const BATCH = 25;
/** How often the told projects' stages are read back while a batch settles. */
const SETTLE_POLL_MS = 150;
/** A batch whose projects have not all recorded by then is left to finish on its own. */
const SETTLE_MAX_MS = 60_000;

export interface FanOutOptions {
  prisma: PrismaClient;
  client?: Client;
  /** How long one batch may take to settle (tests shorten it). */
  settleMaxMs?: number;
}

/**
 * Tells every project of a round what a round-wide step means for it, by signalling the project
 * workflows through the client: one activity instead of a signal command per project in the
 * round's history, so the round's history does not grow with the number of applications.
 *
 * Told in batches, each waiting until its projects have recorded their new stage in PostgreSQL
 * before the next is sent: every told project costs the workers two workflow tasks and an
 * activity, and 2,000 signals sent at once would queue the experts' first scores (of this round
 * and any other) behind a minute of round news. A project that is sent a score before it has
 * heard reads its panel from the database (ProjectCase.panelKnown), so nobody waits for the
 * telling.
 *
 * Heartbeats the number told; a retry resumes there. A project may hear an outcome twice (a
 * retry of the batch in flight): project workflows ignore an outcome they have heard.
 */
export function createFanOutActivities({ prisma, client, settleMaxMs = SETTLE_MAX_MS }: FanOutOptions) {
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
          batch.map(async (p) => {
            try {
              await client.workflow.getHandle(projectWorkflowId(p.applicationId)).signal(roundEvent, p.event);
              return p;
            } catch (e) {
              if (e instanceof WorkflowNotFoundError) return undefined; // the case has ended: nothing to tell
              throw e;
            }
          }),
        );
        const told = sent.filter((p): p is Told => p !== undefined);
        gone += batch.length - told.length;
        const unsettled = await settled(prisma, told, () => ctx.heartbeat(done), settleMaxMs);
        if (unsettled.length > 0) {
          log.warn('projects had not recorded the round step in time; telling the rest', { roundId, outcome, unsettled, settleMaxMs });
        }
        done += batch.length;
        ctx.heartbeat(done);
      }
      return { told: events.length - gone, gone };
    },
  };
}

interface Told {
  applicationId: string;
  event: RoundEvent;
  /** The application's stage when the step was read, and the one the project records on hearing it. */
  from: ProjectStage;
  to: ProjectStage;
}

/**
 * Waits until each told project has recorded its stage (or has ended: a removed project hears no
 * more), reading the stages back from PostgreSQL; answers those still unrecorded after maxMs.
 */
async function settled(prisma: PrismaClient, told: Told[], beat: () => void, maxMs: number): Promise<string[]> {
  const until = Date.now() + maxMs;
  let open = told;
  while (open.length > 0) {
    const rows = await prisma.application.findMany({
      where: { id: { in: open.map((t) => t.applicationId) } },
      select: { id: true, stage: true },
    });
    const stage = new Map(rows.map((r) => [r.id, r.stage as ProjectStage]));
    open = open.filter((t) => {
      const now = stage.get(t.applicationId);
      return now !== undefined && now === t.from && now !== t.to && !FINAL_PROJECT_STAGES.includes(now);
    });
    if (open.length === 0 || Date.now() >= until) break;
    beat();
    await new Promise((r) => setTimeout(r, SETTLE_POLL_MS));
  }
  return open.map((t) => t.applicationId);
}

/** The projects concerned by a round-wide step and what each hears, in a stable order. */
async function outcomes(prisma: PrismaClient, roundId: string, outcome: RoundOutcome): Promise<Told[]> {
  const round = await prisma.round.findUniqueOrThrow({ where: { id: roundId } });
  const apps = await prisma.application.findMany({
    where: {
      roundId,
      assignments: { some: {} },
      ...(outcome !== 'EXPERT_REVIEW_STARTED' && outcome !== 'RANKED' && { stage: { not: 'REMOVED_BY_OBJECTION' } }),
    },
    select: {
      id: true,
      stage: true,
      award: true,
      rank: true,
      assignments: { where: { status: 'ASSIGNED' }, select: { expertId: true }, orderBy: { expertId: 'asc' } },
    },
    orderBy: { id: 'asc' },
  });
  const told = (a: { id: string; stage: string }, event: RoundEvent): Told => ({
    applicationId: a.id,
    event,
    from: a.stage as ProjectStage,
    to: stageAfterRoundEvent(event),
  });
  return apps.map((a): Told => {
    switch (outcome) {
      case 'EXPERT_REVIEW_STARTED':
        return told(a, {
          type: outcome,
          expertIds: a.assignments.map((s) => s.expertId),
          rubric: round.rubric as unknown as RubricCriterion[],
        });
      case 'RANKED':
        return told(a, { type: outcome });
      case 'NOTICE_PUBLISHED':
        return told(a, { type: outcome, noticeEndsAt: round.noticeEndsAt!.toISOString() });
      case 'FUNDING_DECIDED': {
        const award = a.award ? a.award.toFixed(2) : '0.00';
        return told(a, { type: outcome, funded: award !== '0.00', award, rank: a.rank });
      }
    }
  });
}

export type FanOutActivities = ReturnType<typeof createFanOutActivities>;
