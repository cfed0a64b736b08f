import { Logger } from '@nestjs/common';
import { projectWorkflowId } from '../../workflows/messages';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { eventually } from '../support/wait';

// Read when the API module is loaded (startPlatform requires it): short, so that a workflow
// that cannot answer is given up on quickly, and reported as stuck half a second after that.
const DECISION_TIMEOUT_MS = 2000;
process.env.TEMPORAL_DECISION_TIMEOUT_MS = String(DECISION_TIMEOUT_MS);
process.env.TEMPORAL_STUCK_TASK_MS = '500';

const BILINGUAL = /^[^a-zA-Z]*[\u4e00-\u9fff][^/]* \/ [a-zA-Z]/;

/**
 * A workflow that cannot answer: no worker polls this file's task queue, so a project's workflow
 * starts but its first workflow task is never picked up. Every decision sent to it must come
 * back as 503 with Retry-After within the decision timeout — never a 500, never a hung request —
 * and the health endpoint must then name the workflow as stuck.
 */
describe('decisions to a workflow that cannot answer', () => {
  let p: TestPlatform;
  let applicant: TestUser;
  let reviewer: TestUser;
  let applicationId: string;
  // The platform logs errors only; the warning is caught where every Nest logger writes it.
  const warn = jest.spyOn(Logger.prototype, 'warn');
  const workflowWarnings = () => warn.mock.calls.map(([message]) => String(message)).filter((m) => m.startsWith('decision to workflow'));

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [applicant, reviewer] = await Promise.all([makeUser(p, 'APPLICANT'), makeUser(p, 'REVIEWER')]);
    const org = await makeOrganization(p.prisma, applicant.id);
    const { opensAt: _opensAt, closesAt: _closesAt, budgetPool, projectCeiling, ...r } = roundPayload();
    const round = await p.prisma.round.create({
      data: {
        ...r,
        kind: 'VENTURE',
        budgetPool,
        projectCeiling,
        opensAt: new Date(Date.now() - 60_000),
        closesAt: new Date(Date.now() + 3_600_000),
        status: 'OPEN',
        createdById: reviewer.id,
      },
    });
    const { roundId: _r, organizationId: _o, ...data } = applicationPayload(round.id, org.id, '100000.00');
    applicationId = (
      await p.prisma.application.create({
        data: { ...data, roundId: round.id, organizationId: org.id, createdById: applicant.id, stage: 'DRAFT' },
      })
    ).id;
  });
  afterAll(async () => {
    warn.mockRestore();
    await shutDown(p);
  });

  const expectUnavailable = (res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, ms: number) => {
    expect({ status: res.status, code: res.body.code, dependency: res.body.dependency }).toEqual({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      dependency: 'temporal',
    });
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body.message).toMatch(BILINGUAL);
    expect(res.body.message).toMatch(/did not answer in time/);
    // Bounded by the decision timeout, with room for a slow machine; never the client's endless re-polling.
    expect(ms).toBeGreaterThanOrEqual(DECISION_TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(DECISION_TIMEOUT_MS + 8000);
  };

  it('answers a submission (update-with-start) with 503 and Retry-After once the decision timeout passes', async () => {
    const started = Date.now();
    const res = await p.http.post(`/api/applications/${applicationId}/submit`).set(auth(applicant));
    expectUnavailable(res, Date.now() - started);
    // The workflow was started all the same; it simply has no worker.
    const description = await p.client.workflow.getHandle(projectWorkflowId(applicationId)).describe();
    expect(description.status.name).toBe('RUNNING');
  });

  it('answers a later decision to the same workflow (an update) with 503 too, never 500', async () => {
    // With no worker the submission never reached PostgreSQL's stage column; a draft is its
    // organization's alone, so the stage the worker would have written is set here for the reviewer.
    await p.prisma.application.update({ where: { id: applicationId }, data: { stage: 'ELIGIBILITY_REVIEW' } });
    const started = Date.now();
    const res = await p.http.post(`/api/applications/${applicationId}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' });
    expectUnavailable(res, Date.now() - started);
  });

  it('logs one warning naming the workflow and its pending workflow task, however many decisions time out', async () => {
    const [line] = await eventually(async () => (workflowWarnings().length ? workflowWarnings() : undefined), { label: 'the warning' });
    expect(line).toContain(projectWorkflowId(applicationId));
    expect(line).toMatch(/workflow task SCHEDULED, attempt 1, scheduled \d+\.\d s ago, not started by any worker/);
    expect(workflowWarnings()).toHaveLength(1);
  });

  it('names the workflow in the health endpoint as stuck, with its pending workflow task, while the API stays 200', async () => {
    const res = await p.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.info.database.status).toBe('up');
    expect(res.body.info.temporal.status).toBe('up');
    expect(res.body.info.workflows).toMatchObject({ status: 'degraded', thresholdMs: 500 });
    expect(res.body.info.workflows.stuck).toEqual([
      expect.objectContaining({
        workflowId: projectWorkflowId(applicationId),
        state: 'SCHEDULED',
        attempt: 1,
        lastTimeoutAt: expect.any(String),
      }),
    ]);
    const [stuck] = res.body.info.workflows.stuck as { scheduledForMs: number; startedForMs?: number }[];
    expect(stuck.scheduledForMs).toBeGreaterThan(DECISION_TIMEOUT_MS);
    expect(stuck.startedForMs).toBeUndefined();
  });

  it('forgets the workflow once it has ended', async () => {
    await p.client.workflow.getHandle(projectWorkflowId(applicationId)).terminate('test: the case is over');
    const res = await p.http.get('/api/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.info.workflows).toEqual({ status: 'up', thresholdMs: 500, stuck: [] });
  });
});
