import { auth, TestUser } from '../support/factories';
import { fundedPlatform, FundedProjects, reportBody, waitStage } from '../support/funded-projects';
import { builtOpenApiDocument, ContractChecker, contractOf } from '../support/openapi-contract';
import type { TestPlatform } from '../support/app';

/**
 * Issue 17, a typed API contract, for a funded project (openapi-contract.test.ts has the rest): the
 * real answers of the project as the applicant and as staff see it, the finance queue, change
 * requests and their decision, evaluations, and the public result page before and after the end
 * each match the schema the OpenAPI document gives, with no undocumented field.
 */
describe('OpenAPI contract against a funded project', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  let conforms: ReturnType<typeof contractOf>;
  const DAY = 24 * 3600 * 1000;

  beforeAll(async () => {
    conforms = contractOf(new ContractChecker(builtOpenApiDocument()));
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: String(120 * DAY), PSP_TEST_CITY: '320500' }, 1));
  });

  afterAll(() => close());

  const project = (user: TestUser) => p.http.get(`/api/projects/${f.projectIds[0]}`).set(auth(user));
  // The factory's budget for 100000.00: personnel 45000, activity 45000, management 10000.
  const lines = (personnel: string, activity: string) => [
    { type: 'PERSONNEL', description: '社工人员补贴', amount: personnel },
    { type: 'ACTIVITY', description: '探访与小组活动', amount: activity },
    { type: 'MANAGEMENT', description: '项目管理费', amount: '10000.00' },
  ];

  it('documents the project, the finance queue, changes and evaluations as each reader sees them', async () => {
    const id = f.projectIds[0];
    const applicant = f.applicants[0];
    const before = conforms('GET', '/api/projects/{id}', await project(applicant), 200).body;
    expect(before).toMatchObject({ evaluator: null, tranches: [{ requestedBy: null, approvedBy: null }, {}, {}] });
    expect(before).not.toHaveProperty('evaluatorId');

    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    const queue = conforms('GET', '/api/tranches', await p.http.get('/api/tranches?pageSize=100').set(auth(f.finance1)), 200);
    expect(queue.body.items).toContainEqual(expect.objectContaining({ applicationId: id, seq: 1, status: 'PAID' }));

    // A reallocation within the threshold applies at once; a larger one waits for a reviewer.
    const url = `/api/projects/${id}/changes`;
    const small = await p.http
      .post(url)
      .set(auth(applicant))
      .send({ kind: 'REALLOCATION', budgetLines: lines('43000.00', '47000.00'), reason: '增加一次社区集中活动' });
    expect(conforms('POST', '/api/projects/{id}/changes', small, 200).body).toMatchObject({ status: 'APPROVED', needsApproval: false });
    const big = await p.http
      .post(url)
      .set(auth(applicant))
      .send({ kind: 'REALLOCATION', budgetLines: lines('35000.00', '55000.00'), reason: '服务对象增加，活动经费不足' });
    const changeId: string = conforms('POST', '/api/projects/{id}/changes', big, 200).body.changeId;
    const decision = await p.http
      .post(`${url}/${changeId}/decision`)
      .set(auth(f.reviewer))
      .send({ decision: 'REJECT', reason: '调整幅度过大，请说明依据' });
    expect(conforms('POST', '/api/projects/{id}/changes/{changeId}/decision', decision, 200).body).toEqual({
      changeId,
      status: 'REJECTED',
    });
    const seen = conforms('GET', '/api/projects/{id}/changes', await p.http.get(url).set(auth(applicant)), 200).body;
    expect(seen[1]).toMatchObject({ status: 'REJECTED', decidedBy: { role: 'REVIEWER' } });
    const staff = conforms('GET', '/api/projects/{id}/changes', await p.http.get(url).set(auth(f.reviewer)), 200).body;
    expect(staff[1]).toMatchObject({ decidedById: f.reviewer.id, payload: { kind: 'REALLOCATION' } });

    // The periodic and mid-term reports accepted, then the assigned evaluator's mid-term evaluation.
    const budget = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    for (const [seq, share] of [
      [1, 20],
      [2, 45],
    ]) {
      await p.http.post(`/api/projects/${id}/reports/${seq}`).set(auth(applicant)).send(reportBody(budget, share)).expect(200);
      await p.http
        .post(`/api/projects/${id}/reports/${seq}/review`)
        .set(auth(f.reviewer))
        .send({ decision: 'ACCEPT', note: '' })
        .expect(200);
    }
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    const midterm = await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'MIDTERM', scores: { completion: 34, quality: 21, satisfaction: 17, finance: 13 }, summary: '进度符合协议' });
    expect(conforms('POST', '/api/projects/{id}/evaluations', midterm, 200).body).toEqual({ total: '85.00', grade: 'GOOD' });
    for (const reader of [applicant, f.evaluator]) {
      const evaluations = await p.http.get(`/api/projects/${id}/evaluations`).set(auth(reader));
      expect(conforms('GET', '/api/projects/{id}/evaluations', evaluations, 200).body).toMatchObject([{ kind: 'MIDTERM', grade: 'GOOD' }]);
    }

    const after = conforms('GET', '/api/projects/{id}', await project(applicant), 200).body;
    expect(after).toMatchObject({ evaluator: { role: 'EVALUATOR' }, tranches: [{ requestedBy: { role: 'FINANCE' } }, {}, {}] });
    const forStaff = conforms('GET', '/api/projects/{id}', await project(f.manager), 200).body;
    expect(forStaff).toMatchObject({ evaluatorId: f.evaluator.id, tranches: [{ requestedById: f.finance1.id }, {}, {}], recovery: null });
  });

  it('documents the public result page, and the project after its termination with what must be returned', async () => {
    const id = f.projectIds[0];
    const running = conforms('GET', '/api/public/projects/{id}', await p.http.get(`/api/public/projects/${id}`), 200).body;
    expect(running).toMatchObject({ stage: 'IMPLEMENTATION', evaluations: [] });

    await p.http
      .post(`/api/projects/${id}/terminate`)
      .set(auth(f.manager))
      .send({ reason: '承接方擅自变更服务内容，经督促仍未改正' })
      .expect(200);
    await waitStage(p, id, 'TERMINATED');
    const ended = conforms('GET', '/api/public/projects/{id}', await p.http.get(`/api/public/projects/${id}`), 200).body;
    expect(ended).toMatchObject({ stage: 'TERMINATED', evaluations: [{ kind: 'MIDTERM', grade: 'GOOD' }] });
    // 50 % of the award paid, 45 % of each line reported as spent: the difference is to be returned.
    const terminated = conforms('GET', '/api/projects/{id}', await project(f.manager), 200).body;
    expect(terminated).toMatchObject({ stage: 'TERMINATED', recovery: { amount: '5000.00' }, credit: { kind: 'TERMINATED' } });
  });
});
