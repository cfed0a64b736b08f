process.env.PSP_TEST_CITY = '330700';
import { createHash, randomUUID } from 'node:crypto';
import { notify } from '../../activities/support';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import {
  applicationPayload,
  auth,
  makeOrganization,
  makeUser,
  organizationPayload,
  roundPayload,
  TEST_PASSWORD,
  TestUser,
} from '../support/factories';
import { pdfFile } from '../support/files';
import { noticedRound } from '../support/funded-projects';
import { startMailDelivery, testMailDomain } from '../support/mailbox';
import { fileConfirmed } from '../support/objections';
import { builtOpenApiDocument, ContractChecker, contractOf } from '../support/openapi-contract';
import { freePort } from '../support/processes';
import { eventually } from '../support/wait';

/**
 * Issue 17, a typed API contract: the real answers of the main flow (round created and published,
 * application created and submitted, the eligibility decision, one by one and in bulk), of the
 * review (ranking, assignments, ties, objections and rulings), of registration facts and disputes,
 * of notifications and failed mail, and the refusals 400, 401, 403, 404 and 409 each match the
 * schema the OpenAPI document gives for that path, method and status, with no undocumented field
 * in a success body. The funded project's answers: openapi-contract-projects.test.ts.
 */
describe('OpenAPI contract against real answers', () => {
  let p: TestPlatform;
  let contract: ContractChecker;
  let manager: TestUser;
  let applicant: TestUser;
  let reviewer: TestUser;
  let orgId: string;
  let conforms: ReturnType<typeof contractOf>;

  beforeAll(async () => {
    contract = new ContractChecker(builtOpenApiDocument());
    conforms = contractOf(contract);
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
    // So can a field the document does not name.
    expect(contract.problems('GET', '/api/rounds/{id}', { status: 200, body: { ...read.body, secret: 'x' } })).toEqual([
      'GET /api/rounds/{id} 200: (body) must NOT have additional properties (secret)',
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
    conforms('GET', '/api/attachment-rules', await p.http.get('/api/attachment-rules').set(auth(applicant)), 200);
    const other: string = (
      await p.http
        .post('/api/applications')
        .set(auth(applicant))
        .send(applicationPayload(round.id, orgId, '80000.00'))
        .expect(201)
    ).body.id;
    await eventually(async () => (Date.now() > opensAt + 200 ? true : undefined), { label: 'window open' });
    const checks = await p.http.get(`/api/applications/${created.id}/checks`).set(auth(applicant));
    expect(conforms('GET', '/api/applications/{id}/checks', checks, 200).body.canSubmit).toBe(true);
    const submitted = await p.http.post(`/api/applications/${created.id}/submit`).set(auth(applicant)).send({});
    expect(conforms('POST', '/api/applications/{id}/submit', submitted, 200).body.stage).toBe('ELIGIBILITY_REVIEW');
    conforms('GET', '/api/applications/{id}', await p.http.get(`/api/applications/${created.id}`).set(auth(reviewer)), 200);
    // The other one in bulk, beside an id that names nothing.
    await p.http.post(`/api/applications/${other}/submit`).set(auth(applicant)).send({}).expect(200);
    await eventually(async () => ((await p.prisma.eligibilityCheck.count({ where: { applicationId: other } })) > 0 ? true : undefined), {
      label: 'checks recorded',
    });
    const nobody = randomUUID();
    const passes = await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(reviewer))
      .send({ applicationIds: [other, nobody] });
    expect(conforms('POST', '/api/applications/eligibility-passes', passes, 200).body).toMatchObject({
      passed: [{ id: other }],
      refused: [{ id: nobody, title: null, reason: 'notFound' }],
    });

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
    conforms('POST', '/api/notifications/read-all', await p.http.post('/api/notifications/read-all').set(auth(applicant)), 200);
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

  it('documents the public answers and the review: notices, /verify, ranking, assignments, ties, objections and rulings', async () => {
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

    const ranking = conforms(
      'GET',
      '/api/rounds/{id}/ranking',
      await p.http.get(`/api/rounds/${r.roundId}/ranking`).set(auth(r.manager)),
      200,
    );
    expect(ranking.body.entries).toHaveLength(1);
    const mine = conforms('GET', '/api/assignments', await p.http.get(`/api/assignments?roundId=${r.roundId}`).set(auth(r.expert)), 200);
    expect(mine.body.items).toMatchObject([{ applicationId: r.applicationIds[0], status: 'SUBMITTED' }]);
    const tie = { organizationId: orgId, reason: '曾任该组织理事' };
    conforms('POST', '/api/experts/me/ties', await p.http.post('/api/experts/me/ties').set(auth(r.expert)).send(tie), 201);
    const ties = conforms('GET', '/api/experts/me/ties', await p.http.get('/api/experts/me/ties').set(auth(r.expert)), 200);
    expect(ties.body).toMatchObject([tie]);

    const objection = (k: number) => ({
      applicationId: r.applicationIds[0],
      name: `异议人${k}`,
      contact: `objector${k}-${r.roundId.slice(0, 8)}@example.cn`,
      reason: '该项目申报材料中的服务对象人数与实际情况不符，请予核实。',
    });
    const [first, second] = [await fileConfirmed(p, r.roundId, objection(1)), await fileConfirmed(p, r.roundId, objection(2))];
    const queue = await p.http.get(`/api/objections?roundId=${r.roundId}`).set(auth(reviewer));
    expect(conforms('GET', '/api/objections', queue, 200).body.items).toHaveLength(2);
    // Ruled by a reviewer other than the one who decided eligibility.
    const ruling = { decision: 'DISMISSED', ruling: '经核实，服务对象人数与实际相符，异议不成立。' };
    const one = await p.http.post(`/api/objections/${first}/ruling`).set(auth(reviewer)).send(ruling);
    expect(conforms('POST', '/api/objections/{id}/ruling', one, 200).body).toEqual({
      objectionIds: [first],
      status: 'DISMISSED',
      pending: 1,
    });
    const rest = await p.http
      .post('/api/objections/rulings')
      .set(auth(reviewer))
      .send({ ...ruling, objectionIds: [second] });
    expect(conforms('POST', '/api/objections/rulings', rest, 200).body).toEqual({
      objectionIds: [second],
      status: 'DISMISSED',
      pending: 0,
    });
  });

  it('documents registration-fact verifications and credit-code disputes, from the claim to the settlement', async () => {
    const created = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      .send(organizationPayload({ certificateRef: 'ATT-登记证书-甲' }))
      .expect(201);
    const org = created.body as { id: string; creditCode: string; name: string; regionCode: string; version: number };
    const url = `/api/organizations/${org.id}/verifications`;
    const check = { evidenceRef: 'ATT-登记证书-甲', reason: '证书照片模糊，无法核对' };
    // A failed verification records no facts; the next one, with the certificate read, records them (no rating: null).
    conforms(
      'POST',
      '/api/organizations/{id}/verifications',
      await p.http
        .post(url)
        .set(auth(reviewer))
        .send({ ...check, version: org.version, result: 'REJECTED' }),
      201,
    );
    const facts = {
      ...check,
      version: org.version + 1,
      result: 'VERIFIED',
      reason: '与登记证书原件核对一致',
      creditCode: org.creditCode,
      name: org.name,
      legalRepresentative: '王五',
      registeredAt: '2012-03-01',
      registrationAuthority: '测试市民政局',
      regionCode: org.regionCode,
      annualInspection: '合格',
    };
    conforms('POST', '/api/organizations/{id}/verifications', await p.http.post(url).set(auth(reviewer)).send(facts), 201);
    const records = conforms('GET', '/api/organizations/{id}/verifications', await p.http.get(url).set(auth(reviewer)), 200);
    expect(records.body).toMatchObject([
      { result: 'VERIFIED', facts: { creditCode: org.creditCode, rating: null } },
      { result: 'REJECTED', facts: {} },
    ]);

    const rival = await makeUser(p, 'APPLICANT');
    const claim = organizationPayload({ creditCode: org.creditCode, name: '真正的社会工作服务中心', certificateRef: 'ATT-乙-证书' });
    const disputeId: string = (await p.http.post('/api/organizations').set(auth(rival)).send(claim).expect(202)).body.disputeOpened
      .disputeId;
    const open = conforms(
      'GET',
      '/api/organization-disputes',
      await p.http.get('/api/organization-disputes?status=OPEN').set(auth(reviewer)),
      200,
    );
    expect(open.body.items).toContainEqual(expect.objectContaining({ id: disputeId, winner: null, settledAt: null }));
    const settle = { winner: 'HOLDER', reason: '甲方持有登记证书原件，乙方证书无法核实' };
    const settled = await p.http.post(`/api/organization-disputes/${disputeId}/settle`).set(auth(reviewer)).send(settle);
    expect(conforms('POST', '/api/organization-disputes/{id}/settle', settled, 201).body).toMatchObject({
      status: 'SETTLED',
      winner: 'HOLDER',
    });
  });

  it("documents one's notification settings and the administrator's failed mail and its resend", async () => {
    const settings = conforms(
      'GET',
      '/api/notifications/settings',
      await p.http.get('/api/notifications/settings').set(auth(applicant)),
      200,
    );
    expect(settings.body.topics.length).toBeGreaterThan(20);
    const chosen = { language: 'en', emailOff: ['tranche.paid'] };
    const put = await p.http.put('/api/notifications/settings').set(auth(applicant)).send(chosen);
    expect(conforms('PUT', '/api/notifications/settings', put, 200).body.language).toBe('en');

    // A message to a server that is not there, given up after one attempt.
    const admin = await makeUser(p, 'ADMIN');
    const domain = testMailDomain('contract');
    await p.prisma.user.update({ where: { id: admin.id }, data: { email: `${admin.username}@${domain}` } });
    await p.prisma.$transaction((tx) =>
      notify(tx, [admin.id], { kind: 'general', title: '平台通知', body: '平台通知。' }, `contract/${domain}`),
    );
    const row = await p.prisma.outboxMessage.findFirstOrThrow({ where: { recipient: `${admin.username}@${domain}` } });
    const nowhere = startMailDelivery(p.prisma, domain, { SMTP_PORT: String(await freePort()) }, { maxAttempts: 1 });
    await eventually(async () => (await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).failedAt ?? undefined, {
      label: 'given up',
      timeoutMs: 30000,
    });
    await nowhere.stop();
    const failed = conforms('GET', '/api/mail/failed', await p.http.get('/api/mail/failed?pageSize=100').set(auth(admin)), 200);
    expect(failed.body.items).toContainEqual(expect.objectContaining({ id: row.id, attempts: 1 }));
    const resent = await p.http.post(`/api/mail/${row.id}/resend`).set(auth(admin)).send({ reason: '邮件服务器已恢复' });
    expect(conforms('POST', '/api/mail/{id}/resend', resent, 200).body).toMatchObject({ id: row.id, failedAt: null, attempts: 0 });
  });
});
