import { auth, makeUser, organizationPayload } from '../support/factories';
import { PrivatePostgres } from '../support/processes';
import { finishProject, sleep } from './lifecycle';
import { finishThrough, fund, Stack, startStack, verifyInto, waitHealthy } from './outage';
import { newTally, writeTally } from './tally';
import type { TestPlatform } from '../support/app';
import type { Response } from 'supertest';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const db = require('../../scripts/db.cjs');

/**
 * Issue 6, part 2 (PostgreSQL): a private PostgreSQL cluster (never the machine's shared
 * server) is stopped with `pg_ctl -m immediate` — every connection dropped at once, like a crash
 * — in the middle of a run and of a burst of writes, then started again. Meanwhile the API
 * answers 503 with Retry-After; afterwards every write is whole or absent, and every project
 * completes with each transition and payment once.
 */
describe('PostgreSQL stopped and restarted mid-run', () => {
  const pg = new PrivatePostgres();
  let s: Stack;
  const tally = newTally();

  beforeAll(async () => {
    await pg.init();
    const url = pg.url('psp');
    await db.ensureDatabase(url);
    db.migrateDeploy(url, { quiet: true });
    s = await startStack(url, process.env.TEMPORAL_ADDRESS!);
  });
  afterAll(async () => {
    await s?.close();
    await pg.destroy();
    writeTally(__filename, tally);
  });

  it('answers 503 while it is down, leaves no half-written change, then finishes every project once', async () => {
    const f = await fund(s, 4);
    const probe = f.projectIds[3];
    const driven = { ...f, projectIds: f.projectIds.slice(0, 3) };
    const registrar = await makeUser(s as unknown as TestPlatform, 'APPLICANT');
    const names = Array.from({ length: 60 }, (_, k) => `故障注入测试社工服务中心${Date.now().toString(36)}${k}`);
    let burst: Response[] = [];
    const whileDown: Record<string, Response> = {};

    const { unavailable } = await finishThrough(s, driven, async () => {
      // A stream of registrations, one every 15 ms, with the server going away in the middle of
      // it: some land before, some are cut off mid-transaction, the rest find it gone. Each must
      // end up whole or absent.
      const sent: Promise<Response>[] = [];
      const stream = (async () => {
        for (const name of names) {
          sent.push(
            s.http
              .post('/api/organizations')
              .set(auth(registrar))
              .send(organizationPayload({ name }))
              .then((r) => r),
          );
          await sleep(15);
        }
      })();
      await sleep(300);
      await pg.stop('immediate');
      tally.faults++;
      const down = Date.now();
      await stream;
      burst = await Promise.all(sent);
      whileDown.health = await s.http.get('/api/health');
      whileDown.read = await s.http.get(`/api/projects/${probe}`).set(auth(f.finance1));
      whileDown.decision = await s.http.post(`/api/projects/${probe}/tranches/1/request`).set(auth(f.finance1));
      whileDown.login = await s.http.post('/api/auth/login').send({ username: registrar.username, password: 'Test@12345' });
      await sleep(Math.max(0, 8000 - (Date.now() - down)));
      await pg.start();
      await waitHealthy(s);
      tally.notes!.push(`PostgreSQL down ${((Date.now() - down) / 1000).toFixed(0)} s`);
    });

    expect(whileDown.health.status).toBe(503);
    expect(whileDown.health.body.error.database.status).toBe('down');
    for (const key of ['read', 'decision', 'login']) {
      expect({
        key,
        status: whileDown[key].status,
        retryAfter: whileDown[key].headers['retry-after'],
        code: whileDown[key].body.code,
      }).toEqual({ key, status: 503, retryAfter: '5', code: 'DEPENDENCY_UNAVAILABLE' });
    }
    // No 500 in the burst, and each registration is all there (organization, membership, audit entry) or not at all.
    expect(burst.filter((r) => r.status !== 201 && r.status !== 503).map((r) => [r.status, r.body])).toEqual([]);
    let lostAcks = 0;
    for (const [k, name] of names.entries()) {
      const org = await s.prisma.organization.findFirst({ where: { name } });
      const parts = org
        ? [
            1,
            await s.prisma.membership.count({ where: { organizationId: org.id } }),
            await s.prisma.auditEntry.count({ where: { entityId: org.id, action: 'organization.created' } }),
          ]
        : [0, 0, 0];
      expect({ name, parts }).toEqual({ name, parts: org ? [1, 1, 1] : [0, 0, 0] });
      if (burst[k].status === 201) expect(org).not.toBeNull();
      // A commit whose answer was lost with the connection is whole too; counted, not hidden.
      if (burst[k].status === 503 && org) lostAcks++;
    }
    tally.transitions += names.length;
    tally.notes!.push(
      `burst: ${burst.filter((r) => r.status === 201).length} registered, ${burst.filter((r) => r.status === 503).length} refused with 503 (${lostAcks} of them committed), 503 to the drivers ×${unavailable}`,
    );

    // The refused decision wrote nothing; asked again it is taken, once.
    expect((await s.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: probe, seq: 1 } } })).status).toBe(
      'DUE',
    );
    await s.http.post(`/api/projects/${probe}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await finishProject(s, f, 3);
    await verifyInto(tally, s, f);
  }, 540000);
});
