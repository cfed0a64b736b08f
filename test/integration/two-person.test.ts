import { startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { htmlProblems } from '../support/html';
import { csrfOf, portalSignIn } from '../support/portal';
import { eventually } from '../support/wait';

/**
 * Issue 15, finding 10: where two people must decide, one alone cannot. Listing an organization
 * as dishonest and clearing it take a second reviewer's confirmation; the national holiday
 * calendar is the administrator's; a draft is its organization's alone until it is submitted.
 */
describe('two people where one decided alone', () => {
  let p: TestPlatform;
  let reviewerA: TestUser;
  let reviewerB: TestUser;
  let foreignReviewer: TestUser;
  let manager: TestUser;
  let finance: TestUser;
  let admin: TestUser;
  let expert: TestUser;
  let applicant: TestUser;
  let orgId: string;

  const creditOf = async (id: string) => {
    const o = await p.prisma.organization.findUniqueOrThrow({ where: { id } });
    return { creditStatus: o.creditStatus, dishonestUntil: o.dishonestUntil?.toISOString().slice(0, 10) ?? null };
  };
  const propose = (by: TestUser, id: string, body: object) =>
    p.http.post(`/api/organizations/${id}/credit-changes`).set(auth(by)).send(body);
  const decide = (by: TestUser, id: string, changeId: string, body: object) =>
    p.http.post(`/api/organizations/${id}/credit-changes/${changeId}/decision`).set(auth(by)).send(body);

  beforeAll(async () => {
    p = await startPlatform();
    [reviewerA, reviewerB, foreignReviewer, manager, finance, admin, expert, applicant] = await Promise.all([
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER', { regionCode: '110000' }),
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'FINANCE'),
      makeUser(p, 'ADMIN'),
      makeUser(p, 'EXPERT'),
      makeUser(p, 'APPLICANT'),
    ]);
    orgId = (await makeOrganization(p.prisma, applicant.id)).id;
  });
  afterAll(() => p.close());

  it('lists an organization as dishonest only when a second reviewer confirms; the proposer cannot', async () => {
    const missing = await propose(reviewerA, orgId, { creditStatus: 'DISHONEST', reason: '骗取资助' }).expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'dishonestUntil', rule: 'requiredWhenDishonest' })]);
    const cleanNoop = await propose(reviewerA, orgId, { creditStatus: 'GOOD', reason: '核查无误' }).expect(409);
    expect(cleanNoop.body.message).toContain('不在失信名单上');
    expect(await p.prisma.creditChange.count({ where: { organizationId: orgId } })).toBe(0);

    const proposed = await propose(reviewerA, orgId, {
      creditStatus: 'DISHONEST',
      dishonestUntil: '2031-06-30',
      reason: '虚报服务人次，骗取资助资金',
    }).expect(201);
    expect(proposed.body).toMatchObject({ status: 'PENDING', creditStatus: 'DISHONEST', proposedById: reviewerA.id });
    const changeId = proposed.body.id as string;
    // Proposed is not listed: the status stays as it was.
    expect(await creditOf(orgId)).toEqual({ creditStatus: 'GOOD', dishonestUntil: null });
    const seen = await p.http.get(`/api/organizations/${orgId}`).set(auth(reviewerB)).expect(200);
    expect(seen.body.creditStatus).toBe('GOOD');

    // One pending proposal per organization.
    const second = await propose(reviewerB, orgId, { creditStatus: 'DISHONEST', dishonestUntil: '2032-01-01', reason: '重复提议' }).expect(
      409,
    );
    expect(second.body.message).toContain('待复核');

    const self = await decide(reviewerA, orgId, changeId, { decision: 'CONFIRM', reason: '我确认' }).expect(403);
    expect(self.body.message).toContain('提出人不能确认或驳回自己提出的变更');
    expect(self.body.message).toContain('the proposer cannot confirm their own proposal');
    await decide(foreignReviewer, orgId, changeId, { decision: 'CONFIRM', reason: '外地确认' }).expect(404);
    for (const other of [manager, finance, admin, applicant]) {
      await decide(other, orgId, changeId, { decision: 'CONFIRM', reason: '越权确认' }).expect(403);
    }
    expect(await creditOf(orgId)).toEqual({ creditStatus: 'GOOD', dishonestUntil: null });
    expect((await p.prisma.creditChange.findUniqueOrThrow({ where: { id: changeId } })).status).toBe('PENDING');

    const confirmed = await decide(reviewerB, orgId, changeId, { decision: 'CONFIRM', reason: '经复核，材料属实' }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', decidedById: reviewerB.id, decisionReason: '经复核，材料属实' });
    expect(await creditOf(orgId)).toEqual({ creditStatus: 'DISHONEST', dishonestUntil: '2031-06-30' });
    const again = await decide(reviewerB, orgId, changeId, { decision: 'REFUSE', reason: '再次复核' }).expect(409);
    expect(again.body.currentStage).toBe('CONFIRMED');

    const trail = await p.prisma.auditEntry.findMany({
      where: { entityType: 'Organization', entityId: orgId, action: { startsWith: 'organization.credit' } },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => [e.action, e.actorId, e.fromState, e.toState, e.reason])).toEqual([
      ['organization.creditChangeProposed', reviewerA.id, 'GOOD', 'DISHONEST', '虚报服务人次，骗取资助资金'],
      ['organization.creditStatusChanged', reviewerB.id, 'GOOD', 'DISHONEST', '经复核，材料属实'],
    ]);
  });

  it('clears an organization only with a second reviewer too, and a refusal changes nothing', async () => {
    const proposed = await propose(reviewerB, orgId, { creditStatus: 'GOOD', reason: '已整改完毕，申请移出' }).expect(201);
    await decide(reviewerB, orgId, proposed.body.id, { decision: 'CONFIRM', reason: '自己确认' }).expect(403);
    const refused = await decide(reviewerA, orgId, proposed.body.id, { decision: 'REFUSE', reason: '整改材料不完整' }).expect(200);
    expect(refused.body.status).toBe('REFUSED');
    expect(await creditOf(orgId)).toEqual({ creditStatus: 'DISHONEST', dishonestUntil: '2031-06-30' });

    const retry = await propose(reviewerB, orgId, { creditStatus: 'GOOD', reason: '补齐整改材料后再次申请' }).expect(201);
    await decide(reviewerA, orgId, retry.body.id, { decision: 'CONFIRM', reason: '整改到位，同意移出' }).expect(200);
    expect(await creditOf(orgId)).toEqual({ creditStatus: 'GOOD', dishonestUntil: null });
    const history = await p.http.get(`/api/organizations/${orgId}/credit-changes`).set(auth(manager)).expect(200);
    expect(history.body.map((c: { status: string }) => c.status)).toEqual(['CONFIRMED', 'REFUSED', 'CONFIRMED']);
    await p.http.get(`/api/organizations/${orgId}/credit-changes`).set(auth(foreignReviewer)).expect(404);
  });

  it('gives the portal the same two steps: the proposer is refused on the page, a second reviewer confirms', async () => {
    const org = await makeOrganization(p.prisma, undefined, { name: '门户复核测试社' });
    const signIn = async (user: TestUser) => {
      const agent = await portalSignIn(p, user);
      const queue = await agent.get('/reviewer/credit').expect(200);
      return { agent, csrf: csrfOf(queue.text)!, queue: queue.text };
    };
    const a = await signIn(reviewerA);
    expect(await htmlProblems(a.queue)).toEqual([]);
    await a.agent
      .post('/reviewer/credit')
      .type('form')
      .send({
        _csrf: a.csrf,
        creditCode: org.creditCode,
        creditStatus: 'DISHONEST',
        dishonestUntil: '2030-12-31',
        reason: '未按协议提供服务',
      })
      .expect(303)
      .expect('Location', '/reviewer/credit?done=creditProposed');
    const change = await p.prisma.creditChange.findFirstOrThrow({ where: { organizationId: org.id } });
    expect(await creditOf(org.id)).toEqual({ creditStatus: 'GOOD', dishonestUntil: null });

    const own = await a.agent.get(`/reviewer/credit/${change.id}`).expect(200);
    expect(own.text).toContain('不能确认或驳回自己的提议');
    const refused = await a.agent
      .post(`/reviewer/credit/${change.id}/decision`)
      .type('form')
      .send({ _csrf: a.csrf, decision: 'CONFIRM', reason: '自己确认' })
      .expect(403);
    expect(refused.text).toContain('提出人不能确认或驳回自己提出的变更');
    expect(await creditOf(org.id)).toEqual({ creditStatus: 'GOOD', dishonestUntil: null });

    const b = await signIn(reviewerB);
    expect(b.queue).toContain(`/reviewer/credit/${change.id}`);
    const page = await b.agent.get(`/reviewer/credit/${change.id}`).expect(200);
    expect(await htmlProblems(page.text)).toEqual([]);
    await b.agent
      .post(`/reviewer/credit/${change.id}/decision`)
      .type('form')
      .send({ _csrf: b.csrf, decision: 'CONFIRM', reason: '经复核属实' })
      .expect(303)
      .expect('Location', '/reviewer/credit?done=creditDecided');
    expect(await creditOf(org.id)).toEqual({ creditStatus: 'DISHONEST', dishonestUntil: '2030-12-31' });
  });

  it("keeps the national calendar the administrator's: a manager gets 403 and nothing changes", async () => {
    const put = await p.http.put('/api/calendar/2033-10-03').set(auth(manager)).send({ working: false, name: '国庆节' }).expect(403);
    expect(put.body.statusCode).toBe(403);
    expect(await p.prisma.calendarDay.findUnique({ where: { date: new Date('2033-10-03T00:00:00Z') } })).toBeNull();
    await p.http.put('/api/calendar/2033-10-03').set(auth(admin)).send({ working: false, name: '国庆节' }).expect(200);
    await p.http.delete('/api/calendar/2033-10-03').set(auth(manager)).expect(403);
    expect(await p.prisma.calendarDay.findUnique({ where: { date: new Date('2033-10-03T00:00:00Z') } })).not.toBeNull();
    // Managers still read it, as anyone may.
    const days = await p.http.get('/api/calendar?year=2033').set(auth(manager)).expect(200);
    expect(days.body).toEqual([{ date: '2033-10-03', working: false, name: '国庆节', source: 'ADMIN' }]);
    await p.http.delete('/api/calendar/2033-10-03').set(auth(admin)).expect(204);
  });

  it("keeps a draft, and an application returned for revision, its organization's alone until submitted", async () => {
    const now = Date.now();
    const round = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600000).toISOString() }))
      .expect(201);
    await p.http.post(`/api/rounds/${round.body.id}/publish`).set(auth(manager)).expect(200);
    const draftOrg = (await makeOrganization(p.prisma, applicant.id)).id;
    const draft = await p.http
      .post('/api/applications')
      .set(auth(applicant))
      .send(applicationPayload(round.body.id, draftOrg, '80000.00'))
      .expect(201);
    const id = draft.body.id as string;
    const att = await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .field('kind', 'IMPLEMENTATION_PLAN')
      .attach('file', Buffer.from('%PDF-1.4\n% 草稿附件\n'), { filename: '实施方案.pdf', contentType: 'application/pdf' })
      .expect(201);

    const staff = [finance, reviewerA, manager, admin, expert];
    const hidden = async () => {
      for (const u of staff) {
        await p.http.get(`/api/applications/${id}`).set(auth(u)).expect(404);
        const list = await p.http.get(`/api/applications?roundId=${round.body.id}`).set(auth(u)).expect(200);
        expect({ role: u.role, ids: list.body.items.map((a: { id: string }) => a.id) }).toEqual({ role: u.role, ids: [] });
      }
      for (const u of [reviewerA, manager, admin, expert]) {
        await p.http.get(`/api/applications/${id}/attachments`).set(auth(u)).expect(404);
        await p.http.get(`/api/applications/${id}/attachments/${att.body.id}`).set(auth(u)).expect(404);
      }
      for (const u of [finance, reviewerA, manager, admin]) await p.http.get(`/api/applications/${id}/documents`).set(auth(u)).expect(404);
      for (const u of [reviewerA, manager, admin]) await p.http.get(`/api/applications/${id}/history`).set(auth(u)).expect(404);
      await p.http.get(`/api/applications/${id}`).set(auth(applicant)).expect(200);
      await p.http.get(`/api/applications/${id}/attachments/${att.body.id}`).set(auth(applicant)).expect(200);
    };
    await hidden();

    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: round.body.id } })).status === 'OPEN' ? true : undefined),
      { label: 'round OPEN' },
    );
    await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).expect(200);
    const read = await p.http.get(`/api/applications/${id}`).set(auth(reviewerA)).expect(200);
    expect(read.body.stage).toBe('ELIGIBILITY_REVIEW');
    await p.http.get(`/api/applications/${id}`).set(auth(finance)).expect(200);
    await p.http.get(`/api/applications/${id}/attachments`).set(auth(reviewerA)).expect(200);
    await p.http.get(`/api/applications/${id}/history`).set(auth(reviewerA)).expect(200);

    // Returned for revision, it is back with the applicant: hidden again until resubmitted.
    await p.http
      .post(`/api/applications/${id}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({ decision: 'RETURN', reason: '请补充活动费测算依据', revisionDeadline: new Date(Date.now() + 3600000).toISOString() })
      .expect(200);
    await eventually(
      async () => ((await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage === 'RETURNED' ? true : undefined),
      {
        label: 'RETURNED',
      },
    );
    await p.http.get(`/api/applications/${id}/attachments`).set(auth(reviewerA)).expect(404);
    await p.http.get(`/api/applications/${id}`).set(auth(reviewerA)).expect(404);
    await p.http.get(`/api/applications/${id}`).set(auth(applicant)).expect(200);
    await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).expect(200);
    await p.http.get(`/api/applications/${id}`).set(auth(reviewerA)).expect(200);
  });
});
