import { randomUUID } from 'node:crypto';
import { createPrismaClient, databasePoolSize, Prisma, PrismaClient } from '../../prisma/client';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prisma: prismaCli } = require('../../scripts/prisma.cjs');

/**
 * The platform runs Prisma's 6.19 client with the 7.x PostgreSQL driver adapter (the 6.19 adapter
 * breaks the offline migrate commands; see the note beside the dependency in package.json). This
 * file checks, on the real database, each operation the platform relies on through that pair, so
 * that a dependency bump that breaks one of them fails here rather than in a flow.
 */
describe('Prisma client 6.19 with driver adapter 7.x (the operations the platform uses)', () => {
  let prisma: PrismaClient;
  const code = () => randomUUID().replace(/-/g, '').slice(0, 18).toUpperCase();
  const org = (creditCode = code()) => ({
    name: `驱动检查社会工作服务中心 ${creditCode}`,
    creditCode,
    regionCode: '330102',
    registeredAt: new Date('2020-01-01'),
    contactName: '王五',
    contactPhone: '13800002222',
  });

  beforeAll(() => {
    prisma = createPrismaClient(process.env.DATABASE_URL);
  });
  afterAll(() => prisma.$disconnect());

  it('keeps money exact: a Decimal(14,2) goes in and comes back to the cent', async () => {
    const manager = await prisma.user.create({
      data: { username: `m-${code()}`, passwordHash: 'x', displayName: '经办人', role: 'PROGRAM_MANAGER' },
    });
    const round = await prisma.round.create({
      data: {
        name: '驱动检查轮次',
        kind: 'VENTURE',
        regionCode: '330100',
        categories: ['为老服务'],
        budgetPool: new Prisma.Decimal('1234567890.12'),
        projectCeiling: '94670.10',
        opensAt: new Date(),
        closesAt: new Date(Date.now() + 86_400_000),
        eligibility: {},
        rubric: [],
        tranchePlan: [],
        createdById: manager.id,
      },
    });
    const back = await prisma.round.findUniqueOrThrow({ where: { id: round.id } });
    expect(back.budgetPool.toFixed(2)).toBe('1234567890.12');
    expect(back.projectCeiling.toFixed(2)).toBe('94670.10');
    expect(back.budgetPool.plus(back.projectCeiling).toFixed(2)).toBe('1234662560.22');
    expect(back.categories).toEqual(['为老服务']);
    expect(back.status).toBe('DRAFT');
  });

  it('commits an interactive transaction, and rolls back every write when it throws', async () => {
    const kept = org();
    await prisma.$transaction(async (tx) => {
      await tx.organization.create({ data: kept });
    });
    const lost = org();
    await expect(
      prisma.$transaction(async (tx) => {
        await tx.organization.create({ data: lost });
        throw new Error('refused halfway');
      }),
    ).rejects.toThrow('refused halfway');
    expect(await prisma.organization.count({ where: { creditCode: { in: [kept.creditCode, lost.creditCode] } } })).toBe(1);
  });

  it('reports a unique violation as P2002 (the API maps it to 409), leaving the first row as it was', async () => {
    const first = await prisma.organization.create({ data: org() });
    const error = await prisma.organization.create({ data: org(first.creditCode) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe('P2002');
    expect((await prisma.organization.findUniqueOrThrow({ where: { creditCode: first.creditCode } })).name).toBe(first.name);
  });

  it('runs a batch transaction at REPEATABLE READ with raw SQL built from Prisma.sql fragments', async () => {
    const o = await prisma.organization.create({ data: org() });
    const column = Prisma.sql`"regionCode"`;
    const [count, rows] = await prisma.$transaction(
      [
        prisma.organization.count({ where: { id: o.id } }),
        prisma.$queryRaw<{ region: string; n: bigint }[]>`SELECT ${column} AS region, count(*) AS n FROM "Organization"
        WHERE id = ${o.id}::uuid GROUP BY 1`,
      ],
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
    expect(count).toBe(1);
    expect(rows).toEqual([{ region: '330102', n: 1n }]);
  });

  it('holds a row lock taken with FOR UPDATE until the transaction ends (the round lock of ranking)', async () => {
    const o = await prisma.organization.create({ data: org() });
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    const first = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${o.id}::uuid FOR UPDATE`;
      order.push('first locked');
      await held;
      await tx.organization.update({ where: { id: o.id }, data: { version: { increment: 1 } } });
      order.push('first wrote');
    });
    while (!order.includes('first locked')) await new Promise((r) => setTimeout(r, 10));
    const second = prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Organization" WHERE id = ${o.id}::uuid FOR UPDATE`;
      order.push('second locked');
    });
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first locked', 'first wrote', 'second locked']);
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: o.id } })).version).toBe(2);
  });

  it('writes many rows in one statement with unnest and reads them back with $executeRaw/$queryRaw', async () => {
    const orgs = await Promise.all([org(), org(), org()].map((data) => prisma.organization.create({ data })));
    const ids = orgs.map((o) => o.id);
    const ratings = ['3A', '4A', '5A'];
    const n = await prisma.$executeRaw`UPDATE "Organization" o SET rating = v.rating
      FROM unnest(${ids}::uuid[], ${ratings}::text[]) AS v(id, rating) WHERE o.id = v.id`;
    expect(n).toBe(3);
    const back = await prisma.organization.findMany({ where: { id: { in: ids } }, orderBy: { rating: 'asc' } });
    expect(back.map((o) => o.rating)).toEqual(ratings);
  });

  it('opens no more connections than DATABASE_POOL_SIZE, and uses them in parallel', async () => {
    const before = process.env.DATABASE_POOL_SIZE;
    process.env.DATABASE_POOL_SIZE = '3';
    const small = createPrismaClient(process.env.DATABASE_URL);
    try {
      expect(databasePoolSize()).toBe(3);
      // Twelve transactions at once through a pool of three: each notes its server process.
      const pids = await Promise.all(
        Array.from({ length: 12 }, () =>
          small.$transaction(async (tx) => {
            const [{ pid }] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid, pg_sleep(0.05)::text`;
            return pid;
          }),
        ),
      );
      const distinct = new Set(pids).size;
      expect(distinct).toBeLessThanOrEqual(3);
      expect(distinct).toBeGreaterThan(1);
    } finally {
      await small.$disconnect();
      if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
      else process.env.DATABASE_POOL_SIZE = before;
    }
  });

  it('migrates offline: `migrate status` finds the test database up to date with every migration', () => {
    const out = prismaCli(['migrate', 'status'], { capture: true, env: { DATABASE_URL: process.env.DATABASE_URL } });
    expect(out.status).toBe(0);
    expect(`${out.stdout}`).toContain('Database schema is up to date');
  });
});
