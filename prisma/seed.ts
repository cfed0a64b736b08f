import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { hashPassword } from '../apps/api/src/auth/passwords';
import { DEFAULT_TASK_QUEUE, roundWorkflowId, RoundWorkflowInput } from '../workflows/messages';
import { DEFAULT_RUBRIC, DEFAULT_TRANCHE_PLAN } from '../workflows/rules';
import { createPrismaClient } from './client';
import { DEMO_ORGANIZATIONS, DEMO_PASSWORD, DEMO_ROUND_NAME, DEMO_USERS } from './seed/demo-data';
import { refreshOfficialCalendar } from './seed/official-calendar';

const DAY = 24 * 3600 * 1000;

/**
 * Demo data for a first look: an account per role, a few organizations and one open round.
 * Idempotent: what exists is left alone, so `npm start` can run it every time.
 */
async function main(): Promise<void> {
  const prisma = createPrismaClient();
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const users = new Map<string, string>();
    for (const u of DEMO_USERS) {
      const user = await prisma.user.upsert({
        where: { username: u.username },
        create: { username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, passwordHash },
        update: {},
      });
      users.set(u.username, user.id);
    }
    for (const o of DEMO_ORGANIZATIONS) {
      const { member, registeredAt, ...data } = o;
      const org = await prisma.organization.upsert({
        where: { creditCode: o.creditCode },
        create: { ...data, registeredAt: new Date(`${registeredAt}T00:00:00Z`) },
        update: {},
      });
      const userId = users.get(member)!;
      await prisma.membership.upsert({
        where: { userId_organizationId: { userId, organizationId: org.id } },
        create: { userId, organizationId: org.id },
        update: {},
      });
    }
    await seedOpenRound(prisma, users.get('manager')!);
  } finally {
    await prisma.$disconnect();
  }
}

async function seedOpenRound(prisma: ReturnType<typeof createPrismaClient>, managerId: string): Promise<void> {
  if (await prisma.round.findFirst({ where: { name: DEMO_ROUND_NAME } })) return;
  const now = Date.now();
  const round = await prisma.round.create({
    data: {
      name: DEMO_ROUND_NAME,
      kind: 'VENTURE',
      regionCode: '330100',
      categories: ['为老', '为小', '助残', '帮困', '社区融合'],
      budgetPool: '3000000.00',
      projectCeiling: '200000.00',
      opensAt: new Date(now - DAY),
      closesAt: new Date(now + 30 * DAY),
      eligibility: { minYearsRegistered: 1, minRating: '3A', excludeDishonest: true },
      rubric: DEFAULT_RUBRIC.map((c) => ({ ...c })),
      tranchePlan: DEFAULT_TRANCHE_PLAN.map((t) => ({ ...t })),
      issuingBureau: '杭州市民政局',
      status: 'PUBLISHED',
      workflowId: '',
      createdById: managerId,
    },
  });
  const workflowId = roundWorkflowId(round.id);
  await prisma.round.update({ where: { id: round.id }, data: { workflowId } });
  await prisma.auditEntry.create({
    data: {
      entityType: 'Round',
      entityId: round.id,
      action: 'round.published',
      fromState: 'DRAFT',
      toState: 'PUBLISHED',
      actorId: managerId,
      actorRole: 'PROGRAM_MANAGER',
      reason: '演示数据 / demo seed',
    },
  });
  const client = new Client({
    connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' }),
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  });
  const input: RoundWorkflowInput = {
    roundId: round.id,
    regionCode: round.regionCode,
    opensAt: round.opensAt.toISOString(),
    closesAt: round.closesAt.toISOString(),
  };
  try {
    await client.workflow.start('roundWorkflow', {
      workflowId,
      taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? DEFAULT_TASK_QUEUE,
      args: [input],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  } finally {
    await client.connection.close();
  }
}

/**
 * Without demo data (`npm start -- --no-demo`): the first admin account, `admin`, with a random
 * one-time password printed once; it must be changed at the first sign-in. Nothing if an admin exists.
 */
async function firstAdmin(): Promise<void> {
  const prisma = createPrismaClient();
  try {
    if (await prisma.user.findFirst({ where: { role: 'ADMIN' } })) return;
    const password = randomBytes(12).toString('base64url');
    await prisma.user.create({
      data: {
        username: 'admin',
        displayName: '系统管理员',
        role: 'ADMIN',
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      },
    });
    console.log(`[seed] first admin account: admin / ${password} (one-time password: change it at the first sign-in)`);
  } finally {
    await prisma.$disconnect();
  }
}

/** The State Council's holiday arrangement, brought up to what the installed package publishes. */
async function calendar(): Promise<void> {
  const prisma = createPrismaClient();
  try {
    const r = await refreshOfficialCalendar(prisma);
    const kept = r.keptAdmin.length > 0 ? `; kept as the administrator set them: ${r.keptAdmin.join(', ')}` : '';
    console.log(`[calendar] 节假日安排 to ${r.lastYear}: ${r.added} days added, ${r.updated} corrected${kept}`);
  } finally {
    await prisma.$disconnect();
  }
}

const task = process.argv.includes('--calendar') ? calendar : process.argv.includes('--first-admin') ? firstAdmin : main;
task().catch((e) => {
  console.error(`[seed] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
