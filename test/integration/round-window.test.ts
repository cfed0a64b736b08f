import { getRoundState } from '../../workflows/messages';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, roundPayload, TestUser } from '../support/factories';
import { eventually } from '../support/wait';

describe('round workflow on the real Temporal dev server', () => {
  let p: TestPlatform;
  let manager: TestUser;

  beforeAll(async () => {
    p = await startPlatform();
    manager = await makeUser(p, 'PROGRAM_MANAGER');
  });
  afterAll(async () => {
    // Rounds go on to their review steps: stop the ones this file left running.
    await shutDown(p);
  });

  it('opens and closes the application window on time, recording both in the database', async () => {
    const created = await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload()).expect(201);
    expect(created.body.status).toBe('DRAFT');
    expect(created.body.budgetPool).toBe('1000000.00');

    const published = await p.http.post(`/api/rounds/${created.body.id}/publish`).set(auth(manager)).expect(200);
    expect(published.body.status).toBe('PUBLISHED');
    const { opensAt, closesAt, workflowId } = published.body;

    // The workflow goes on to the review steps; here it must reach CLOSED on its own clock.
    const handle = p.client.workflow.getHandle(workflowId);
    const final = await eventually(
      async () => {
        const s = await handle.query(getRoundState);
        return s.status === 'CLOSED' ? s : undefined;
      },
      { label: 'round CLOSED' },
    );
    expect(final.status).toBe('CLOSED');

    const round = await p.prisma.round.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(round.status).toBe('CLOSED');
    const trail = await p.prisma.auditEntry.findMany({ where: { entityType: 'Round', entityId: round.id }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => [e.action, e.fromState, e.toState])).toEqual([
      ['round.created', null, 'DRAFT'],
      ['round.published', 'DRAFT', 'PUBLISHED'],
      ['round.windowOpened', 'PUBLISHED', 'OPEN'],
      ['round.windowClosed', 'OPEN', 'CLOSED'],
    ]);
    expect(trail[0].actorId).toBe(manager.id);
    expect(trail[2].actorRole).toBe('SYSTEM');
    // Never early: each timer fired at or after its instant.
    expect(trail[2].at.getTime()).toBeGreaterThanOrEqual(Date.parse(opensAt));
    expect(trail[3].at.getTime()).toBeGreaterThanOrEqual(Date.parse(closesAt));

    // Visibility is eventually consistent: poll until the status search attribute shows up.
    const found = await eventually(async () => {
      const ids: string[] = [];
      for await (const wf of p.client.workflow.list({ query: `WorkflowId = '${workflowId}' AND RoundStatus = 'CLOSED'` }))
        ids.push(wf.workflowId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(found).toEqual([workflowId]);
  });

  it('refuses to publish a round twice with 409 and the current status', async () => {
    const created = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(
        roundPayload({
          opensAt: new Date(Date.now() + 60_000).toISOString(),
          closesAt: new Date(Date.now() + 120_000).toISOString(),
        }),
      )
      .expect(201);
    await p.http.post(`/api/rounds/${created.body.id}/publish`).set(auth(manager)).expect(200);
    const again = await p.http.post(`/api/rounds/${created.body.id}/publish`).set(auth(manager)).expect(409);
    expect(again.body.currentStage).toBe('PUBLISHED');
    await p.client.workflow.getHandle(`round-${created.body.id}`).terminate('test cleanup');
  });
});
