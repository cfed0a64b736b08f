import { performance } from 'node:perf_hooks';
import { applicationPayload, roundPayload } from '../support/factories';
import { reportBody } from '../support/funded-projects';
import { Api, createPeople, Person } from './api-client';
import { LatencySummary, Limiter } from './stats';
import type { BenchOptions } from './options';
import type { Pool } from 'pg';

// The same scores the integration tests use: a good mid-term, an excellent third-party result.
const SCORES = { need: 18, design: 27, feasibility: 18, budget: 27 };
const MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };
const THIRD_PARTY = { completion: 38, quality: 23, satisfaction: 19, finance: 14 };
const ORG_SIDE = { completion: 45, quality: 26, fundUse: 18 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };

interface Staff {
  manager: Person;
  reviewers: Person[];
  experts: Person[];
  finance: Person[];
  evaluators: Person[];
}

interface Lane {
  k: number;
  applicant: Person;
  id?: string;
  updates: number;
  doneAt?: number;
  error?: string;
}

export interface LifecycleResult {
  projects: number;
  rounds: number;
  concurrentUsers: number;
  windowMs: number;
  completed: number;
  failures: string[];
  wallMs: number;
  lifecyclesPerMinute: number;
  /** Decisions per project that reach a workflow as updates (what the floor sends per instance). */
  updatesPerProject: number;
  busyRetries: number;
  /** Every decision, pooled; the floor's figure compares with this one. */
  decision: LatencySummary;
  calls: LatencySummary[];
}

/**
 * Benchmark 1: N projects from draft to CLOSED over the HTTP API. Each step is taken by the
 * role that owns it (applicant, reviewer, expert, manager, finance officers, evaluator); at most
 * `users` requests are in flight at once. Projects are grouped in rounds that run side by side.
 */
export async function runLifecycle(base: string, pool: Pool, o: BenchOptions): Promise<LifecycleResult> {
  const staffSpecs = [
    { role: 'PROGRAM_MANAGER' },
    ...Array(4).fill({ role: 'REVIEWER' }),
    ...Array(5).fill({ role: 'EXPERT' }),
    ...Array(4).fill({ role: 'FINANCE' }),
    ...Array(2).fill({ role: 'EVALUATOR' }),
  ];
  const people = await createPeople(pool, base, `lc${Date.now().toString(36)}`, [
    ...staffSpecs,
    ...Array(o.projects).fill({ role: 'APPLICANT', withOrganization: true }),
  ]);
  const of = (role: string) => people.filter((p) => p.role === role);
  const staff: Staff = {
    manager: of('PROGRAM_MANAGER')[0],
    reviewers: of('REVIEWER'),
    experts: of('EXPERT'),
    finance: of('FINANCE'),
    evaluators: of('EVALUATOR'),
  };
  const lanes: Lane[] = of('APPLICANT').map((applicant, k) => ({ k, applicant, updates: 0 }));

  const api = new Api(base, new Limiter(o.users));
  // Every submission must land inside the window while all rounds submit at once; the bench
  // waits for it to close, so a window much longer than needed lowers the measured rate.
  const windowMs = o.windowMs || 4000 + 250 * o.projects;
  const rounds: Lane[][] = [];
  for (let i = 0; i < lanes.length; i += o.roundSize) rounds.push(lanes.slice(i, i + o.roundSize));
  const t0 = performance.now();
  await Promise.all(
    rounds.map((group) =>
      runRound(api, staff, group, windowMs).catch((e) => {
        for (const l of group) l.error ??= `round of project ${l.k}: ${e instanceof Error ? e.message : String(e)}`;
      }),
    ),
  );
  const wallMs = performance.now() - t0;
  const done = lanes.filter((l) => l.doneAt !== undefined);
  return {
    projects: o.projects,
    rounds: rounds.length,
    concurrentUsers: o.users,
    windowMs,
    completed: done.length,
    failures: lanes
      .filter((l) => l.error)
      .map((l) => l.error!)
      .slice(0, 10),
    wallMs,
    lifecyclesPerMinute: done.length / (wallMs / 60000),
    updatesPerProject: done.length ? done[0].updates : 0,
    busyRetries: api.busyRetries,
    decision: api.recorder.pooled('every decision (update)', (label) => api.updateLabels.has(label)),
    calls: api.recorder.all(),
  };
}

async function runRound(api: Api, s: Staff, lanes: Lane[], windowMs: number): Promise<void> {
  const now = Date.now();
  const round = await api.call('POST', '/api/rounds', s.manager, {
    // Two periodic reports: the quarterly plan (periodic, mid-term, periodic, final), 24 updates a lifecycle.
    body: roundPayload({
      regionCode: '330100',
      budgetPool: (lanes.length * 200000).toFixed(2),
      projectCeiling: '200000.00',
      expertsPerApplication: 1,
      periodicReports: 2,
      opensAt: new Date(now + 1500).toISOString(),
      closesAt: new Date(now + 1500 + windowMs).toISOString(),
    }),
  });
  const roundId: string = round.body.id;
  await api.call('POST', `/api/rounds/${roundId}/publish`, s.manager);
  const roundIs = (status: string) =>
    api.until(
      `round ${status}`,
      async () =>
        (await api.call('GET', `/api/rounds/${roundId}`, s.manager, { label: 'poll GET /api/rounds/:id' })).body.status === status
          ? true
          : undefined,
      windowMs + 120000,
    );
  const opened = roundIs('OPEN');
  opened.catch(() => undefined); // awaited by every project below; this only keeps a failure from going unhandled

  const alive = () => lanes.filter((l) => !l.error);
  const each = (fn: (l: Lane) => Promise<void>) =>
    Promise.all(
      alive().map((l) =>
        fn(l).catch((e) => {
          l.error = `project ${l.k}: ${e instanceof Error ? e.message : String(e)}`;
        }),
      ),
    );
  const decide = async (l: Lane, path: string, who: Person, body?: unknown) => {
    await api.call('POST', path, who, { body, update: true });
    l.updates++;
  };

  await each(async (l) => {
    l.id = (
      await api.call('POST', '/api/applications', l.applicant, {
        body: applicationPayload(roundId, l.applicant.organizationId!, '100000.00'),
      })
    ).body.id;
    await opened;
    await decide(l, `/api/applications/${l.id}/submit`, l.applicant);
    await decide(l, `/api/applications/${l.id}/eligibility-decision`, s.reviewers[l.k % s.reviewers.length], { decision: 'PASS' });
  });
  await roundIs('CLOSED');
  await api.call('POST', `/api/rounds/${roundId}/panel`, s.manager, { body: { expertIds: s.experts.map((e) => e.id) } });
  // Each expert works through their own queue, one application after another.
  const byId = new Map(lanes.map((l) => [l.id, l]));
  await Promise.all(
    s.experts.map(async (expert) => {
      for (;;) {
        const queue = (await api.call('GET', `/api/assignments?roundId=${roundId}&status=ASSIGNED&pageSize=100`, expert)).body.items as {
          applicationId: string;
        }[];
        if (queue.length === 0) return;
        for (const a of queue)
          await decide(byId.get(a.applicationId)!, `/api/assignments/${a.applicationId}/scores`, expert, { scores: SCORES });
      }
    }),
  );
  await api.call('POST', `/api/rounds/${roundId}/panel/close`, s.manager);
  await api.call('POST', `/api/rounds/${roundId}/notice`, s.manager);
  // Approval is refused (409) until the compressed notice period has ended.
  await api.until('notice period', async () =>
    (await api.call('POST', `/api/rounds/${roundId}/approve`, s.manager, { accept: [409], label: 'poll POST /api/rounds/:id/approve' }))
      .status === 200
      ? true
      : undefined,
  );
  await each((l) => implement(api, s, l));
}

async function implement(api: Api, s: Staff, l: Lane): Promise<void> {
  const [finA, finB] = [s.finance[l.k % s.finance.length], s.finance[(l.k + 1) % s.finance.length]];
  const reviewer = s.reviewers[l.k % s.reviewers.length];
  const evaluator = s.evaluators[l.k % s.evaluators.length];
  const decide = async (path: string, who: Person, body?: unknown) => {
    await api.call('POST', `/api/projects/${l.id}${path}`, who, { body, update: true });
    l.updates++;
  };
  const stageIs = (stage: string) =>
    api.until(`${l.id} ${stage}`, async () => {
      const app = (await api.call('GET', `/api/applications/${l.id}`, l.applicant, { label: 'poll GET /api/applications/:id' })).body;
      return app.stage === stage ? app : undefined;
    });
  const tranche = async (seq: number) => {
    await decide(`/tranches/${seq}/request`, finA);
    await decide(`/tranches/${seq}/approve`, finB);
  };

  await stageIs('APPROVED');
  for (const who of [l.applicant, reviewer]) {
    await api.call('POST', `/api/applications/${l.id}/agreement/sign`, who, { update: true });
    l.updates++;
  }
  const app = await stageIs('IMPLEMENTATION');
  const project = (await api.call('GET', `/api/projects/${l.id}`, l.applicant)).body as { reports: { seq: number; kind: string }[] };
  await tranche(1);
  for (const [i, r] of project.reports.entries()) {
    await decide(`/reports/${r.seq}`, l.applicant, reportBody(app.budgetLines, Math.round((92 * (i + 1)) / project.reports.length)));
    await decide(`/reports/${r.seq}/review`, reviewer, { decision: 'ACCEPT', note: '材料齐全' });
    if (r.kind === 'MIDTERM') {
      await decide('/evaluator', s.manager, { evaluatorId: evaluator.id });
      await decide('/evaluations', evaluator, { kind: 'MIDTERM', scores: MIDTERM, summary: '进度符合协议，服务质量良好' });
      await tranche(2);
    }
  }
  await decide('/evaluations', reviewer, { kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '委托事项全部完成' });
  await decide('/evaluations', l.applicant, { kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时，指导到位' });
  await decide('/evaluations', evaluator, { kind: 'FINAL_THIRD_PARTY', scores: THIRD_PARTY, summary: '成效显著' });
  // The workflow opens closeout by itself; finance releases the final tranche once it is due.
  const projectState = () => api.call('GET', `/api/projects/${l.id}`, finA, { label: 'poll GET /api/projects/:id' });
  await api.until(`${l.id} final tranche due`, async () => ((await projectState()).body.tranches[2].status === 'DUE' ? true : undefined));
  await tranche(3);
  await api.until(`${l.id} CLOSED`, async () => ((await projectState()).body.stage === 'CLOSED' ? true : undefined));
  l.doneAt = performance.now();
}
