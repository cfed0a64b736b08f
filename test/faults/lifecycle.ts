import { unavailableDependency } from '../../apps/api/src/common/domain-exception.filter';
import { auth, TestUser } from '../support/factories';
import { reportBody } from '../support/funded-projects';
import type { PrismaClient } from '../../prisma/client';
import type { FundedProjects } from '../support/funded-projects';
import type request from 'supertest';

/**
 * Drives funded projects to closeout through the HTTP API, from whatever point a fault left them
 * at, and checks afterwards that nothing was lost or doubled. The sequence of calls is the one
 * of test/integration/funding-to-closeout.test.ts; here it is read off the stored state, so the
 * same driver finishes a project whose worker was killed in the middle of any step.
 */
export interface Driver {
  http: ReturnType<typeof request>;
  prisma: PrismaClient;
}

const GOOD_MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };
const EXCELLENT_THIRD_PARTY = { completion: 38, quality: 23, satisfaction: 19, finance: 14 };
const ORG_SIDE = { completion: 45, quality: 26, fundUse: 18 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };

interface Step {
  label: string;
  as: TestUser;
  path: string;
  body?: object;
}

/** The next call a project needs, read from the database; undefined once it is closed. */
async function nextStep(p: Driver, f: FundedProjects, k: number): Promise<Step | undefined> {
  const id = f.projectIds[k];
  const app = await p.prisma.application.findUniqueOrThrow({
    where: { id },
    include: { tranches: { orderBy: { seq: 'asc' } }, reports: { orderBy: { seq: 'asc' } }, evaluations: true },
  });
  if (app.stage === 'CLOSED') return undefined;
  if (app.stage === 'TERMINATED') throw new Error(`project ${id} was terminated`);
  const requested = app.tranches.find((t) => t.status === 'REQUESTED');
  if (requested) {
    const approver = requested.requestedById === f.finance1.id ? f.finance2 : f.finance1;
    return { label: `approve tranche ${requested.seq}`, as: approver, path: `/api/projects/${id}/tranches/${requested.seq}/approve` };
  }
  const due = app.tranches.find((t) => t.status === 'DUE');
  if (due) return { label: `request tranche ${due.seq}`, as: f.finance1, path: `/api/projects/${id}/tranches/${due.seq}/request` };
  if (!app.evaluatorId)
    return { label: 'assign evaluator', as: f.manager, path: `/api/projects/${id}/evaluator`, body: { evaluatorId: f.evaluator.id } };

  const filed = new Set(app.evaluations.map((e) => e.kind));
  const midterm = app.reports.find((r) => r.kind === 'MIDTERM')!;
  const open = app.reports.find((r) => r.status !== 'ACCEPTED');
  // The mid-term evaluation must come before the final report moves the project on.
  if (midterm.status === 'ACCEPTED' && !filed.has('MIDTERM')) {
    return {
      label: 'mid-term evaluation',
      as: f.evaluator,
      path: `/api/projects/${id}/evaluations`,
      body: { kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议，服务质量良好' },
    };
  }
  if (open) {
    if (open.status === 'SUBMITTED') {
      return {
        label: `accept report ${open.seq}`,
        as: f.reviewer,
        path: `/api/projects/${id}/reports/${open.seq}/review`,
        body: { decision: 'ACCEPT', note: '材料齐全' },
      };
    }
    const lines = app.budgetLines as { type: string; amount: string }[];
    return {
      label: `submit report ${open.seq}`,
      as: f.applicants[k],
      path: `/api/projects/${id}/reports/${open.seq}`,
      body: reportBody(lines, 20 * open.seq),
    };
  }
  if (app.stage === 'FINAL_EVALUATION') {
    if (!filed.has('GOV_ON_ORG'))
      return {
        label: 'GOV_ON_ORG',
        as: f.reviewer,
        path: `/api/projects/${id}/evaluations`,
        body: { kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '委托事项全部完成' },
      };
    if (!filed.has('ORG_ON_GOV'))
      return {
        label: 'ORG_ON_GOV',
        as: f.applicants[k],
        path: `/api/projects/${id}/evaluations`,
        body: { kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时，指导到位' },
      };
    if (!filed.has('FINAL_THIRD_PARTY'))
      return {
        label: 'FINAL_THIRD_PARTY',
        as: f.evaluator,
        path: `/api/projects/${id}/evaluations`,
        body: { kind: 'FINAL_THIRD_PARTY', scores: EXCELLENT_THIRD_PARTY, summary: '成效显著' },
      };
  }
  // Closeout (or the stage change after the last decision) is being written by the worker.
  return { label: 'wait for the worker', as: f.manager, path: '' };
}

export interface DriveOptions {
  timeoutMs?: number;
  /** Called with every answer, so a test can count statuses (e.g. 503 during an outage). */
  onStatus?: (status: number, label: string) => void;
}

/**
 * Runs project k to CLOSED. A 409 (a decision still being recorded, or the database a step
 * behind the workflow) and a 503 (a dependency down) are retried; anything else is a failure.
 */
export async function finishProject(p: Driver, f: FundedProjects, k: number, opts: DriveOptions = {}): Promise<string[]> {
  const until = Date.now() + (opts.timeoutMs ?? 240000);
  const done: string[] = [];
  for (;;) {
    let step: Step | undefined;
    try {
      step = await nextStep(p, f, k);
    } catch (e) {
      // The test reads the database too: while it is down, wait like any other client.
      if (unavailableDependency(e) !== 'database' || Date.now() > until) throw e;
      await sleep(500);
      continue;
    }
    if (!step) return done;
    if (Date.now() > until)
      throw new Error(`project ${k} (${f.projectIds[k]}) not closed in time; last step: ${step.label}; done: ${done.join(', ')}`);
    if (!step.path) {
      await sleep(300);
      continue;
    }
    const res = await p.http
      .post(step.path)
      .set(auth(step.as))
      .send(step.body ?? {});
    opts.onStatus?.(res.status, step.label);
    if (res.status === 200) done.push(step.label);
    else if (res.status === 409 || res.status === 503) await sleep(500);
    else throw new Error(`${step.label} on project ${k} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Verdict {
  transitions: number;
  duplicates: string[];
  problems: string[];
}

/**
 * Nothing lost, nothing doubled, for closed projects: every transition of the audit trail once
 * (a report may be submitted again after each return), one payment, one treasury transfer and
 * one disbursement notice per tranche, payments adding up to the award, and one document per
 * rendering step.
 */
export async function verifyClosedProjects(prisma: PrismaClient, projectIds: string[]): Promise<Verdict> {
  const verdict: Verdict = { transitions: 0, duplicates: [], problems: [] };
  for (const id of projectIds) {
    const app = await prisma.application.findUniqueOrThrow({
      where: { id },
      include: { tranches: true, payments: true, reports: true, documents: true, evaluations: true },
    });
    if (app.stage !== 'CLOSED') verdict.problems.push(`${id} is ${app.stage}, not CLOSED`);
    const trail = await prisma.auditEntry.findMany({ where: { OR: [{ entityId: id }, { entityId: { startsWith: `${id}/` } }] } });
    verdict.transitions += trail.length;
    const seen = new Map<string, number>();
    for (const e of trail) {
      const key = `${e.entityType} ${e.entityId} ${e.action} ${e.fromState ?? ''}→${e.toState ?? ''}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const returns = (entityId: string) => trail.filter((e) => e.entityId === entityId && e.action === 'report.returned').length;
    for (const [key, n] of seen) {
      const [type, entityId, action] = key.split(' ');
      // A returned report is submitted again (and may be escalated again, for its new deadline).
      const allowed =
        type === 'Report' && ['report.submitted', 'report.returned', 'report.escalated'].includes(action) ? returns(entityId) + 1 : 1;
      if (n > allowed) verdict.duplicates.push(`${key} ×${n}`);
    }
    for (const t of app.tranches) {
      const payments = app.payments.filter((x) => x.trancheSeq === t.seq).length;
      const transfers = await prisma.bankTransfer.count({ where: { idempotencyKey: `${id}/${t.seq}` } });
      if (t.status !== 'PAID') verdict.problems.push(`${id} tranche ${t.seq} is ${t.status}`);
      // More than one is a duplicate; none, for a tranche that should be paid, is a loss.
      if (payments > 1 || transfers > 1) verdict.duplicates.push(`${id} tranche ${t.seq}: ${payments} payments, ${transfers} transfers`);
      else if (payments !== 1 || transfers !== 1)
        verdict.problems.push(`${id} tranche ${t.seq}: ${payments} payments, ${transfers} transfers`);
    }
    const paid = app.payments.reduce((s, x) => s + Math.round(Number(x.amount) * 100), 0);
    if (paid !== Math.round(Number(app.award) * 100)) verdict.problems.push(`${id} paid ${paid / 100} of an award of ${String(app.award)}`);
    const docs = (kind: string) => app.documents.filter((d) => d.kind === kind).length;
    const expected: Record<string, number> = {
      DISBURSEMENT_NOTICE: app.tranches.length,
      REPORT_RECEIPT: app.reports.length,
      EVALUATION_REPORT: app.evaluations.length,
      CLOSEOUT_CERTIFICATE: 1,
    };
    for (const [kind, n] of Object.entries(expected)) {
      if (docs(kind) !== n)
        (docs(kind) > n ? verdict.duplicates : verdict.problems).push(`${id}: ${docs(kind)} ${kind} documents, expected ${n}`);
    }
    if (app.evaluations.length !== 4) verdict.problems.push(`${id} has ${app.evaluations.length} evaluations, expected 4`);
  }
  return verdict;
}
