import { ORG_KINDS, ORG_WORDS, ReadData } from './read-seed';
import type { Person } from './api-client';

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * One read the platform serves, and the same read written as plain SQL by hand: the rows of
 * the first page and the total, as the API returns them. `same` checks that both found the
 * same thing (the API's total or money against the SQL's), so the comparison is fair.
 */
export interface ReadCase {
  name: string;
  who: Person;
  path: string;
  sql: Statement[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compares loosely typed JSON with SQL rows
  same(api: any, sql: any[][]): boolean;
}

const FUNDED = `'APPROVED', 'AGREEMENT_SIGNED', 'IMPLEMENTATION', 'RECTIFICATION', 'FINAL_EVALUATION', 'CLOSING', 'CLOSED', 'TERMINATED'`;
const PAGE = 'LIMIT 20 OFFSET 0';
const totalIs = (api: { total: number }, sql: { count: string }[][]) => api.total === Number(sql[1][0].count);

/** A page and its count over the same FROM … WHERE, as Prisma's findMany + count do. */
function paged(select: string, from: string, order: string, values: unknown[]): Statement[] {
  return [
    { text: `SELECT ${select} ${from} ORDER BY ${order} ${PAGE}`, values },
    { text: `SELECT count(*) ${from}`, values },
  ];
}

const APPLICATIONS_IN = (extra: string) =>
  `FROM "Application" a JOIN "Round" r ON r."id" = a."roundId" WHERE r."regionCode" LIKE $1 ${extra}`;
const APPLICATION_ORDER = `a."submittedAt", a."createdAt", a."id"`;

/** The dashboard's five aggregates for one scope, written directly. */
function dashboardSql(scope: { prefix?: string; roundId?: string }): Statement[] {
  const where = scope.prefix ? `WHERE r."regionCode" LIKE $1` : scope.roundId ? `WHERE a."roundId" = $1` : '';
  const and = where ? `${where} AND` : 'WHERE';
  const apps = scope.prefix ? `"Application" a JOIN "Round" r ON r."id" = a."roundId"` : `"Application" a`;
  const values = scope.prefix ? [`${scope.prefix}%`] : scope.roundId ? [scope.roundId] : [];
  const committed = `COALESCE(SUM(a."award") FILTER (WHERE a."stage" IN (${FUNDED})), 0)::numeric(20, 2)::text AS committed`;
  return [
    { text: `SELECT COALESCE(SUM(a."award"), 0)::numeric(20, 2)::text AS v FROM ${apps} ${and} a."stage" IN (${FUNDED})`, values },
    {
      text: `SELECT COALESCE(SUM(p."amount"), 0)::numeric(20, 2)::text AS v FROM "Payment" p${where ? ` JOIN ${apps} ON a."id" = p."applicationId" ${where}` : ''}`,
      values,
    },
    { text: `SELECT a."stage", count(*)::int AS count FROM ${apps} ${where} GROUP BY 1 ORDER BY 1`, values },
    { text: `SELECT a."category" AS key, count(*)::int AS count, ${committed} FROM ${apps} ${where} GROUP BY 1 ORDER BY 1`, values },
    {
      text: `SELECT r."regionCode" AS key, count(*)::int AS count, ${committed} FROM "Application" a JOIN "Round" r ON r."id" = a."roundId" ${where} GROUP BY 1 ORDER BY 1`,
      values,
    },
  ];
}

const moneySame = (api: { committed: string; paid: string }, sql: { v: string }[][]) =>
  api.committed === sql[0][0].v && api.paid === sql[1][0].v;

export function readCases(d: ReadData): ReadCase[] {
  const city = '3301%';
  // One organization by its full name (a number makes it unique), and a word + kind that a tenth of a province's share matches.
  const n = Math.floor(d.organizations / 2) + 7;
  const exactName = `${ORG_KINDS[Math.floor(n / 8) % 5]}${String(n).padStart(6, '0')}`;
  const broad = `${ORG_WORDS[4]}${ORG_KINDS[1].slice(0, 3)}`;
  // The organizations as an array, so that the planner can combine both trigram indexes (an IN (subquery) under OR cannot).
  const search = (q: string): Statement[] =>
    paged(
      'a.*',
      `FROM "Application" a JOIN "Round" r ON r."id" = a."roundId"
     WHERE r."regionCode" LIKE $1 AND (a."title" ILIKE $2 OR a."organizationId" = ANY(ARRAY(SELECT "id" FROM "Organization" WHERE "name" ILIKE $2)))`,
      APPLICATION_ORDER,
      ['33%', `%${q}%`],
    );
  return [
    {
      name: 'reviewer queue: city, eligibility review',
      who: d.reviewer,
      path: '/api/applications?stage=ELIGIBILITY_REVIEW&pageSize=20',
      sql: paged('a.*', APPLICATIONS_IN(`AND a."stage" = 'ELIGIBILITY_REVIEW'`), APPLICATION_ORDER, [city]),
      same: totalIs,
    },
    {
      name: 'reviewer queue: one round',
      who: d.reviewer,
      path: `/api/applications?roundId=${d.openRoundId}&stage=ELIGIBILITY_REVIEW&pageSize=20`,
      sql: paged('a.*', APPLICATIONS_IN(`AND a."roundId" = $2 AND a."stage" = 'ELIGIBILITY_REVIEW'`), APPLICATION_ORDER, [
        city,
        d.openRoundId,
      ]),
      same: totalIs,
    },
    {
      name: 'finance queue: tranches due',
      who: d.finance,
      path: '/api/tranches?status=DUE&pageSize=20',
      sql: paged(
        't.*, a."title", o."name" AS "organizationName"',
        `FROM "Tranche" t JOIN "Application" a ON a."id" = t."applicationId" JOIN "Round" r ON r."id" = a."roundId"
         JOIN "Organization" o ON o."id" = a."organizationId" WHERE t."status" = 'DUE' AND r."regionCode" LIKE $1`,
        't."dueAt", t."applicationId", t."seq"',
        [city],
      ),
      same: totalIs,
    },
    {
      name: 'expert queue: assigned, with credit history',
      who: d.expert,
      path: '/api/assignments?status=ASSIGNED&pageSize=20',
      sql: [
        ...paged(
          's.*, a."title", a."category", a."requestedAmount", a."organizationId"',
          `FROM "Assignment" s JOIN "Application" a ON a."id" = s."applicationId" WHERE s."expertId" = $1 AND s."status" = 'ASSIGNED'`,
          's."createdAt", s."id"',
          [d.expert.id],
        ),
        {
          text: `SELECT c.*, a."title" FROM "CreditRecord" c JOIN "Application" a ON a."id" = c."applicationId"
                 WHERE c."organizationId" IN (SELECT a2."organizationId" FROM "Assignment" s JOIN "Application" a2 ON a2."id" = s."applicationId"
                   WHERE s."expertId" = $1 AND s."status" = 'ASSIGNED' ORDER BY s."createdAt", s."id" ${PAGE})
                 ORDER BY c."createdAt" DESC`,
          values: [d.expert.id],
        },
      ],
      same: totalIs,
    },
    {
      name: 'inbox: unread notifications',
      who: d.reviewer,
      path: '/api/notifications?unread=true&pageSize=20',
      sql: paged(
        '"id", "userId", "kind", "title", "body", "applicationId", "readAt", "createdAt"',
        `FROM "Notification" WHERE "userId" = $1 AND "readAt" IS NULL`,
        '"createdAt" DESC, "id"',
        [d.reviewer.id],
      ),
      same: totalIs,
    },
    {
      name: 'project search: one organization',
      who: d.provinceManager,
      path: `/api/applications?q=${encodeURIComponent(exactName)}&pageSize=20`,
      sql: search(exactName),
      same: totalIs,
    },
    {
      name: 'project search: broad (word + kind)',
      who: d.provinceManager,
      path: `/api/applications?q=${encodeURIComponent(broad)}&pageSize=20`,
      sql: search(broad),
      same: totalIs,
    },
    { name: 'dashboard: whole country (admin)', who: d.admin, path: '/api/dashboard', sql: dashboardSql({}), same: moneySame },
    {
      name: 'dashboard: city (manager)',
      who: d.cityManager,
      path: '/api/dashboard',
      sql: dashboardSql({ prefix: '3301' }),
      same: moneySame,
    },
    {
      name: 'dashboard: one round',
      who: d.admin,
      path: `/api/dashboard?roundId=${d.finalizedRoundId}`,
      sql: dashboardSql({ roundId: d.finalizedRoundId }),
      same: moneySame,
    },
  ];
}
