import { RETRY_AFTER_SECONDS, TEMPORAL_SLOW_MESSAGE } from '../../apps/api/src/common/domain-exception.filter';
import { FAULT_MARKER } from '../../apps/worker/src/fault-injection.interceptor';
import { projectWorkflowId } from '../../workflows/messages';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth } from '../support/factories';
import { FundedProjects, reportBody } from '../support/funded-projects';
import { Managed, spawnWorker } from '../support/processes';
import { fundProjects } from './funding';
import { finishProject, verifyClosedProjects } from './lifecycle';
import { newTally, writeTally } from './tally';
import type { Response } from 'supertest';

/**
 * Issue 6, part 1: kill -9 the worker while activities of every kind are in flight, restart it,
 * and check that every project completes with each transition and each payment once.
 *
 * Each kill lands while four activities are held inside the worker by the fault-injection
 * interceptor (apps/worker/src/fault-injection.interceptor.ts), one of each kind, on three
 * projects of their own. A killed activity is retried only when its start-to-close timeout runs
 * out (1 minute, 15 s for a payment), and a project busy with one cannot take the next decision,
 * so every kill uses fresh projects and the timeouts run side by side instead of one after the
 * other. Odd kills hold the activity after its effect committed, even kills before it started.
 */
const KILLS = Number(process.env.PSP_FAULT_KILLS ?? 5);
const KINDS = {
  'database write': 'markTrancheRequested',
  'document render': 'saveEvaluation',
  payment: 'payTranche',
  notification: 'escalateReport',
} as const;
type Kind = keyof typeof KINDS;
const GOOD_MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };

describe('a worker killed during each kind of activity', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  const workers: Managed[] = [];
  const tally = newTally();
  const env = () => ({
    DATABASE_URL: process.env.DATABASE_URL!,
    TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
    TEMPORAL_TASK_QUEUE: p.taskQueue,
    // A 30-minute term with a 1 ms reminder lead: no reminder or escalation fires unless a test asks for it.
    PSP_NOTICE_PERIOD_MS: '1500',
    PSP_TERM_MS: '1800000',
    PSP_REMINDER_LEAD_MS: '1',
  });
  const worker = async (fault?: { phase: 'before' | 'after' }) => {
    const w = await spawnWorker(
      {
        ...env(),
        ...(fault && {
          PSP_FAULT_ACTIVITY_MATCH: `^(${Object.values(KINDS).join('|')})$`,
          PSP_FAULT_ACTIVITY_DELAY_MS: '600000',
          PSP_FAULT_ACTIVITY_PHASE: fault.phase,
        }),
      },
      `worker-${workers.length}`,
    );
    workers.push(w);
    return w;
  };
  // Projects 3c, 3c+1, 3c+2 are the ones kill c uses: a tranche request and an escalation on the
  // first, a payment on the second, a mid-term evaluation on the third.
  const project = (c: number, j: number) => 3 * c + j;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await shutDown(p);
    writeTally(__filename, tally);
  });

  it(`completes every project after ${KILLS} kills, each with all four kinds of activity in flight`, async () => {
    const first = await worker();
    f = await fundProjects(p, 3 * KILLS);
    // Bring each project to the step its kill will interrupt, on a worker that holds nothing.
    await Promise.all(
      Array.from({ length: KILLS }, async (_, c) => {
        const [a, b, m] = [0, 1, 2].map((j) => project(c, j));
        await post(`/api/projects/${f.projectIds[a]}/reports/1`, f.applicants[a], reportBody(await budgetLines(f.projectIds[a]), 20));
        await post(`/api/projects/${f.projectIds[b]}/tranches/1/request`, f.finance1);
        for (const seq of [1, 2]) {
          await post(
            `/api/projects/${f.projectIds[m]}/reports/${seq}`,
            f.applicants[m],
            reportBody(await budgetLines(f.projectIds[m]), 20 * seq),
          );
          await post(`/api/projects/${f.projectIds[m]}/reports/${seq}/review`, f.reviewer, { decision: 'ACCEPT', note: '' });
        }
        await post(`/api/projects/${f.projectIds[m]}/evaluator`, f.manager, { evaluatorId: f.evaluator.id });
      }),
    );
    await first.stop('SIGTERM');

    const pending: Promise<Response>[] = [];
    const inFlight: Record<Kind, number> = { 'database write': 0, 'document render': 0, payment: 0, notification: 0 };
    for (let c = 0; c < KILLS; c++) {
      const w = await worker({ phase: c % 2 ? 'after' : 'before' });
      const [a, b, m] = [0, 1, 2].map((j) => f.projectIds[project(c, j)]);
      // The return itself runs normally; its revision deadline, 1.5 s later, starts the escalation.
      await post(`/api/projects/${a}/reports/1/review`, f.reviewer, {
        decision: 'RETURN',
        note: '请补充活动照片',
        revisionDeadline: new Date(Date.now() + 1500).toISOString(),
      });
      pending.push(
        p.http
          .post(`/api/projects/${a}/tranches/1/request`)
          .set(auth(f.finance1))
          .then((r) => r),
      );
      pending.push(
        p.http
          .post(`/api/projects/${b}/tranches/1/approve`)
          .set(auth(f.finance2))
          .then((r) => r),
      );
      pending.push(
        p.http
          .post(`/api/projects/${m}/evaluations`)
          .set(auth(f.evaluator))
          .send({ kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议' })
          .then((r) => r),
      );
      const expected: [Kind, string][] = [
        ['database write', a],
        ['notification', a],
        ['payment', b],
        ['document render', m],
      ];
      for (const [kind, id] of expected) {
        await w.waitForLine(
          new RegExp(`${escape(FAULT_MARKER)} .*"activityType":"${KINDS[kind]}","workflowId":"${projectWorkflowId(id)}"`),
          30000,
        );
        inFlight[kind]++;
      }
      await w.stop('SIGKILL');
      tally.faults++;
    }
    // A replacement without faults: the killed activities are retried here once their timeouts
    // run out, while the drivers already take every project on (a busy one answers 409 and is retried).
    await worker();
    const [answers] = await Promise.all([Promise.all(pending), Promise.all(f.projectIds.map((_, k) => finishProject(p, f, k)))]);
    // A decision whose activity died with the worker waits for that activity's retry, which comes
    // when its start-to-close timeout runs out (1 minute; 15 s for a payment): longer than the API
    // waits for a decision (TEMPORAL_DECISION_TIMEOUT_MS, 30 s by default). Its caller then gets
    // the bounded 503 with Retry-After (README, Configuration) instead of 200, never another
    // answer; either way the decision takes effect exactly once (checked below).
    const slow = {
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
      dependency: 'temporal',
      retryAfter: String(RETRY_AFTER_SECONDS),
      message: TEMPORAL_SLOW_MESSAGE,
    };
    const answer = (r: Response) =>
      r.status === 200
        ? 200
        : {
            status: r.status,
            code: r.body.code,
            dependency: r.body.dependency,
            retryAfter: r.headers['retry-after'],
            message: r.body.message,
          };
    expect(answers.map(answer)).toEqual(answers.map((r) => (r.status === 200 ? 200 : slow)));
    for (const count of Object.values(inFlight)) expect(count).toBeGreaterThanOrEqual(KILLS);
    tally.notes!.push(
      `${tally.faults} worker kills, in flight: ${Object.entries(inFlight)
        .map(([k, n]) => `${k} ×${n}`)
        .join(', ')}; ` +
        `decisions in flight answered 200 ×${answers.filter((r) => r.status === 200).length}, 503 (did not answer in time) ×${answers.filter((r) => r.status === 503).length}`,
    );

    const verdict = await verifyClosedProjects(p.prisma, f.projectIds);
    tally.transitions += verdict.transitions;
    tally.duplicates += verdict.duplicates.length;
    expect(verdict.duplicates).toEqual([]);
    expect(verdict.problems).toEqual([]);
    // The kills' own effects, once each: the escalation's notices, the request, the payment, the evaluation.
    for (let c = 0; c < KILLS; c++) {
      const [a, b, m] = [0, 1, 2].map((j) => f.projectIds[project(c, j)]);
      expect(await p.prisma.auditEntry.count({ where: { entityId: `${a}/1`, action: 'report.escalated' } })).toBe(1);
      expect(await p.prisma.auditEntry.count({ where: { entityId: `${a}/1`, action: 'tranche.requested' } })).toBe(1);
      expect(await p.prisma.auditEntry.count({ where: { entityId: `${b}/1`, action: 'tranche.paid' } })).toBe(1);
      const overdue = await p.prisma.notification.groupBy({
        by: ['userId'],
        where: { applicationId: a, kind: 'report.overdue' },
        _count: true,
      });
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue.every((n) => n._count === 1)).toBe(true);
      expect(await p.prisma.evaluation.count({ where: { applicationId: m, kind: 'MIDTERM' } })).toBe(1);
    }
  }, 600000);

  const budgetLines = async (id: string) =>
    (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];

  async function post(path: string, as: Parameters<typeof auth>[0], body: object = {}): Promise<void> {
    const res = await p.http.post(path).set(auth(as)).send(body);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
