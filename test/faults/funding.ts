import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { FundedProjects, waitStage } from '../support/funded-projects';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * The same road to signed agreements as fundedProjects (test/support/funded-projects.ts), with
 * the submissions sent side by side and a window sized for a loaded machine: these tests run
 * their API and workers as separate processes next to other engineers' test runs, and a round
 * that closes before the last submission would fail them for no fault of the platform.
 */
export async function fundProjects(p: TestPlatform, n: number): Promise<FundedProjects> {
  const [manager, reviewer, signer, expert, finance1, finance2, evaluator] = await Promise.all([
    makeUser(p, 'PROGRAM_MANAGER'),
    makeUser(p, 'REVIEWER'),
    makeUser(p, 'REVIEWER'),
    makeUser(p, 'EXPERT'),
    makeUser(p, 'FINANCE'),
    makeUser(p, 'FINANCE'),
    makeUser(p, 'EVALUATOR'),
  ]);
  const applicants: TestUser[] = await Promise.all(Array.from({ length: n }, () => makeUser(p, 'APPLICANT')));
  const orgIds = await Promise.all(applicants.map(async (a) => (await makeOrganization(p.prisma, a.id)).id));
  const now = Date.now();
  // Two periodic reports, as in fundedProjects: report 1 periodic, 2 mid-term, 3 periodic, 4 final.
  const round = await p.http
    .post('/api/rounds')
    .set(auth(manager))
    .send(
      roundPayload({
        budgetPool: '5000000.00',
        projectCeiling: '200000.00',
        expertsPerApplication: 1,
        periodicReports: 2,
        opensAt: new Date(now + 1000).toISOString(),
        closesAt: new Date(now + 6000 + n * 600).toISOString(),
      }),
    )
    .expect(201);
  const roundId: string = round.body.id;
  await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
  const projectIds: string[] = await Promise.all(
    applicants.map(
      async (a, k) =>
        (
          await p.http
            .post('/api/applications')
            .set(auth(a))
            .send(applicationPayload(roundId, orgIds[k], '100000.00'))
            .expect(201)
        ).body.id as string,
    ),
  );
  const status = async () => (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status;
  await eventually(async () => ((await status()) === 'OPEN' ? true : undefined), {
    label: 'round OPEN',
    timeoutMs: 30000,
    intervalMs: 100,
  });
  await Promise.all(
    projectIds.map(async (id, k) => {
      await p.http.post(`/api/applications/${id}/submit`).set(auth(applicants[k])).expect(200);
      await p.http.post(`/api/applications/${id}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' }).expect(200);
    }),
  );
  await eventually(async () => ((await status()) === 'CLOSED' ? true : undefined), { label: 'round CLOSED', timeoutMs: 60000 });
  await p.http
    .post(`/api/rounds/${roundId}/panel`)
    .set(auth(manager))
    .send({ expertIds: [expert.id] })
    .expect(200);
  for (const id of projectIds) {
    await p.http
      .post(`/api/assignments/${id}/scores`)
      .set(auth(expert))
      .send({ scores: { need: 18, design: 27, feasibility: 18, budget: 27 } })
      .expect(200);
  }
  await p.http.post(`/api/rounds/${roundId}/panel/close`).set(auth(manager)).expect(200);
  await p.http.post(`/api/rounds/${roundId}/notice`).set(auth(manager)).expect(200);
  await eventually(
    async () => ((await p.http.post(`/api/rounds/${roundId}/approve`).set(auth(manager))).status === 200 ? true : undefined),
    { label: 'approval', timeoutMs: 60000, intervalMs: 500 },
  );
  await Promise.all(
    projectIds.map(async (id, k) => {
      await waitStage(p, id, 'APPROVED', 60000);
      // The worker prints each agreement once it is approved (a few seconds a page here); people sign it afterwards.
      await eventually(
        async () =>
          (await p.prisma.documentPdf.count({ where: { document: { applicationId: id, kind: 'AGREEMENT' } } })) > 0 ? true : undefined,
        { label: 'agreement printed', timeoutMs: 180000, intervalMs: 500 },
      );
      await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(applicants[k])).expect(200);
      await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(signer)).expect(200);
      await waitStage(p, id, 'IMPLEMENTATION', 60000);
    }),
  );
  return { roundId, manager, reviewer, signer, expert, finance1, finance2, evaluator, applicants, orgIds, projectIds };
}
