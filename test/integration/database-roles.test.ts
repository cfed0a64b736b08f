import { Client } from 'pg';
import { auth } from '../support/factories';
import { fundedPlatform, FundedProjects } from '../support/funded-projects';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * Issue 15, finding 9: the platform connects as the application role, which cannot truncate,
 * alter a table or switch its triggers off, and only appends to the audit, payment and
 * award-change tables; TRUNCATE of those is refused even to the owner; an award changes only
 * together with its award-change record. The platform itself (API and worker of this test) runs
 * as that role through a whole funding round.
 */
describe('database roles: the platform cannot rewrite its own record', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  let app: Client;
  let owner: Client;
  let project: string;

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000' }, 1));
    project = f.projectIds[0];
    // The first tranche paid through the API, so that a Payment row exists.
    await p.http.post(`/api/projects/${project}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${project}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    await eventually(async () => ((await p.prisma.payment.count({ where: { applicationId: project } })) === 1 ? true : undefined), {
      label: 'tranche 1 paid',
    });
    app = new Client({ connectionString: process.env.DATABASE_URL });
    owner = new Client({ connectionString: process.env.MIGRATION_DATABASE_URL });
    await Promise.all([app.connect(), owner.connect()]);
  });

  afterAll(async () => {
    await Promise.all([app?.end(), owner?.end()]);
    await close();
  });

  const refused = (c: Client, sql: string, pattern: RegExp, values: unknown[] = []) =>
    expect(c.query(sql, values)).rejects.toThrow(pattern);

  it('runs the platform as a role that is neither superuser nor owner of the tables', async () => {
    const who = await app.query(
      `SELECT current_user AS name, r.rolsuper, r.rolbypassrls, r.rolcreaterole,
              (SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user)::int AS owned
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(who.rows[0]).toEqual({ name: 'psp_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, owned: 0 });
    const tables = await owner.query(`SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`);
    expect(tables.rows).toEqual([{ tableowner: 'psp_owner' }]);
    // The same role the Prisma client of the API and the worker uses.
    const [viaPrisma] = await p.prisma.$queryRaw<{ u: string }[]>`SELECT current_user AS u`;
    expect(viaPrisma.u).toBe('psp_app');
  });

  it('refuses the application role TRUNCATE, DISABLE TRIGGER and a switch of replication role', async () => {
    for (const table of ['AuditEntry', 'Payment', 'AwardChange', 'Application']) {
      await refused(app, `TRUNCATE "${table}" CASCADE`, /permission denied/);
      await refused(app, `ALTER TABLE "${table}" DISABLE TRIGGER ALL`, /must be owner/);
    }
    await refused(app, `ALTER TABLE "Payment" DISABLE TRIGGER payment_no_update_delete`, /must be owner/);
    await refused(app, `DROP TRIGGER audit_entry_no_update_delete ON "AuditEntry"`, /must be owner/);
    await refused(app, `SET session_replication_role = replica`, /permission denied/);
    expect((await app.query(`SELECT count(*)::int AS n FROM "Payment" WHERE "applicationId" = $1`, [project])).rows[0].n).toBe(1);
  });

  it('refuses the application role UPDATE and DELETE of audit, payment and award-change rows', async () => {
    for (const table of ['AuditEntry', 'Payment', 'AwardChange']) {
      const { rows } = await app.query(
        `SELECT id FROM "${table}" WHERE ${table === 'AuditEntry' ? '"entityId"' : '"applicationId"'} = $1 LIMIT 1`,
        [project],
      );
      expect(rows).toHaveLength(1);
      await refused(app, `UPDATE "${table}" SET id = id WHERE id = $1`, /permission denied/, [rows[0].id]);
      await refused(app, `DELETE FROM "${table}" WHERE id = $1`, /permission denied/, [rows[0].id]);
    }
    // Reading and appending stay allowed: that is what the platform does.
    await app.query('BEGIN');
    await app.query(`INSERT INTO "AuditEntry" ("entityType", "entityId", "action") VALUES ('Application', $1, 'test.append')`, [project]);
    await app.query('ROLLBACK');
  });

  it('refuses TRUNCATE, UPDATE and DELETE of the append-only tables even to the owner', async () => {
    for (const table of ['AuditEntry', 'Payment', 'AwardChange']) {
      await refused(owner, `TRUNCATE "${table}" CASCADE`, /append-only \(TRUNCATE refused\)/);
      await refused(owner, `UPDATE "${table}" SET id = id`, /append-only \(UPDATE refused\)/);
      await refused(owner, `DELETE FROM "${table}"`, /append-only \(DELETE refused\)/);
    }
    expect((await owner.query(`SELECT count(*)::int AS n FROM "Payment"`)).rows[0].n).toBeGreaterThan(0);
  });

  it('keeps every award with its record, and refuses an award change without one', async () => {
    const before = await app.query(`SELECT "award"::text AS award FROM "Application" WHERE id = $1`, [project]);
    const award = before.rows[0].award as string;
    // The panel's close set the award through the audited path: its record names the decision and who took it.
    const history = await app.query(
      `SELECT "fromAward"::text AS "from", "award"::text AS "to", "action", "actorId" FROM "AwardChange" WHERE "applicationId" = $1 ORDER BY "at"`,
      [project],
    );
    expect(history.rows).toEqual([{ from: null, to: award, action: 'round.panelClosed', actorId: f.manager.id }]);

    // Changed behind the platform's back (within the checks on the row): refused at commit.
    await refused(app, `UPDATE "Application" SET "award" = "award" - 1000 WHERE id = $1`, /without its AwardChange record/, [project]);
    // A record of another amount does not cover it.
    await app.query('BEGIN');
    await app.query(
      `INSERT INTO "AwardChange" ("id", "applicationId", "award", "action") VALUES (gen_random_uuid(), $1, 1, 'test.other')`,
      [project],
    );
    await app.query(`UPDATE "Application" SET "award" = "award" - 1 WHERE id = $1`, [project]);
    await refused(app, 'COMMIT', /without its AwardChange record/);
    // A record of an earlier transaction does not either: the database stamps each record with its own.
    const forged = await app.query(
      `INSERT INTO "AwardChange" ("id", "applicationId", "award", "action", "txId") VALUES (gen_random_uuid(), $1, $2::numeric - 2, 'test.forged', 1) RETURNING "txId"::text AS tx`,
      [project, award],
    );
    expect(forged.rows[0].tx).not.toBe('1');
    await refused(app, `UPDATE "Application" SET "award" = "award" - 2 WHERE id = $1`, /without its AwardChange record/, [project]);
    // With its record in the same transaction, the change is accepted (rolled back here).
    await app.query('BEGIN');
    await app.query(
      `INSERT INTO "AwardChange" ("id", "applicationId", "fromAward", "award", "action") VALUES (gen_random_uuid(), $1, $2, $2::numeric - 1, 'test.recorded')`,
      [project, award],
    );
    await app.query(`UPDATE "Application" SET "award" = "award" - 1 WHERE id = $1`, [project]);
    await app.query('SET CONSTRAINTS ALL IMMEDIATE');
    await app.query('ROLLBACK');
    expect((await app.query(`SELECT "award"::text AS award FROM "Application" WHERE id = $1`, [project])).rows[0].award).toBe(award);
    // Nor can a new application be inserted already carrying an award.
    await refused(
      app,
      `INSERT INTO "Application" SELECT (jsonb_populate_record(NULL::"Application", to_jsonb(a) || jsonb_build_object('id', gen_random_uuid(), 'workflowId', NULL))).*
         FROM "Application" a WHERE a.id = $1`,
      /without its AwardChange record/,
      [project],
    );
  });

  it('gives every table a later migration adds the same rights by default', async () => {
    await owner.query('BEGIN');
    await owner.query('CREATE TABLE "RolesProbe" (id int PRIMARY KEY)');
    const rights = await owner.query(
      `SELECT privilege_type FROM information_schema.role_table_grants WHERE table_name = 'RolesProbe' AND grantee = 'psp_app' ORDER BY 1`,
    );
    await owner.query('ROLLBACK');
    expect(rights.rows.map((r) => r.privilege_type)).toEqual(['DELETE', 'INSERT', 'SELECT', 'UPDATE']);
  });
});
