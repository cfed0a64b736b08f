import { computeCreditCodeCheckChar, computeOrganizationCodeCheckChar } from '../../workflows/rules';
import { startPlatform, TestPlatform } from '../support/app';
import { auth, freshCreditCode, makeUser, organizationPayload, publishUpcomingRound, terminateRound, TestUser } from '../support/factories';
import { csrfOf, portalSignIn } from '../support/portal';

interface EligibilityEntry {
  round: { id: string };
  eligible: boolean;
  reasons: { rule: string; reason: string }[];
}

/** Finding 5 of issue 15: self-declared registration facts, the credit code's check digits, and code disputes. */
describe('verified organization facts', () => {
  let p: TestPlatform;
  let manager: TestUser;
  let applicant: TestUser;
  let rival: TestUser;
  let reviewer: TestUser;
  let farReviewer: TestUser;
  let roundId: string;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [manager, applicant, rival, reviewer, farReviewer] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'REVIEWER', { regionCode: '330100' }),
      makeUser(p, 'REVIEWER', { regionCode: '110100' }),
    ]);
    roundId = (await publishUpcomingRound(p, manager)).body.id;
  });

  afterAll(async () => {
    await terminateRound(p, roundId);
    await p.close();
  });

  const eligibility = async (user: TestUser, orgId: string): Promise<EligibilityEntry> => {
    const res = await p.http.get(`/api/rounds/eligibility/${orgId}`).set(auth(user)).expect(200);
    return (res.body as EligibilityEntry[]).find((e) => e.round.id === roundId)!;
  };

  const certificateFacts = (org: { creditCode: string; name: string; version: number }, extra: Record<string, unknown> = {}) => ({
    version: org.version,
    result: 'VERIFIED',
    evidenceRef: 'ATT-登记证书-001',
    reason: '与登记证书原件核对一致',
    creditCode: org.creditCode,
    name: org.name,
    legalRepresentative: '王五',
    registeredAt: '2012-03-01',
    registrationAuthority: '杭州市西湖区民政局',
    regionCode: '330106',
    annualInspection: '合格',
    ...extra,
  });

  it('does not pass a self-declared 5A rating and registration date until a reviewer of the region verifies them', async () => {
    const declared = organizationPayload({ rating: '5A', registeredAt: '2010-01-01', certificateRef: 'ATT-登记证书-001' });
    const created = await p.http.post('/api/organizations').set(auth(applicant)).send(declared).expect(201);
    const org = created.body;
    expect(org.factsStatus).toBe('UNVERIFIED');

    const before = await eligibility(applicant, org.id);
    expect(before.eligible).toBe(false);
    expect(before.reasons.map((r) => r.rule).sort()).toEqual(['minRating', 'yearsRegistered']);
    for (const r of before.reasons) expect(r.reason).toContain('登记信息未核验 / registration facts not verified');

    const awaiting = await p.http.get('/api/organizations?factsStatus=UNVERIFIED&pageSize=100').set(auth(reviewer)).expect(200);
    expect(awaiting.body.items.map((o: { id: string }) => o.id)).toContain(org.id);

    // Neither the applicant nor a reviewer of another region can make the facts count.
    await p.http.post(`/api/organizations/${org.id}/verifications`).set(auth(applicant)).send(certificateFacts(org)).expect(403);
    await p.http.post(`/api/organizations/${org.id}/verifications`).set(auth(farReviewer)).send(certificateFacts(org)).expect(404);
    expect(await p.prisma.organizationVerification.count({ where: { organizationId: org.id } })).toBe(0);

    // The certificate says 3A, not 5A: the verified facts are the certificate's.
    const validUntil = `${new Date().getUTCFullYear() + 3}-12-31`;
    const verified = await p.http
      .post(`/api/organizations/${org.id}/verifications`)
      .set(auth(reviewer))
      .send(certificateFacts(org, { rating: '3A', ratingValidUntil: validUntil }))
      .expect(201);
    expect(verified.body).toMatchObject({ result: 'VERIFIED', reviewerId: reviewer.id, evidenceRef: 'ATT-登记证书-001' });
    expect(verified.body.facts).toMatchObject({ rating: '3A', ratingValidUntil: validUntil, registeredAt: '2012-03-01' });
    const stored = await p.http.get(`/api/organizations/${org.id}`).set(auth(applicant)).expect(200);
    expect(stored.body).toMatchObject({ factsStatus: 'VERIFIED', rating: '3A', ratingValidUntil: validUntil, legalRepresentative: '王五' });
    const trail = await p.prisma.auditEntry.findFirst({ where: { entityId: org.id, action: 'organization.factsVerified' } });
    expect(trail).toMatchObject({ actorId: reviewer.id, actorRole: 'REVIEWER', toState: 'VERIFIED', reason: '与登记证书原件核对一致' });

    expect(await eligibility(applicant, org.id)).toMatchObject({ eligible: true, reasons: [] });
  });

  it('counts a lapsed rating as unrated', async () => {
    const created = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      .send(organizationPayload({ rating: '5A' }))
      .expect(201);
    await p.http
      .post(`/api/organizations/${created.body.id}/verifications`)
      .set(auth(reviewer))
      .send(certificateFacts(created.body, { rating: '5A', ratingValidUntil: '2024-12-31' }))
      .expect(201);
    const entry = await eligibility(applicant, created.body.id);
    expect(entry.eligible).toBe(false);
    expect(entry.reasons).toEqual([{ rule: 'minRating', reason: expect.stringContaining('已于 2024-12-31 到期，按未评估处理') }]);
  });

  it('refuses a verified rating without its validity date, naming the field', async () => {
    const created = await p.http.post('/api/organizations').set(auth(applicant)).send(organizationPayload()).expect(201);
    const res = await p.http
      .post(`/api/organizations/${created.body.id}/verifications`)
      .set(auth(reviewer))
      .send(certificateFacts(created.body, { rating: '4A' }))
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('ratingValidUntil');
  });

  it('refuses a code with a wrong GB 11714 digit without revealing the right character', async () => {
    /** A code whose GB 11714 character (the 17th) is wrong and whose GB 32100 character (the 18th) is right for it. */
    const forge = () => {
      const code = freshCreditCode();
      const right = computeOrganizationCodeCheckChar(code.slice(8, 16));
      const wrong17 = code.slice(0, 16) + (right === '1' ? '2' : '1');
      return { right, forged: wrong17 + computeCreditCodeCheckChar(wrong17) };
    };
    const probe = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      .send(organizationPayload({ creditCode: forge().forged }))
      .expect(400);
    const message: string = probe.body.errors[0].message;
    // A code whose right 17th character does not occur in that refusal's text (which names
    // characters 9–17), so its absence is a real check.
    let { right, forged } = forge();
    while (message.includes(right)) ({ right, forged } = forge());
    const res = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      .send(organizationPayload({ creditCode: forged }))
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'creditCode', rule: 'isCreditCode' })]);
    expect(res.body.errors[0].message).toContain('组织机构代码');
    expect(res.body.errors[0].message).not.toContain(right);
    expect(JSON.stringify(res.body)).not.toContain('应为');
    expect(await p.prisma.organization.count({ where: { creditCode: forged } })).toBe(0);
  });

  it('opens a dispute on a second claim of a registered code, and the settlement moves the organization', async () => {
    const first = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      .send(organizationPayload({ certificateRef: 'ATT-甲' }))
      .expect(201);
    const org = first.body;
    const claim = organizationPayload({ creditCode: org.creditCode, name: '真正的社会工作服务中心' });

    const noEvidence = await p.http.post('/api/organizations').set(auth(rival)).send(claim).expect(400);
    expect(noEvidence.body.errors[0]).toMatchObject({ field: 'certificateRef', rule: 'requiredToClaim' });

    const opened = await p.http
      .post('/api/organizations')
      .set(auth(rival))
      .send({ ...claim, certificateRef: 'ATT-乙-证书' })
      .expect(202);
    expect(opened.body.disputeOpened.message).toContain('已提交争议');
    const disputeId: string = opened.body.disputeOpened.disputeId;
    expect(await p.prisma.organization.count({ where: { creditCode: org.creditCode } })).toBe(1);
    const record = await p.prisma.organizationDispute.findUniqueOrThrow({ where: { id: disputeId } });
    expect(record).toMatchObject({
      organizationId: org.id,
      claimantId: rival.id,
      claimantEvidenceRef: 'ATT-乙-证书',
      holderEvidenceRef: 'ATT-甲',
    });

    const list = await p.http.get('/api/organization-disputes?status=OPEN&pageSize=100').set(auth(reviewer)).expect(200);
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(disputeId);
    const far = await p.http.get('/api/organization-disputes?status=OPEN&pageSize=100').set(auth(farReviewer)).expect(200);
    expect(far.body.items.map((d: { id: string }) => d.id)).not.toContain(disputeId);
    const settlement = { winner: 'CLAIMANT', reason: '乙方持有登记证书原件，甲方证书系伪造' };
    await p.http.post(`/api/organization-disputes/${disputeId}/settle`).set(auth(farReviewer)).send(settlement).expect(404);
    await p.http.post(`/api/organization-disputes/${disputeId}/settle`).set(auth(rival)).send(settlement).expect(403);

    const settled = await p.http.post(`/api/organization-disputes/${disputeId}/settle`).set(auth(reviewer)).send(settlement).expect(201);
    expect(settled.body).toMatchObject({ status: 'SETTLED', winner: 'CLAIMANT' });
    const moved = await p.http.get(`/api/organizations/${org.id}`).set(auth(rival)).expect(200);
    expect(moved.body).toMatchObject({ name: '真正的社会工作服务中心', factsStatus: 'UNVERIFIED' });
    await p.http.get(`/api/organizations/${org.id}`).set(auth(applicant)).expect(404);
    const actions = (await p.prisma.auditEntry.findMany({ where: { entityId: { in: [org.id, disputeId] } } })).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['organization.disputeOpened', 'organization.disputeSettled', 'organization.movedByDispute']),
    );
    await p.http.post(`/api/organization-disputes/${disputeId}/settle`).set(auth(reviewer)).send(settlement).expect(409);
  });

  it('lets a reviewer verify an organization and sees the portal refuse another region', async () => {
    const created = await p.http
      .post('/api/organizations')
      .set(auth(applicant))
      // A region of this test's own: the queue page lists the oldest first, and other files'
      // unverified organizations of the usual test region would push this one off its first page.
      .send(organizationPayload({ rating: '5A', regionCode: '620102' }))
      .expect(201);
    const org = created.body;
    const signIn = (user: TestUser) => portalSignIn(p, user);
    const near = await signIn(await makeUser(p, 'REVIEWER', { regionCode: '620100' }));
    const list = await near.get('/reviewer/organizations').expect(200);
    expect(list.text).toContain(`/reviewer/organizations/${org.id}/verify`);
    const form = await near.get(`/reviewer/organizations/${org.id}/verify`).expect(200);
    const fields = {
      _csrf: csrfOf(form.text),
      version: String(org.version),
      result: 'VERIFIED',
      evidenceRef: 'ATT-证书-门户',
      reason: '与证书原件一致',
      creditCode: org.creditCode,
      name: org.name,
      legalRepresentative: '赵六',
      registeredAt: '2015-01-01',
      registrationAuthority: '杭州市民政局',
      regionCode: '620102',
      rating: '4A',
      ratingValidUntil: '',
      annualInspection: '合格',
    };
    // A rating without its validity date comes back on the form, naming the field; nothing is written.
    const refused = await near.post(`/reviewer/organizations/${org.id}/verify`).type('form').send(fields).expect(400);
    expect(refused.text).toContain('verify-ratingValidUntil');
    expect(await p.prisma.organizationVerification.count({ where: { organizationId: org.id } })).toBe(0);

    const far = await signIn(farReviewer);
    await far.get(`/reviewer/organizations/${org.id}/verify`).expect(404);
    expect((await far.get('/reviewer/organizations').expect(200)).text).not.toContain(org.id);

    await near
      .post(`/reviewer/organizations/${org.id}/verify`)
      .type('form')
      .send({ ...fields, ratingValidUntil: `${new Date().getUTCFullYear() + 2}-06-30` })
      .expect(303)
      .expect('Location', '/reviewer/organizations?done=verified');
    expect(await p.prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({
      factsStatus: 'VERIFIED',
      rating: '4A',
    });
  });
});
