import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeOrganization, makeUser, organizationPayload, roundPayload, TestUser } from '../support/factories';

describe('access control and input validation', () => {
  let p: TestPlatform;
  let applicantA: TestUser;
  let applicantB: TestUser;
  let manager: TestUser;
  let expert: TestUser;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [applicantA, applicantB, manager, expert] = await Promise.all([
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'EXPERT'),
    ]);
  });
  afterAll(() => p.close());

  it('answers 401 without a token and with a forged one', async () => {
    await p.http.get('/api/organizations').expect(401);
    const forged = await p.http.get('/api/rounds').set('Authorization', 'Bearer not.a.token').expect(401);
    expect(forged.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 for a wrong password without saying which part was wrong', async () => {
    const res = await p.http.post('/api/auth/login').send({ username: applicantA.username, password: 'wrong-password' }).expect(401);
    expect(res.body.message).toContain('用户名或密码错误');
  });

  it('answers 403 for a role that may not call the endpoint', async () => {
    const res = await p.http.post('/api/rounds').set(auth(applicantA)).send(roundPayload()).expect(403);
    expect(res.body.allowedRoles).toEqual(['PROGRAM_MANAGER', 'ADMIN']);
    await p.http.get('/api/organizations').set(auth(expert)).expect(403);
    await p.http.get('/api/users').set(auth(manager)).expect(403);
  });

  it("answers 404, not 403, for another organization's data", async () => {
    const orgOfA = await makeOrganization(p.prisma, applicantA.id);
    await p.http.get(`/api/organizations/${orgOfA.id}`).set(auth(applicantA)).expect(200);
    const res = await p.http.get(`/api/organizations/${orgOfA.id}`).set(auth(applicantB)).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    await p.http.patch(`/api/organizations/${orgOfA.id}`).set(auth(applicantB)).send({ version: 1, name: '冒名修改' }).expect(404);
    const listB = await p.http.get('/api/organizations').set(auth(applicantB)).expect(200);
    expect(listB.body.items.map((o: { id: string }) => o.id)).not.toContain(orgOfA.id);
  });

  it('answers 400 naming the field for a bad credit code, and writes nothing', async () => {
    const payload = organizationPayload();
    const bad = payload.creditCode.slice(0, 17) + (payload.creditCode[17] === '0' ? '1' : '0');
    const res = await p.http
      .post('/api/organizations')
      .set(auth(applicantA))
      .send({ ...payload, creditCode: bad })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'creditCode', rule: 'isCreditCode' })]);
    expect(res.body.errors[0].message).toContain('校验位');
    expect(await p.prisma.organization.count({ where: { name: payload.name } })).toBe(0);
  });

  it('answers 400 naming the fields for rubric weights not summing to 100 and negative money', async () => {
    const weights = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(
        roundPayload({
          rubric: [
            { key: 'need', name: '需求分析', weight: 50 },
            { key: 'design', name: '项目设计', weight: 40 },
          ],
        }),
      )
      .expect(400);
    expect(weights.body.errors).toEqual([expect.objectContaining({ field: 'rubric', rule: 'weightsSum100' })]);

    const money = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ budgetPool: '-100.00', projectCeiling: '12.345' }))
      .expect(400);
    expect(money.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['budgetPool', 'projectCeiling']);

    const tranches = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(
        roundPayload({
          tranchePlan: [
            { stage: 'AGREEMENT_SIGNED', percent: 60 },
            { stage: 'CLOSEOUT', percent: 30 },
          ],
        }),
      )
      .expect(400);
    expect(tranches.body.errors).toEqual([expect.objectContaining({ field: 'tranchePlan', rule: 'percentsSum100' })]);
  });

  it('refuses unknown fields instead of ignoring them', async () => {
    const res = await p.http
      .post('/api/organizations')
      .set(auth(applicantA))
      .send({ ...organizationPayload(), creditStatus: 'GOOD' })
      .expect(400);
    expect(res.body.errors[0].field).toBe('creditStatus');
  });

  it('registers an organization for its applicant, audited, and refuses a stale edit with 409', async () => {
    const created = await p.http.post('/api/organizations').set(auth(applicantA)).send(organizationPayload()).expect(201);
    const org = created.body;
    const trail = await p.prisma.auditEntry.findMany({ where: { entityId: org.id } });
    expect(trail).toEqual([expect.objectContaining({ action: 'organization.created', actorId: applicantA.id, actorRole: 'APPLICANT' })]);

    await p.http
      .patch(`/api/organizations/${org.id}`)
      .set(auth(applicantA))
      .send({ version: org.version, contactName: '李四' })
      .expect(200);
    const stale = await p.http
      .patch(`/api/organizations/${org.id}`)
      .set(auth(applicantA))
      .send({ version: org.version, contactName: '王五' })
      .expect(409);
    expect(stale.body).toMatchObject({ code: 'STALE_VERSION', currentVersion: org.version + 1 });
  });

  it('keeps the audit trail append-only in the database itself', async () => {
    const entry = await p.prisma.auditEntry.findFirstOrThrow();
    // Refused to the platform's role by its rights, and to the owner by a trigger (database-roles.test.ts).
    const denied = /permission denied for table AuditEntry/;
    await expect(p.prisma.auditEntry.update({ where: { id: entry.id }, data: { reason: 'rewritten' } })).rejects.toThrow(denied);
    await expect(p.prisma.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow(denied);
  });

  it('refuses a round outside the manager’s region with 403', async () => {
    const res = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ regionCode: '110000' }))
      .expect(403);
    expect(res.body.message).toContain('本辖区');
  });
});
