import { auth } from '../support/factories';
import { fundedPlatform, FundedProjects, reportBody, waitStage } from '../support/funded-projects';
import type { TestPlatform } from '../support/app';

/**
 * Issue 4: change requests (项目变更) and termination by the program manager, on the real
 * Temporal server and PostgreSQL. An approved change is a new agreement version and later steps
 * use it; a termination cancels unpaid tranches and settles what must be returned.
 */
describe('project changes and termination', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  const DAY = 24 * 3600 * 1000;

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: String(120 * DAY) }, 2));
  });

  afterAll(() => close());

  // The factory's budget for 100000.00: personnel 45000, activity 45000, management 10000.
  const lines = (personnel: string, activity: string, management = '10000.00') => [
    { type: 'PERSONNEL', description: '社工人员补贴', amount: personnel },
    { type: 'ACTIVITY', description: '探访与小组活动', amount: activity },
    { type: 'MANAGEMENT', description: '项目管理费', amount: management },
  ];
  const agreements = (id: string) =>
    p.prisma.document.findMany({ where: { applicationId: id, kind: 'AGREEMENT' }, orderBy: { version: 'asc' } });
  const budgetOf = async (id: string) =>
    ((await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { amount: string }[]).map((l) => l.amount);

  it('applies a reallocation within the threshold at once and issues a new agreement version', async () => {
    const id = f.projectIds[0];
    const before = (await agreements(id)).length;
    const res = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'REALLOCATION', budgetLines: lines('43000.00', '47000.00'), reason: '增加一次社区集中活动' })
      .expect(200);
    expect(res.body).toMatchObject({ status: 'APPROVED', needsApproval: false });
    expect(await budgetOf(id)).toEqual(['43000.00', '47000.00', '10000.00']);
    const docs = await agreements(id);
    expect(docs).toHaveLength(before + 1);
    expect(docs.at(-1)!.html).toContain('43,000.00');
    expect(docs.at(-1)!.html).toContain('预算科目调整（增加一次社区集中活动）');
  });

  it('needs a reviewer for a reallocation above the threshold, and judges later changes against the new budget', async () => {
    const id = f.projectIds[0];
    const wrongTotal = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'REALLOCATION', budgetLines: lines('43000.00', '48000.00'), reason: '调整' })
      .expect(400);
    expect(wrongTotal.body.errors[0]).toMatchObject({ field: 'budgetLines', rule: 'totalUnchanged' });
    await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[1]))
      .send({ kind: 'REALLOCATION', budgetLines: lines('35000.00', '55000.00'), reason: '他人项目' })
      .expect(404);

    const big = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'REALLOCATION', budgetLines: lines('35000.00', '55000.00'), reason: '服务对象增加，活动经费不足' })
      .expect(200);
    expect(big.body).toMatchObject({ status: 'PENDING', needsApproval: true });
    expect(await budgetOf(id)).toEqual(['43000.00', '47000.00', '10000.00']);
    const versions = (await agreements(id)).length;

    const url = `/api/projects/${id}/changes/${big.body.changeId}/decision`;
    await p.http.post(url).set(auth(f.applicants[0])).send({ decision: 'APPROVE', reason: '同意' }).expect(403);
    const noReason = await p.http.post(url).set(auth(f.reviewer)).send({ decision: 'APPROVE', reason: '' }).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    await p.http.post(url).set(auth(f.reviewer)).send({ decision: 'APPROVE', reason: '调整理由充分，同意' }).expect(200);
    expect(await budgetOf(id)).toEqual(['35000.00', '55000.00', '10000.00']);
    const docs = await agreements(id);
    expect(docs).toHaveLength(versions + 1);
    expect(docs.at(-1)!.html).toContain('服务对象增加，活动经费不足');
    const trail = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'change.approved' } });
    expect(trail).toMatchObject({ actorId: f.reviewer.id, reason: '调整理由充分，同意' });

    // 35000 → 33000 is 5.7 % of the approved budget (it would be 27 % of the original 45000).
    const later = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'REALLOCATION', budgetLines: lines('33000.00', '57000.00'), reason: '微调' })
      .expect(200);
    expect(later.body).toMatchObject({ status: 'APPROVED', needsApproval: false });
  });

  it('extends the term after approval and moves the final report due date with it; a refused one changes nothing', async () => {
    const id = f.projectIds[0];
    const project = (await p.http.get(`/api/projects/${id}`).set(auth(f.applicants[0])).expect(200)).body;
    const ends = Date.parse(project.termEndsAt);
    const tooLong = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'EXTENSION', newEndsAt: new Date(ends + 400 * DAY).toISOString(), reason: '延期' })
      .expect(400);
    expect(tooLong.body.errors[0].field).toBe('newEndsAt');

    const refused = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'EXTENSION', newEndsAt: new Date(ends + 10 * DAY).toISOString(), reason: '活动场地装修' })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/changes/${refused.body.changeId}/decision`)
      .set(auth(f.reviewer))
      .send({ decision: 'REJECT', reason: '理由不充分' })
      .expect(200);
    const unchanged = await p.prisma.report.findFirstOrThrow({ where: { applicationId: id, kind: 'FINAL' } });
    expect(unchanged.dueAt.getTime()).toBe(ends);

    const newEndsAt = new Date(ends + 30 * DAY).toISOString();
    const ext = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'EXTENSION', newEndsAt, reason: '受疫情影响活动推迟' })
      .expect(200);
    expect(ext.body).toMatchObject({ status: 'PENDING', needsApproval: true });
    await p.http
      .post(`/api/projects/${id}/changes/${ext.body.changeId}/decision`)
      .set(auth(f.reviewer))
      .send({ decision: 'APPROVE', reason: '同意延期' })
      .expect(200);
    const final = await p.prisma.report.findFirstOrThrow({ where: { applicationId: id, kind: 'FINAL' } });
    expect(final.dueAt.toISOString()).toBe(newEndsAt);
    const after = (await p.http.get(`/api/projects/${id}`).set(auth(f.applicants[0])).expect(200)).body;
    expect(after.termEndsAt).toBe(newEndsAt);
    const changes = (await p.http.get(`/api/projects/${id}/changes`).set(auth(f.reviewer)).expect(200)).body;
    expect(changes.map((c: { status: string }) => c.status)).toEqual(['APPROVED', 'APPROVED', 'APPROVED', 'REJECTED', 'APPROVED']);
  });

  it('lets only the program manager terminate, with a reason, and settles the money', async () => {
    const id = f.projectIds[1];
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    const budget = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    const report = reportBody(budget, 20);
    await p.http.post(`/api/projects/${id}/reports/1`).set(auth(f.applicants[1])).send(report).expect(200);
    await p.http.post(`/api/projects/${id}/reports/1/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);

    await p.http.post(`/api/projects/${id}/terminate`).set(auth(f.reviewer)).send({ reason: '承接方严重违约' }).expect(403);
    const noReason = await p.http.post(`/api/projects/${id}/terminate`).set(auth(f.manager)).send({}).expect(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    await p.http
      .post(`/api/projects/${id}/terminate`)
      .set(auth(f.manager))
      .send({ reason: '承接方擅自变更服务内容，经督促仍未改正' })
      .expect(200);
    await waitStage(p, id, 'TERMINATED');

    const tranches = await p.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } });
    expect(tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
    // 50 % of 100000.00 paid, 20 % of each line reported as spent: 50000.00 − 20000.00.
    expect((await p.prisma.recovery.findUniqueOrThrow({ where: { applicationId: id } })).amount.toFixed(2)).toBe('30000.00');
    const entry = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'project.terminated' } });
    expect(entry).toMatchObject({
      actorId: f.manager.id,
      actorRole: 'PROGRAM_MANAGER',
      fromState: 'IMPLEMENTATION',
      toState: 'TERMINATED',
      reason: '承接方擅自变更服务内容，经督促仍未改正',
    });
    const notice = await p.prisma.document.findFirstOrThrow({ where: { applicationId: id, kind: 'TERMINATION_NOTICE' } });
    expect(notice.html).toContain('30,000.00');
    const late = await p.http.post(`/api/projects/${id}/reports/2`).set(auth(f.applicants[1])).send(reportBody(budget, 30)).expect(409);
    expect(late.body.currentStage).toBe('TERMINATED');
    const pub = (await p.http.get(`/api/public/projects/${id}`).expect(200)).body;
    expect(pub.stage).toBe('TERMINATED');
  });
});
