import { createPeople, Person } from './api-client';
import type { Pool } from 'pg';

/** Provinces and how many cities each has here; every city has six counties. */
const PROVINCES: [string, number][] = [
  ['33', 11],
  ['64', 5],
  ['50', 2],
];
export const CITIES = PROVINCES.flatMap(([p, n]) => Array.from({ length: n }, (_, c) => `${p}${String(c + 1).padStart(2, '0')}`));
const COUNTIES = CITIES.flatMap((c) => Array.from({ length: 6 }, (_, k) => `${c}${String(k + 1).padStart(2, '0')}`));
export const CATEGORIES = ['为老', '为小', '助残', '帮困', '社区融合'];
export const ORG_WORDS = ['阳光', '彩虹', '爱心', '康乃馨', '向日葵', '启明', '同心', '善行'];
export const ORG_KINDS = ['社工服务中心', '志愿服务协会', '助老服务社', '青少年发展中心', '邻里互助会'];
const TITLES = ['社区长者关爱', '困境儿童陪伴', '残障人士康复', '邻里互助', '青少年成长', '家庭支持'];
const FUNDED_SQL = [
  'APPROVED',
  'AGREEMENT_SIGNED',
  'IMPLEMENTATION',
  'RECTIFICATION',
  'FINAL_EVALUATION',
  'CLOSING',
  'CLOSED',
  'TERMINATED',
]
  .map((x) => `'${x}'`)
  .join(', ');
const EXPERTS = 200;
const REVIEWERS = 50;

export interface ReadData {
  rows: number;
  /** The bench's own accounts (with passwords), all in Hangzhou (330100) or the province (330000). */
  reviewer: Person;
  finance: Person;
  expert: Person;
  cityManager: Person;
  provinceManager: Person;
  admin: Person;
  /** An open round of Hangzhou with applications awaiting eligibility review. */
  openRoundId: string;
  /** A finalized round of Hangzhou with funded projects. */
  finalizedRoundId: string;
  organizations: number;
  seedMs: number;
}

/**
 * Benchmark 3's data: `rows` projects over 18 cities and 108 counties, five categories and
 * every stage, with the tranches, payments, expert assignments, notifications and credit
 * records their stages imply — written by INSERT … SELECT generate_series, within the schema's
 * constraints and triggers (a payment never takes a project above its award).
 */
export async function seedReadData(pool: Pool, base: string, rows: number): Promise<ReadData> {
  const t0 = Date.now();
  const roundCount = Math.max(20, Math.round(rows / 500));
  const orgCount = Math.max(10, Math.round(rows / 5));
  const [reviewer, finance, expert, cityManager, provinceManager, admin] = await createPeople(pool, base, 'read', [
    { role: 'REVIEWER' },
    { role: 'FINANCE' },
    { role: 'EXPERT' },
    { role: 'PROGRAM_MANAGER' },
    { role: 'PROGRAM_MANAGER', regionCode: '330000' },
    { role: 'ADMIN', regionCode: null },
  ]);
  const q = (text: string, values: unknown[] = []) => pool.query(text, values);
  // Pools of other experts and reviewers, so that the bench's own accounts hold a realistic share.
  await q(`INSERT INTO "User" ("id", "username", "passwordHash", "displayName", "role", "regionCode", "updatedAt")
           SELECT gen_random_uuid(), 'seed-' || r || '-' || i, '-', '种子账号', r::"Role", CASE WHEN r = 'REVIEWER' THEN '330100' END, now()
           FROM (VALUES ('EXPERT', ${EXPERTS - 1}), ('REVIEWER', ${REVIEWERS - 1})) AS v(r, n), generate_series(1, n) AS i`);
  await q(`CREATE TEMP TABLE seed_people AS
           SELECT role, array_agg(id ORDER BY (username NOT LIKE 'read-%'), username) AS ids FROM "User" WHERE role IN ('EXPERT', 'REVIEWER') GROUP BY role`);

  await q(
    `CREATE TEMP TABLE seed_round AS
           SELECT n, gen_random_uuid() AS id,
                  CASE WHEN n % 5 < 3 THEN c || '00' ELSE c || lpad((n % 6 + 1)::text, 2, '0') END AS region,
                  CASE n % 10 WHEN 0 THEN 'OPEN' WHEN 1 THEN 'EXPERT_REVIEW' ELSE 'FINALIZED' END AS status
           FROM generate_series(0, $1 - 1) AS n, LATERAL (SELECT ($2::text[])[1 + n % array_length($2::text[], 1)] AS c) x`,
    [roundCount, CITIES],
  );
  await q(
    `INSERT INTO "Round" ("id", "name", "kind", "regionCode", "categories", "budgetPool", "projectCeiling", "opensAt", "closesAt",
             "eligibility", "rubric", "tranchePlan", "status", "createdById", "updatedAt")
           SELECT id, '第' || n || '期社区公益创投', 'VENTURE', region, $1::text[], 100000000, 200000, now() - interval '400 days', now() - interval '370 days',
             '{}', '[]', '[{"stage":"AGREEMENT_SIGNED","percent":50},{"stage":"MIDTERM_PASSED","percent":40},{"stage":"CLOSEOUT","percent":10}]',
             status::"RoundStatus", $2, now()
           FROM seed_round`,
    [CATEGORIES, cityManager.id],
  );
  await q(`CREATE TEMP TABLE seed_org AS SELECT n, gen_random_uuid() AS id FROM generate_series(0, $1 - 1) AS n`, [orgCount]);
  // Names such as 康乃馨助老服务社004242: a word, a kind and a number, so that a search can be broad or exact.
  await q(
    `INSERT INTO "Organization" ("id", "name", "creditCode", "regionCode", "registeredAt", "rating", "contactName", "contactPhone", "updatedAt")
           SELECT id, ($1::text[])[1 + n % 8] || ($2::text[])[1 + (n / 8) % 5] || lpad(n::text, 6, '0'), '52' || lpad(n::text, 16, '0'),
                  ($3::text[])[1 + n % array_length($3::text[], 1)], DATE '2015-01-01' + (n % 2000), '4A', '联系人', '0571-12345678', now()
           FROM seed_org`,
    [ORG_WORDS, ORG_KINDS, COUNTIES],
  );

  // Stages follow the round: open rounds hold drafts and applications under review, finalized ones funded projects.
  await q(
    // Each award with its AwardChange row, in the same statement (a trigger refuses an award without one).
    `WITH seeded AS (INSERT INTO "Application" ("id", "roundId", "organizationId", "createdById", "title", "category", "summary", "beneficiaries",
             "requestedAmount", "budgetLines", "indicators", "milestones", "stage", "submissionCount", "submittedAt", "firstSubmittedAt",
             "finalScore", "award", "createdAt", "updatedAt")
           SELECT gen_random_uuid(), r.id, o.id, $4, ($1::text[])[1 + (i * 13) % 6] || '服务项目' || i, ($2::text[])[1 + (i * 31) % 5],
             '面向社区提供常态化服务，建立支持网络。', '社区居民', s.requested,
             '[{"type":"PERSONNEL","amount":"45000.00"},{"type":"ACTIVITY","amount":"45000.00"},{"type":"MANAGEMENT","amount":"10000.00"}]',
             '[{"name":"服务人次","unit":"人次","target":1200}]', '[{"title":"中期评估","dueOn":"2027-06-30","deliverable":"中期报告"}]',
             s.stage::"ProjectStage", CASE WHEN s.stage = 'DRAFT' THEN 0 ELSE 1 END,
             CASE WHEN s.stage <> 'DRAFT' THEN s.created + interval '3 days' END, CASE WHEN s.stage <> 'DRAFT' THEN s.created + interval '3 days' END,
             CASE WHEN r.status = 'FINALIZED' AND s.stage <> 'REJECTED' THEN 60 + (i % 40) END,
             CASE WHEN s.stage = 'NOT_FUNDED' THEN 0 WHEN s.stage IN (${FUNDED_SQL}) THEN s.requested - (i % 5) * 1000 END,
             s.created, s.created
           FROM generate_series(1, $3) AS i
           JOIN seed_round r ON r.n = (i::bigint * 7919) % ${roundCount}
           JOIN seed_org o ON o.n = (i::bigint * 104729) % ${orgCount},
           LATERAL (SELECT (50000 + ((i * 7) % 150) * 1000)::numeric(14, 2) AS requested, now() - ((i % 700) || ' days')::interval AS created,
             CASE r.status
               WHEN 'OPEN' THEN CASE WHEN (i * 37) % 100 < 30 THEN 'DRAFT' WHEN (i * 37) % 100 < 85 THEN 'ELIGIBILITY_REVIEW' WHEN (i * 37) % 100 < 92 THEN 'RETURNED' ELSE 'REJECTED' END
               WHEN 'EXPERT_REVIEW' THEN CASE WHEN (i * 37) % 100 < 80 THEN 'EXPERT_REVIEW' WHEN (i * 37) % 100 < 90 THEN 'REJECTED' ELSE 'WITHDRAWN' END
               ELSE CASE WHEN (i * 37) % 100 < 25 THEN 'NOT_FUNDED' WHEN (i * 37) % 100 < 28 THEN 'REJECTED' WHEN (i * 37) % 100 < 31 THEN 'APPROVED'
                 WHEN (i * 37) % 100 < 33 THEN 'AGREEMENT_SIGNED' WHEN (i * 37) % 100 < 63 THEN 'IMPLEMENTATION' WHEN (i * 37) % 100 < 65 THEN 'RECTIFICATION'
                 WHEN (i * 37) % 100 < 70 THEN 'FINAL_EVALUATION' WHEN (i * 37) % 100 < 72 THEN 'CLOSING' WHEN (i * 37) % 100 < 97 THEN 'CLOSED' ELSE 'TERMINATED' END
             END AS stage) s
           RETURNING "id", "award")
           INSERT INTO "AwardChange" ("id", "applicationId", "award", "action", "reason")
           SELECT gen_random_uuid(), "id", "award", 'bench.seed', '基准测试数据 / benchmark seed' FROM seeded WHERE "award" IS NOT NULL`,
    [TITLES, CATEGORIES, rows, admin.id],
  );
  await seedMoney(q);
  await seedQueues(q);
  // What autovacuum does on a live database: statistics, the visibility map (index-only scans)
  // and the GIN pending lists of the trigram indexes merged into the index proper.
  await q('VACUUM ANALYZE');
  const roundOf = async (status: string) =>
    (
      await pool.query(
        `SELECT id FROM "Round" WHERE status = $1 ORDER BY ("regionCode" = '330100') DESC, ("regionCode" LIKE '3301%') DESC, "name" LIMIT 1`,
        [status],
      )
    ).rows[0].id;
  return {
    rows,
    reviewer,
    finance,
    expert,
    cityManager,
    provinceManager,
    admin,
    organizations: orgCount,
    openRoundId: await roundOf('OPEN'),
    finalizedRoundId: await roundOf('FINALIZED'),
    seedMs: Date.now() - t0,
  };
}

type Query = (text: string, values?: unknown[]) => Promise<unknown>;

/** Three tranches per funded project (50/40/10 %) in the statuses its stage implies, and one payment per paid tranche. */
async function seedMoney(q: Query): Promise<void> {
  await q(`INSERT INTO "Tranche" ("id", "applicationId", "seq", "stage", "percent", "amount", "status", "dueAt", "requestedById", "requestedAt",
             "approvedById", "approvedAt", "paidAt", "paymentRef")
           SELECT gen_random_uuid(), a.id, t.seq, t.stage, t.percent,
             CASE t.seq WHEN 1 THEN round(a.award * 0.5, 2) WHEN 2 THEN round(a.award * 0.4, 2) ELSE a.award - round(a.award * 0.5, 2) - round(a.award * 0.4, 2) END,
             st.status::"TrancheStatus",
             CASE WHEN st.status IN ('DUE', 'REQUESTED', 'PAID') THEN a."createdAt" + (t.seq * 90 || ' days')::interval END,
             CASE WHEN st.status IN ('REQUESTED', 'PAID') THEN a."createdById" END,
             CASE WHEN st.status IN ('REQUESTED', 'PAID') THEN a."createdAt" + (t.seq * 91 || ' days')::interval END,
             CASE WHEN st.status = 'PAID' THEN a."createdById" END,
             CASE WHEN st.status = 'PAID' THEN a."createdAt" + (t.seq * 92 || ' days')::interval END,
             CASE WHEN st.status = 'PAID' THEN a."createdAt" + (t.seq * 92 || ' days')::interval END,
             CASE WHEN st.status = 'PAID' THEN 'SEED-' || a.id || '-' || t.seq END
           FROM "Application" a
           CROSS JOIN (VALUES (1, 'AGREEMENT_SIGNED', 50), (2, 'MIDTERM_PASSED', 40), (3, 'CLOSEOUT', 10)) AS t(seq, stage, percent),
           LATERAL (SELECT abs(hashtext(a.id::text)) % 4 AS v) h,
           LATERAL (SELECT CASE a.stage
             WHEN 'APPROVED' THEN 'PENDING'
             WHEN 'AGREEMENT_SIGNED' THEN CASE t.seq WHEN 1 THEN 'DUE' ELSE 'PENDING' END
             WHEN 'IMPLEMENTATION' THEN CASE WHEN t.seq = 1 THEN (ARRAY['DUE', 'REQUESTED', 'PAID', 'PAID'])[1 + h.v] WHEN t.seq = 2 AND h.v = 3 THEN 'DUE' ELSE 'PENDING' END
             WHEN 'RECTIFICATION' THEN CASE t.seq WHEN 1 THEN 'PAID' ELSE 'PENDING' END
             WHEN 'FINAL_EVALUATION' THEN CASE t.seq WHEN 3 THEN 'PENDING' ELSE 'PAID' END
             WHEN 'CLOSING' THEN CASE WHEN t.seq < 3 THEN 'PAID' WHEN h.v = 0 THEN 'REQUESTED' ELSE 'DUE' END
             WHEN 'CLOSED' THEN 'PAID'
             ELSE CASE t.seq WHEN 1 THEN 'PAID' ELSE 'CANCELLED' END
           END AS status) st
           WHERE a.stage IN (${FUNDED_SQL})`);
  // The payment trigger checks every row against the award: seeded totals equal it at most.
  await q(`INSERT INTO "Payment" ("id", "applicationId", "trancheSeq", "amount", "reference", "requestedById", "approvedById", "paidAt")
           SELECT gen_random_uuid(), "applicationId", seq, amount, "paymentRef", "requestedById", "approvedById", "paidAt"
           FROM "Tranche" WHERE status = 'PAID' AND amount > 0`);
}

/** The role queues' rows: expert assignments, reviewers' inboxes, and credit records of finished projects. */
async function seedQueues(q: Query): Promise<void> {
  await q(`INSERT INTO "Assignment" ("id", "roundId", "applicationId", "expertId", "status", "total", "submittedAt", "createdAt")
           SELECT gen_random_uuid(), a."roundId", a.id, (p.ids)[1 + abs(hashtext(a.id::text)) % array_length(p.ids, 1)],
             (CASE WHEN a.stage = 'EXPERT_REVIEW' THEN 'ASSIGNED' ELSE 'SUBMITTED' END)::"AssignmentStatus",
             CASE WHEN a.stage <> 'EXPERT_REVIEW' THEN a."finalScore" END,
             CASE WHEN a.stage <> 'EXPERT_REVIEW' THEN a."createdAt" + interval '20 days' END, a."createdAt" + interval '10 days'
           FROM "Application" a, seed_people p
           WHERE p.role = 'EXPERT' AND (a.stage = 'EXPERT_REVIEW' OR a."finalScore" IS NOT NULL)`);
  await q(`INSERT INTO "Notification" ("id", "userId", "kind", "title", "body", "applicationId", "readAt", "idempotencyKey", "createdAt")
           SELECT gen_random_uuid(), (p.ids)[1 + abs(hashtext(a.id::text)) % array_length(p.ids, 1)], 'application.submitted', '新的申报待审查',
             a.title || ' 已提交，请进行资格审查。', a.id,
             CASE WHEN abs(hashtext(a.id::text || 'read')) % 3 = 0 THEN NULL ELSE a."createdAt" + interval '1 day' END, 'seed-' || a.id, a."createdAt"
           FROM "Application" a, seed_people p
           WHERE p.role = 'REVIEWER' AND a.stage <> 'DRAFT'`);
  await q(`INSERT INTO "CreditRecord" ("id", "organizationId", "applicationId", "kind", "grade", "note", "createdAt")
           SELECT gen_random_uuid(), a."organizationId", a.id, CASE a.stage WHEN 'CLOSED' THEN 'COMMENDED' ELSE 'DISHONEST' END,
             CASE a.stage WHEN 'CLOSED' THEN 'EXCELLENT' ELSE 'FAIL' END, '结项评估', a."updatedAt"
           FROM "Application" a WHERE a.stage IN ('CLOSED', 'TERMINATED')`);
}
