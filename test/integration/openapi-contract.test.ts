process.env.PSP_TEST_CITY = '330700';
import { createHash, randomUUID } from 'node:crypto';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TEST_PASSWORD, TestUser } from '../support/factories';
import { pdfFile } from '../support/files';
import { noticedRound } from '../support/funded-projects';
import { builtOpenApiDocument, ContractChecker } from '../support/openapi-contract';
import { eventually } from '../support/wait';
import type { Response } from 'supertest';

/**
 * Issue 17, a typed API contract: the real answers of the main flow (round created and published,
 * application created and submitted, the eligibility decision) and the refusals 400, 401, 403, 404
 * and 409 each match the schema the OpenAPI document gives for that path, method and status.
 */
describe('OpenAPI contract against real answers', () => {
  let p: TestPlatform;
  let contract: ContractChecker;
  let manager: TestUser;
  let applicant: TestUser;
  let reviewer: TestUser;
  let orgId: string;

  /** Expects the status, then that the answer matches the document. */
  function conforms(method: string, path: string, res: Response, status: number): Response {
    expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status });
    expect(contract.problems(method, path, res)).toEqual([]);
    return res;
  }

  beforeAll(async () => {
    contract = new ContractChecker(builtOpenApiDocument());
    p = await startPlatform();
    [manager, applicant, reviewer] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'APPLICANT'), makeUser(p, 'REVIEWER')]);
    orgId = (await makeOrganization(p.prisma, applicant.id)).id;
  });

  afterAll(async () => {
    await shutDown(p);
  });

  it('documents the answers of the main flow, from a new round to the eligibility decision', async () => {
    const login = await p.http.post('/api/auth/login').send({ username: applicant.username, password: TEST_PASSWORD });
    conforms('POST', '/api/auth/login', login, 200);

    const opensAt = Date.now() + 500;
    const round = conforms(
      'POST',
      '/api/rounds',
      await p.http
        .post('/api/rounds')
        .set(auth(manager))
        .send(roundPayload({ opensAt: new Date(opensAt).toISOString(), closesAt: new Date(opensAt + 3_600_000).toISOString() })),
      201,
    ).body as { id: string };
    conforms('POST', '/api/rounds/{id}/publish', await p.http.post(`/api/rounds/${round.id}/publish`).set(auth(manager)), 200);
    const read = conforms('GET', '/api/rounds/{id}', await p.http.get(`/api/rounds/${round.id}`).set(auth(applicant)), 200);
    // The comparison can fail: the same answer with a number for an amount does not match.
    expect(contract.problems('GET', '/api/rounds/{id}', { status: 200, body: { ...read.body, budgetPool: 5 } })).toEqual([
      'GET /api/rounds/{id} 200: /budgetPool must be string',
    ]);
    conforms('GET', '/api/rounds', await p.http.get('/api/rounds').set(auth(manager)), 200);
    conforms('GET', '/api/auth/me', await p.http.get('/api/auth/me').set(auth(reviewer)), 200);

    const created = conforms(
      'POST',
      '/api/applications',
      await p.http
        .post('/api/applications')
        .set(auth(applicant))
        .send(applicationPayload(round.id, orgId, '100000.00')),
      201,
    ).body as { id: string; version: number };
    const stale = await p.http
      .patch(`/api/applications/${created.id}`)
      .set(auth(applicant))
      .send({ version: created.version + 5, title: '改过的标题' });
    expect(conforms('PATCH', '/api/applications/{id}', stale, 409).body.code).toBe('STALE_VERSION');

    const upload = await p.http
      .post(`/api/applications/${created.id}/attachments`)
      .set(auth(applicant))
      .field('kind', 'IMPLEMENTATION_PLAN')
      .attach('file', pdfFile('实施方案'), { filename: '实施方案.pdf', contentType: 'application/pdf' });
    conforms('POST', '/api/applications/{id}/attachments', upload, 201);
    conforms(
      'GET',
      '/api/applications/{id}/attachments',
      await p.http.get(`/api/applications/${created.id}/attachments`).set(auth(applicant)),
      200,
    );
    await eventually(async () => (Date.now() > opensAt + 200 ? true : undefined), { label: 'window open' });
    const checks = await p.http.get(`/api/applications/${created.id}/checks`).set(auth(applicant));
    expect(conforms('GET', '/api/applications/{id}/checks', checks, 200).body.canSubmit).toBe(true);
    const submitted = await p.http.post(`/api/applications/${created.id}/submit`).set(auth(applicant)).send({});
    expect(conforms('POST', '/api/applications/{id}/submit', submitted, 200).body.stage).toBe('ELIGIBILITY_REVIEW');
    conforms('GET', '/api/applications/{id}', await p.http.get(`/api/applications/${created.id}`).set(auth(reviewer)), 200);

    const decide = () => p.http.post(`/api/applications/${created.id}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' });
    conforms('POST', '/api/applications/{id}/eligibility-decision', await decide(), 200);
    for (const [user, part] of [
      [reviewer, 'eligibility-checks'],
      [applicant, 'history'],
      [reviewer, 'history'],
    ] as const) {
      conforms('GET', `/api/applications/{id}/${part}`, await p.http.get(`/api/applications/${created.id}/${part}`).set(auth(user)), 200);
    }
    conforms('GET', '/api/notifications', await p.http.get('/api/notifications').set(auth(applicant)), 200);
    conforms('GET', '/api/dashboard', await p.http.get('/api/dashboard').set(auth(manager)), 200);
    conforms('GET', '/api/organizations/{id}/members', await p.http.get(`/api/organizations/${orgId}/members`).set(auth(applicant)), 200);
    conforms('GET', '/api/organizations/{id}', await p.http.get(`/api/organizations/${orgId}`).set(auth(applicant)), 200);
    conforms('GET', '/api/calendar', await p.http.get('/api/calendar?year=2026'), 200);
    const eligible = await p.http.get(`/api/rounds/eligibility/${orgId}`).set(auth(applicant));
    expect(conforms('GET', '/api/rounds/eligibility/{organizationId}', eligible, 200).body.length).toBeGreaterThan(0);
    // The acceptance receipt (受理回执), with its signatures (none).
    const documents = await eventually(
      async () => {
        const res = await p.http.get(`/api/applications/${created.id}/documents`).set(auth(applicant));
        return (res.body as unknown[]).length > 0 ? res : undefined;
      },
      { label: 'the acceptance receipt' },
    );
    conforms('GET', '/api/applications/{id}/documents', documents, 200);
    // The same decision again: the stage no longer allows it.
    const again = conforms('POST', '/api/applications/{id}/eligibility-decision', await decide(), 409);
    expect(again.body).toMatchObject({ code: 'INVALID_TRANSITION', currentStage: expect.any(String) });
  });

  it('documents the refusals 400 (every field and rule), 401, 403 and 404 in the one error shape', async () => {
    const bad = await p.http.post('/api/applications').set(auth(applicant)).send({ roundId: 'not-a-uuid', requestedAmount: -1 });
    conforms('POST', '/api/applications', bad, 400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = (bad.body.errors as { field: string; rule: string; message: string }[]).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['roundId', 'organizationId', 'title', 'requestedAmount']));

    conforms('GET', '/api/rounds', await p.http.get('/api/rounds'), 401);
    conforms('POST', '/api/rounds', await p.http.post('/api/rounds').set(auth(applicant)).send(roundPayload()), 403);
    conforms('GET', '/api/applications/{id}', await p.http.get(`/api/applications/${randomUUID()}`).set(auth(applicant)), 404);
    conforms('GET', '/api/rounds/{id}', await p.http.get('/api/rounds/not-a-uuid').set(auth(applicant)), 400);
  });

  it('documents the public answers: the notices, a round in notice, and /verify of its PDF', async () => {
    const r = await noticedRound(p, 1);
    conforms('GET', '/api/public/notices', await p.http.get('/api/public/notices'), 200);
    const notice = conforms('GET', '/api/public/notices/{roundId}', await p.http.get(`/api/public/notices/${r.roundId}`), 200).body as {
      entries: unknown[];
      document: { id: string };
    };
    expect(notice.entries).toHaveLength(1);
    const pdf = await p.http.get(`/api/public/documents/${notice.document.id}/pdf`).responseType('blob').expect(200);
    const sha256 = createHash('sha256')
      .update(pdf.body as Buffer)
      .digest('hex');
    const verified = conforms('GET', '/api/public/verify', await p.http.get('/api/public/verify').query({ sha256 }), 200);
    expect(verified.body).toMatchObject({ issued: true, matchedBy: 'file', document: { kind: 'PUBLIC_NOTICE', pdfSha256: sha256 } });
    const unknown = conforms('GET', '/api/public/verify', await p.http.get('/api/public/verify').query({ sha256: '0'.repeat(64) }), 200);
    expect(unknown.body.issued).toBe(false);
  });
});
