import { auth } from '../support/factories';
import { PrivateTemporal } from '../support/processes';
import { finishProject, sleep } from './lifecycle';
import { finishThrough, fund, Stack, startStack, verifyInto, waitHealthy } from './outage';
import { newTally, writeTally } from './tally';

/**
 * Issue 6, part 2 (Temporal): the dev server is killed in the middle of a run and started again
 * on the same SQLite file. Meanwhile the API answers 503 with Retry-After for what needs Temporal
 * (and 200 for what needs only the database); afterwards every project completes, with each
 * transition and payment once.
 */
describe('the Temporal server killed and restarted mid-run', () => {
  const temporal = new PrivateTemporal();
  let s: Stack;
  const tally = newTally();

  beforeAll(async () => {
    await temporal.start();
    s = await startStack(process.env.DATABASE_URL!, temporal.address);
  });
  afterAll(async () => {
    await s?.close();
    await temporal.destroy();
    writeTally(__filename, tally);
  });

  it('answers 503 while it is down, then finishes every project once', async () => {
    // Three projects are driven to closeout through the outage; the fourth carries the probes.
    const f = await fund(s, 4);
    const probe = f.projectIds[3];
    const driven = { ...f, projectIds: f.projectIds.slice(0, 3) };
    let probeAnswer: { status: number; retryAfter?: string; code?: string; ms: number } | undefined;

    const { unavailable } = await finishThrough(s, driven, async () => {
      await temporal.stop('SIGKILL');
      tally.faults++;
      const down = Date.now();
      const health = await s.http.get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body.error.temporal.status).toBe('down');
      // Reading a project needs only PostgreSQL.
      await s.http.get(`/api/projects/${probe}`).set(auth(f.finance1)).expect(200);
      // A decision needs Temporal: 503 once the client has given up retrying, never 500.
      const res = await s.http.post(`/api/projects/${probe}/tranches/1/request`).set(auth(f.finance1));
      probeAnswer = { status: res.status, retryAfter: res.headers['retry-after'], code: res.body.code, ms: Date.now() - down };
      await sleep(Math.max(0, 20000 - (Date.now() - down)));
      await temporal.start();
      await waitHealthy(s);
      tally.notes!.push(`Temporal down ${((Date.now() - down) / 1000).toFixed(0)} s`);
    });

    expect(probeAnswer).toMatchObject({ status: 503, retryAfter: '5', code: 'DEPENDENCY_UNAVAILABLE' });
    // The refused decision wrote nothing; asked again it is taken, once.
    const tranche = () => s.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: probe, seq: 1 } } });
    expect((await tranche()).status).toBe('DUE');
    expect(await s.prisma.auditEntry.count({ where: { entityId: `${probe}/1`, action: 'tranche.requested' } })).toBe(0);
    await s.http.post(`/api/projects/${probe}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await finishProject(s, f, 3);
    tally.notes!.push(`503 to the drivers ×${unavailable}, to the probe after ${(probeAnswer!.ms / 1000).toFixed(1)} s`);
    await verifyInto(tally, s, f);
  }, 540000);
});
