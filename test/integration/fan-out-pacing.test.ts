import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createFanOutActivities } from '../../activities/fan-out.activities';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { projectWorkflowId, type RoundEvent } from '../../workflows/messages';
import { applicationPayload, makeOrganization, roundPayload } from '../support/factories';

const APPLICATIONS = 120;
/** How many projects the fan-out may have told without their stage recorded (fan-out.activities.ts). */
const BATCH = 25;

/**
 * The round's news to its projects (tellProjects), paced by what the projects have recorded: the
 * activity runs against PostgreSQL with its rows, and a client standing in for Temporal whose
 * "projects" record their new stage in the database a moment after their signal, as the project
 * workflows do (the whole flow, with real workflows, is the scale bench and the round tests).
 */
describe('telling a round of projects, paced by what they have recorded', () => {
  let prisma: PrismaClient;
  let roundId: string;
  let ids: string[];

  beforeAll(async () => {
    prisma = createPrismaClient(process.env.DATABASE_URL);
    const unique = Math.random().toString(36).slice(2, 10);
    const [staff, expert] = await Promise.all(
      (['PROGRAM_MANAGER', 'EXPERT'] as const).map((role) =>
        prisma.user.create({ data: { username: `fan-out-${role.toLowerCase()}-${unique}`, displayName: '测试', role, passwordHash: 'x' } }),
      ),
    );
    const org = await makeOrganization(prisma);
    const { opensAt, closesAt, budgetPool, projectCeiling, ...r } = roundPayload();
    const round = await prisma.round.create({
      data: { ...r, kind: 'VENTURE', budgetPool, projectCeiling, opensAt, closesAt, status: 'EXPERT_REVIEW', createdById: staff.id },
    });
    roundId = round.id;
    const { roundId: _r, organizationId: _o, ...data } = applicationPayload(round.id, org.id, '100000.00');
    await prisma.application.createMany({
      data: Array.from({ length: APPLICATIONS }, (_, n) => ({
        ...data,
        title: `${data.title}${n}`,
        roundId,
        organizationId: org.id,
        createdById: staff.id,
        stage: 'ELIGIBLE' as const,
      })),
    });
    ids = (await prisma.application.findMany({ where: { roundId }, select: { id: true }, orderBy: { id: 'asc' } })).map((a) => a.id);
    await prisma.assignment.createMany({ data: ids.map((applicationId) => ({ roundId, applicationId, expertId: expert.id })) });
  });
  afterAll(() => prisma.$disconnect());

  /**
   * Projects that record EXPERT_REVIEW a few milliseconds after their signal, except those named:
   * `ended` have finished (no workflow to signal), `silent` are told but never record.
   */
  function projects({ ended = [], silent = [] }: { ended?: string[]; silent?: string[] }) {
    const told: string[] = [];
    const writes: Promise<unknown>[] = [];
    let mostUnrecorded = 0;
    const client = {
      workflow: {
        getHandle: (workflowId: string) => ({
          async signal(_def: unknown, event: RoundEvent) {
            const id = ids.find((a) => projectWorkflowId(a) === workflowId)!;
            if (ended.includes(id)) throw new WorkflowNotFoundError('workflow not found', workflowId, undefined);
            expect(event).toMatchObject({ type: 'EXPERT_REVIEW_STARTED', expertIds: [expect.any(String)] });
            told.push(id);
            // Told and not yet recorded, as PostgreSQL has it: what the activity paces itself by.
            const open = await prisma.application.count({ where: { id: { in: told }, stage: 'ELIGIBLE' } });
            mostUnrecorded = Math.max(mostUnrecorded, open);
            if (silent.includes(id)) return;
            writes.push(
              new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 40))).then(() =>
                prisma.application.update({ where: { id }, data: { stage: 'EXPERT_REVIEW' } }),
              ),
            );
          },
        }),
      },
    } as unknown as Client;
    return { client, told, mostUnrecorded: () => mostUnrecorded, settled: () => Promise.all(writes) };
  }

  const reviewStarted = () => ({ roundId, outcome: 'EXPERT_REVIEW_STARTED' as const });
  const reset = () => prisma.application.updateMany({ where: { roundId }, data: { stage: 'ELIGIBLE' } });

  it('keeps at most one batch told but unrecorded, and finishes only once every told project has recorded', async () => {
    await reset();
    const ended = [ids[7]];
    const p = projects({ ended });
    const env = new MockActivityEnvironment();
    const beats: number[] = [];
    env.on('heartbeat', (d: unknown) => beats.push(d as number));
    const r = await env.run(createFanOutActivities({ prisma, client: p.client }).tellProjects, reviewStarted());

    expect(r).toEqual({ told: APPLICATIONS - 1, gone: 1 });
    expect(p.told).toEqual(ids.filter((id) => !ended.includes(id)));
    expect(p.mostUnrecorded()).toBeGreaterThan(1);
    expect(p.mostUnrecorded()).toBeLessThanOrEqual(BATCH);
    const stages = await prisma.application.groupBy({ by: ['stage'], where: { roundId }, _count: true });
    expect(stages.map((s) => [s.stage, s._count]).sort()).toEqual([
      ['ELIGIBLE', 1],
      ['EXPERT_REVIEW', APPLICATIONS - 1],
    ]);
    expect(beats.at(-1)).toBe(APPLICATIONS);
  });

  it('goes on past a project that does not record in time, and a retry resumes after the projects already told', async () => {
    await reset();
    const silent = [ids[3]];
    const p = projects({ silent });
    const env = new MockActivityEnvironment();
    const r = await env.run(createFanOutActivities({ prisma, client: p.client, settleMaxMs: 1_000 }).tellProjects, reviewStarted());
    expect(r).toEqual({ told: APPLICATIONS, gone: 0 });
    expect(await prisma.application.count({ where: { roundId, stage: 'EXPERT_REVIEW' } })).toBe(APPLICATIONS - 1);

    // A retry after 100 were told (its heartbeat): only the rest hear it again.
    const again = projects({});
    const retry = new MockActivityEnvironment({ heartbeatDetails: 100 });
    await retry.run(createFanOutActivities({ prisma, client: again.client }).tellProjects, reviewStarted());
    expect(again.told).toEqual(ids.slice(100));
    await again.settled();
  });
});
