import request from 'supertest';
import { createPrismaClient, type PrismaClient } from '../../prisma/client';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload } from '../support/factories';
import { freePort, Managed, spawnApi, spawnWorker } from '../support/processes';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * Issue 17, logs and metrics, on the built apps as `npm start` runs them: both write JSON lines;
 * the request id of an HTTP call travels into the Temporal update's headers and is on the
 * worker's line of the activity that carried out the same decision; each app serves Prometheus
 * metrics on a port of its own on the loopback interface — HTTP latency histograms by route
 * pattern, the business counters, and in the worker the Temporal SDK's own metrics.
 */
describe('JSON logs with the request id, and Prometheus metrics', () => {
  let api: Managed;
  let worker: Managed;
  let prisma: PrismaClient;
  let p: TestPlatform;
  let apiMetrics: number;
  let workerMetrics: number;

  const json = (lines: string[]) =>
    lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  const metricsText = async (port: number) => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();

  beforeAll(async () => {
    const [port, a, w] = await Promise.all([freePort(), freePort(), freePort()]);
    apiMetrics = a;
    workerMetrics = w;
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: `logs-${Math.random().toString(36).slice(2, 10)}`,
      LOG_LEVEL: 'info',
    };
    [api, worker] = await Promise.all([
      spawnApi({ ...env, API_PORT: String(port), METRICS_PORT: String(apiMetrics) }),
      spawnWorker({ ...env, METRICS_PORT: String(workerMetrics) }),
    ]);
    prisma = createPrismaClient(process.env.DATABASE_URL!);
    // What the factories need of a platform: its HTTP address and the database.
    p = { http: request(`http://127.0.0.1:${port}`), prisma } as unknown as TestPlatform;
  }, 180000);

  afterAll(async () => {
    await Promise.all([api?.stop('SIGTERM'), worker?.stop('SIGTERM')]);
    await prisma?.$disconnect();
  });

  it('follows one decision by its request id from the API log into the worker log', async () => {
    const [manager, applicant] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'APPLICANT')]);
    const org = await makeOrganization(prisma, applicant.id);
    const now = Date.now();
    const round = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 600000).toISOString() });
    const roundId: string = (await p.http.post('/api/rounds').set(auth(manager)).send(round).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    const id: string = (
      await p.http
        .post('/api/applications')
        .set(auth(applicant))
        .send(applicationPayload(roundId, org.id, '100000.00'))
        .expect(201)
    ).body.id;
    await eventually(
      async () => ((await prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'round OPEN',
      },
    );

    const requestId = `submit-${Math.random().toString(36).slice(2, 12)}`;
    const res = await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).set('X-Request-Id', requestId).expect(200);
    expect(res.headers['x-request-id']).toBe(requestId);

    // The API's line of the request, as JSON, with the id, the route and the status.
    const apiLine = await eventually(
      async () => json(api.lines).find((l) => l.reqId === requestId && (l.res as { statusCode?: number })?.statusCode === 200),
      {
        label: 'API log line of the submission',
      },
    );
    expect(apiLine).toMatchObject({ app: 'api', level: 'info', req: { method: 'POST', url: `/api/applications/${id}/submit` } });
    // Credentials stay out of the log.
    expect(JSON.stringify(apiLine)).not.toContain(applicant.token);
    // The worker's line of the activity that recorded the same submission carries the same id.
    const workerLine = await eventually(
      async () => json(worker.lines).find((l) => l.reqId === requestId && l.activityType === 'recordSubmission'),
      { label: 'worker log line of the submission', timeoutMs: 30000 },
    );
    expect(workerLine).toMatchObject({ app: 'worker', level: 'info', msg: 'activity done', workflowId: expect.stringContaining(id) });

    // An id that is not well formed is replaced with one of the platform's own.
    const other = await p.http.get('/api/health').set('X-Request-Id', 'not an id; drop table');
    expect(other.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the histograms and counters on metrics ports of their own, not on the public one', async () => {
    const apiText = await metricsText(apiMetrics);
    expect(apiText).toMatch(/psp_http_request_duration_seconds_bucket\{[^}]*route="\/api\/applications\/:id\/submit"[^}]*status="200"/);
    expect(apiText).toContain('# TYPE psp_http_request_duration_seconds histogram');
    // Route patterns, never raw paths: no application id in any label.
    expect(apiText).not.toMatch(/route="\/api\/applications\/[0-9a-f]{8}-/);
    const workerText = await eventually(
      async () => {
        const text = await metricsText(workerMetrics);
        return /psp_applications_submitted_total \d/.test(text) ? text : undefined;
      },
      { label: 'worker counters' },
    );
    expect(Number(/psp_applications_submitted_total (\d+)/.exec(workerText)![1])).toBeGreaterThanOrEqual(1);
    expect(workerText).toContain('# TYPE psp_decisions_total counter');
    expect(workerText).toContain('# TYPE psp_payments_total counter');
    expect(workerText).toContain('# TYPE psp_emails_total counter');
    // The Temporal SDK's own worker metrics, from its runtime.
    expect(workerText).toMatch(/^temporal_\w+/m);
    // The public API port does not serve them.
    await p.http.get('/metrics').expect(404);
  });
});
