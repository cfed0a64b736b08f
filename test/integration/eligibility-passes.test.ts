import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { eventually } from '../support/wait';

/**
 * Issue 16 point 6 g, through the JSON API: a reviewer passes several applications at once. Only
 * those whose automatic checks all passed are passed, each as its own decision of its workflow
 * with its own audit entry; the others are refused and named with the rules that failed; another
 * region's reviewer passes nothing.
 */
describe('bulk eligibility pass (API)', () => {
  let p: TestPlatform;
  let manager: TestUser;
  let applicant: TestUser;
  let reviewer: TestUser;
  let foreign: TestUser;
  let roundId: string;
  let clean: string[];
  let warned: string;

  async function submitted(orgId: string, confirmWarnings = false): Promise<string> {
    const id: string = (
      await p.http
        .post('/api/applications')
        .set(auth(applicant))
        .send(applicationPayload(roundId, orgId, '60000.00'))
        .expect(201)
    ).body.id;
    await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).send({ confirmWarnings }).expect(200);
    // The workflow records the checks of the submission; wait for them before deciding.
    await eventually(async () => ((await p.prisma.eligibilityCheck.count({ where: { applicationId: id } })) > 0 ? true : undefined), {
      label: 'checks recorded',
    });
    return id;
  }

  const stageOf = async (id: string) => (await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage;
  const passAudits = (id: string) =>
    p.prisma.auditEntry.findMany({ where: { entityType: 'Application', entityId: id, action: 'eligibility.pass' } });

  beforeAll(async () => {
    p = await startPlatform();
    [manager, applicant, reviewer, foreign] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER', { regionCode: '440100' }),
    ]);
    const verified = await makeOrganization(p.prisma, applicant.id);
    const unverified = await makeOrganization(p.prisma, applicant.id, { verified: false });
    const now = Date.now();
    const body = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600_000).toISOString() });
    roundId = (await p.http.post('/api/rounds').set(auth(manager)).send(body).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'round OPEN',
      },
    );
    clean = [await submitted(verified.id), await submitted(verified.id)];
    // Declared facts only: the years-registered and rating checks fail as warnings, confirmed at submission.
    warned = await submitted(unverified.id, true);
  });

  afterAll(async () => {
    await shutDown(p);
  });

  it('refuses another region, a wrong role and a malformed list, and changes nothing', async () => {
    const foreignRes = await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(foreign))
      .send({ applicationIds: [clean[0]] })
      .expect(200);
    expect(foreignRes.body).toEqual({ passed: [], refused: [{ id: clean[0], title: null, reason: 'notFound', failedRules: [] }] });
    await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(applicant))
      .send({ applicationIds: [clean[0]] })
      .expect(403);
    const empty = await p.http.post('/api/applications/eligibility-passes').set(auth(reviewer)).send({ applicationIds: [] }).expect(400);
    expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'applicationIds' })]);
    const twice = await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(reviewer))
      .send({ applicationIds: [clean[0], clean[0]] })
      .expect(400);
    expect(twice.body.errors).toEqual([expect.objectContaining({ field: 'applicationIds' })]);
    for (const id of [...clean, warned]) {
      expect(await stageOf(id)).toBe('ELIGIBILITY_REVIEW');
      expect(await passAudits(id)).toHaveLength(0);
    }
  });

  it('passes each application whose checks all passed as its own audited decision, and names the others with the failed rules', async () => {
    const res = await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(reviewer))
      .send({ applicationIds: [clean[0], warned, clean[1]], reason: '材料齐全，符合申报条件。' })
      .expect(200);
    expect(res.body.passed.map((a: { id: string }) => a.id)).toEqual(clean);
    expect(res.body.refused).toEqual([
      expect.objectContaining({
        id: warned,
        reason: 'checksFailed',
        failedRules: expect.arrayContaining(['yearsRegistered', 'minRating']),
      }),
    ]);
    expect(res.body.refused[0].title).toEqual(expect.any(String));
    for (const id of clean) {
      expect(await stageOf(id)).not.toBe('ELIGIBILITY_REVIEW');
      const audits = await passAudits(id);
      expect(audits).toHaveLength(1);
      expect(audits[0]).toMatchObject({
        actorId: reviewer.id,
        actorRole: 'REVIEWER',
        fromState: 'ELIGIBILITY_REVIEW',
        reason: '材料齐全，符合申报条件。',
      });
    }
    expect(await stageOf(warned)).toBe('ELIGIBILITY_REVIEW');
    expect(await passAudits(warned)).toHaveLength(0);
  });

  it('refuses an application already decided by name, with the workflow reason, without a second audit entry', async () => {
    const res = await p.http
      .post('/api/applications/eligibility-passes')
      .set(auth(reviewer))
      .send({ applicationIds: [clean[0]] })
      .expect(200);
    expect(res.body.passed).toEqual([]);
    expect(res.body.refused).toEqual([expect.objectContaining({ id: clean[0], reason: 'refused', message: expect.any(String) })]);
    expect(await passAudits(clean[0])).toHaveLength(1);
  });
});
