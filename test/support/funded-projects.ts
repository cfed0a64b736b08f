import { shutDown, startPlatform, TestPlatform } from './app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from './factories';
import { eventually } from './wait';

export interface FundedProjects {
  roundId: string;
  manager: TestUser;
  reviewer: TestUser;
  signer: TestUser;
  expert: TestUser;
  finance1: TestUser;
  finance2: TestUser;
  evaluator: TestUser;
  applicants: TestUser[];
  orgIds: string[];
  projectIds: string[];
}

/**
 * A platform whose worker reads the given compressed durations (PSP_* variables), with n funded
 * projects; `close()` terminates what is still running on its task queue and restores the env.
 */
export async function fundedPlatform(
  env: Record<string, string>,
  n: number,
  drafts: DraftHooks = {},
): Promise<{ p: TestPlatform; f: FundedProjects; close(): Promise<void> }> {
  Object.assign(process.env, env);
  const p = await startPlatform();
  const f = await fundedProjects(p, n, '100000.00', drafts);
  return {
    p,
    f,
    async close() {
      await shutDown(p);
      for (const k of Object.keys(env)) delete process.env[k];
    },
  };
}

export const waitStage = (p: TestPlatform, id: string, stage: string, timeoutMs = 30000) =>
  eventually(async () => ((await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage === stage ? true : undefined), {
    label: `${id} → ${stage}`,
    timeoutMs,
  });

export interface NoticedRound {
  roundId: string;
  roundName: string;
  manager: TestUser;
  reviewer: TestUser;
  expert: TestUser;
  applicants: TestUser[];
  orgIds: string[];
  applicationIds: string[];
  titles: string[];
}

/** What a test does with the drafts before they are submitted (uploading attachments, say). */
export interface DraftHooks {
  beforeSubmit?(p: TestPlatform, applicationIds: string[], applicants: TestUser[]): Promise<void>;
}

/**
 * Drives a small round through the real API up to its public notice (公示): n applications from
 * n organizations, one expert, everything funded, the notice published. How long the period
 * runs is PSP_NOTICE_PERIOD_MS, read by the worker when the notice is published. `round`
 * overrides fields of the round as created (its report plan, say).
 */
export async function noticedRound(
  p: TestPlatform,
  n: number,
  requested = '100000.00',
  drafts: DraftHooks = {},
  round: Record<string, unknown> = {},
): Promise<NoticedRound> {
  const [manager, reviewer, expert] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'REVIEWER'), makeUser(p, 'EXPERT')]);
  const applicants: TestUser[] = [];
  const orgIds: string[] = [];
  for (let k = 0; k < n; k++) {
    applicants.push(await makeUser(p, 'APPLICANT'));
    orgIds.push((await makeOrganization(p.prisma, applicants[k].id)).id);
  }
  const now = Date.now();
  const payload = roundPayload({
    budgetPool: '5000000.00',
    projectCeiling: '200000.00',
    expertsPerApplication: 1,
    periodicReports: 2,
    // Wide enough for a busy machine: every submission must land inside the window.
    opensAt: new Date(now + 500).toISOString(),
    closesAt: new Date(now + 6000 + n * 1500).toISOString(),
    ...round,
  });
  const roundId: string = (await p.http.post('/api/rounds').set(auth(manager)).send(payload).expect(201)).body.id;
  await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
  const applicationIds: string[] = [];
  const titles: string[] = [];
  for (let k = 0; k < n; k++) {
    const body = applicationPayload(roundId, orgIds[k], requested);
    applicationIds.push((await p.http.post('/api/applications').set(auth(applicants[k])).send(body).expect(201)).body.id);
    titles.push(body.title);
  }
  await drafts.beforeSubmit?.(p, applicationIds, applicants);
  const status = async () => (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status;
  await eventually(async () => ((await status()) === 'OPEN' ? true : undefined), { label: 'round OPEN' });
  await Promise.all(
    applicationIds.map(async (id, k) => {
      await p.http.post(`/api/applications/${id}/submit`).set(auth(applicants[k])).expect(200);
      await p.http.post(`/api/applications/${id}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' }).expect(200);
    }),
  );
  await eventually(async () => ((await status()) === 'CLOSED' ? true : undefined), { label: 'round CLOSED', timeoutMs: 30000 });
  await p.http
    .post(`/api/rounds/${roundId}/panel`)
    .set(auth(manager))
    .send({ expertIds: [expert.id] })
    .expect(200);
  for (const id of applicationIds) {
    await p.http
      .post(`/api/assignments/${id}/scores`)
      .set(auth(expert))
      .send({ scores: { need: 18, design: 27, feasibility: 18, budget: 27 } })
      .expect(200);
  }
  await p.http.post(`/api/rounds/${roundId}/panel/close`).set(auth(manager)).expect(200);
  await p.http.post(`/api/rounds/${roundId}/notice`).set(auth(manager)).expect(200);
  await eventually(async () => ((await status()) === 'NOTICE' ? true : undefined), { label: 'round NOTICE' });
  return { roundId, roundName: payload.name, manager, reviewer, expert, applicants, orgIds, applicationIds, titles };
}

/**
 * Drives a small round through the real API to signed agreements: n applications, one expert
 * each, everything funded. Needs PSP_NOTICE_PERIOD_MS set before the worker starts. `round`
 * overrides fields of the round as created.
 */
export async function fundedProjects(
  p: TestPlatform,
  n: number,
  requested = '100000.00',
  drafts: DraftHooks = {},
  round: Record<string, unknown> = {},
): Promise<FundedProjects> {
  const r = await noticedRound(p, n, requested, drafts, round);
  const [signer, finance1, finance2, evaluator] = await Promise.all([
    makeUser(p, 'REVIEWER'),
    makeUser(p, 'FINANCE'),
    makeUser(p, 'FINANCE'),
    makeUser(p, 'EVALUATOR'),
  ]);
  await eventually(
    async () => {
      const res = await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager));
      return res.status === 200 ? true : undefined;
    },
    { label: 'approval', timeoutMs: 30000, intervalMs: 500 },
  );
  for (let k = 0; k < n; k++) {
    await waitStage(p, r.applicationIds[k], 'APPROVED');
    await p.http.post(`/api/applications/${r.applicationIds[k]}/agreement/sign`).set(auth(r.applicants[k])).expect(200);
    await p.http.post(`/api/applications/${r.applicationIds[k]}/agreement/sign`).set(auth(signer)).expect(200);
  }
  for (const id of r.applicationIds) await waitStage(p, id, 'IMPLEMENTATION');
  return {
    roundId: r.roundId,
    manager: r.manager,
    reviewer: r.reviewer,
    signer,
    expert: r.expert,
    finance1,
    finance2,
    evaluator,
    applicants: r.applicants,
    orgIds: r.orgIds,
    projectIds: r.applicationIds,
  };
}

/** A report body with cumulative spending of the given share (percent) of each budget line. */
export function reportBody(budgetLines: { type: string; amount: string }[], spentPercent: number) {
  return {
    indicators: [{ name: '服务人次', unit: '人次', planned: 1200, achieved: Math.round(12 * spentPercent) }],
    spending: budgetLines.map((l) => ({
      type: l.type,
      budgeted: l.amount,
      spent: (Math.floor((Math.round(Number(l.amount) * 100) * spentPercent) / 100) / 100).toFixed(2),
    })),
    narrative: '本期按计划开展入户探访和小组活动，服务对象反馈良好，详见附件活动记录。',
  };
}
