import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, TestUser } from '../support/factories';
import { noticedRound, NoticedRound, reportBody, waitStage } from '../support/funded-projects';
import { builtOpenApiDocument, ContractChecker } from '../support/openapi-contract';
import { eventually } from '../support/wait';
import type { Response } from 'supertest';

/**
 * Issue 15, finding 1: an applicant sees who decided by role and display name, never a staff
 * member's internal id. The history and the project page already map their people; this file
 * shows the same for the answers of the applicant's own decisions — signing the agreement,
 * submitting a report, requesting a change, filing its evaluation of the bureau — on the real
 * Temporal server and PostgreSQL, by searching each answer's JSON text for every staff id known.
 * (The submission's answer is checked in secrets.test.ts.)
 */
const ENV = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000' };
const GOOD_MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };

describe("an applicant's answers name staff by role and name, never by id", () => {
  let p: TestPlatform;
  let r: NoticedRound;
  let signer: TestUser;
  let finance1: TestUser;
  let finance2: TestUser;
  let evaluator: TestUser;
  let staff: TestUser[];
  let contract: ContractChecker;
  let id: string;
  let applicant: TestUser;

  const nameOf = async (u: TestUser) => (await p.prisma.user.findUniqueOrThrow({ where: { id: u.id } })).displayName;
  /** The answer's JSON text holds none of the staff ids of this project (experts, reviewers, finance, evaluator, manager). */
  const expectNoStaffId = (res: Response) => {
    const found = staff.filter((u) => res.text.includes(u.id)).map((u) => `${u.role} ${u.id}`);
    expect(found).toEqual([]);
  };

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    contract = new ContractChecker(builtOpenApiDocument());
    p = await startPlatform();
    r = await noticedRound(p, 1);
    [signer, finance1, finance2, evaluator] = await Promise.all([
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'FINANCE'),
      makeUser(p, 'FINANCE'),
      makeUser(p, 'EVALUATOR'),
    ]);
    staff = [r.manager, r.reviewer, r.expert, signer, finance1, finance2, evaluator];
    id = r.applicationIds[0];
    applicant = r.applicants[0];
    await eventually(
      async () => ((await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager))).status === 200 ? true : undefined),
      {
        label: 'approval',
        timeoutMs: 30000,
        intervalMs: 500,
      },
    );
    await waitStage(p, id, 'APPROVED');
  }, 180000);

  afterAll(async () => {
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  });

  it('answers the signature with the signatories and the eligibility decider by role and name, and the panel without its experts', async () => {
    // The bureau signs first, so that the applicant's answer names a signatory of the bureau.
    const bureau = await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(signer)).expect(200);
    expect(bureau.body).toMatchObject({
      signedBy: { bureau: signer.id },
      eligibilityDecidedBy: r.reviewer.id,
      panel: [{ expertId: r.expert.id }],
    });
    expect(contract.problems('POST', '/api/applications/{id}/agreement/sign', bureau)).toEqual([]);

    const signed = await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(applicant)).expect(200);
    expectNoStaffId(signed);
    expect(signed.body).not.toHaveProperty('signedBy');
    expect(signed.body).not.toHaveProperty('eligibilityDecidedBy');
    expect(signed.body).toMatchObject({
      stage: 'AGREEMENT_SIGNED',
      signers: {
        applicant: { role: 'APPLICANT', displayName: await nameOf(applicant) },
        bureau: { role: 'REVIEWER', displayName: await nameOf(signer) },
      },
      eligibilityDecider: { role: 'REVIEWER', displayName: await nameOf(r.reviewer) },
      panel: [{ status: 'SUBMITTED' }],
    });
    expect(signed.body.panel[0]).not.toHaveProperty('expertId');
    expect(contract.problems('POST', '/api/applications/{id}/agreement/sign', signed)).toEqual([]);
    await waitStage(p, id, 'IMPLEMENTATION');
  });

  it('answers a report with the tranche requester and the evaluator by role and name, and a change request and an evaluation without staff ids', async () => {
    const requested = await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(finance1)).expect(200);
    expect(requested.body.tranches[0]).toMatchObject({ status: 'REQUESTED', requestedById: finance1.id });
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(finance2)).expect(200);
    const assigned = await p.http
      .post(`/api/projects/${id}/evaluator`)
      .set(auth(r.manager))
      .send({ evaluatorId: evaluator.id })
      .expect(200);
    expect(assigned.body.evaluatorId).toBe(evaluator.id);
    expect(contract.problems('POST', '/api/projects/{id}/evaluator', assigned)).toEqual([]);

    const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    const report = await p.http.post(`/api/projects/${id}/reports/1`).set(auth(applicant)).send(reportBody(lines, 20)).expect(200);
    expectNoStaffId(report);
    expect(report.body).not.toHaveProperty('evaluatorId');
    expect(report.body.tranches.every((t: object) => !('requestedById' in t))).toBe(true);
    expect(report.body).toMatchObject({
      evaluator: { role: 'EVALUATOR', displayName: await nameOf(evaluator) },
      tranches: [{ seq: 1, status: 'PAID', requestedBy: { role: 'FINANCE', displayName: await nameOf(finance1) } }, { seq: 2 }, { seq: 3 }],
      reports: expect.arrayContaining([expect.objectContaining({ seq: 1, status: 'SUBMITTED' })]),
    });
    expect(contract.problems('POST', '/api/projects/{id}/reports/{seq}', report)).toEqual([]);

    // A reallocation within the threshold (the factory's budget: 45000, 45000, 10000).
    const moved = lines.map((l, k) => ({ ...l, amount: k === 0 ? '44000.00' : k === 1 ? '46000.00' : l.amount }));
    const change = await p.http
      .post(`/api/projects/${id}/changes`)
      .set(auth(applicant))
      .send({ kind: 'REALLOCATION', budgetLines: moved, reason: '增加一次社区集中活动' })
      .expect(200);
    expectNoStaffId(change);
    expect(change.body).toMatchObject({ status: 'APPROVED', needsApproval: false });

    // On to the final evaluations: the reports accepted, the mid-term evaluation passed.
    const accept = (seq: number) =>
      p.http.post(`/api/projects/${id}/reports/${seq}/review`).set(auth(r.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
    await accept(1);
    for (const [seq, percent] of [
      [2, 45],
      [3, 70],
      [4, 92],
    ]) {
      const answer = await p.http
        .post(`/api/projects/${id}/reports/${seq}`)
        .set(auth(applicant))
        .send(reportBody(moved, percent))
        .expect(200);
      expectNoStaffId(answer);
      await accept(seq);
      if (seq === 2)
        await p.http
          .post(`/api/projects/${id}/evaluations`)
          .set(auth(evaluator))
          .send({ kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议，服务质量良好' })
          .expect(200);
    }
    await waitStage(p, id, 'FINAL_EVALUATION');
    const evaluation = await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(applicant))
      .send({ kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时，指导到位' })
      .expect(200);
    expectNoStaffId(evaluation);
    expect(evaluation.body).toMatchObject({ total: '91.00' });
  });
});
