import { projectWorkflowId } from '../../workflows/messages';
import { applicationPayload, auth, roundPayload } from '../support/factories';
import { fundedPlatform, FundedProjects, reportBody, waitStage } from '../support/funded-projects';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * Issue 4, acceptance 2, 3 and 6: an overdue report's reminder and escalation, mid-term
 * rectification, termination after a second failure, and a failed project's organization
 * refused by the next round — with durations compressed to seconds. Money closes right: a
 * project never closes with a tranche requested or due but unpaid. The implementation
 * workflows continue as new every few dozen history events (PSP_HISTORY_LIMIT), so every case
 * here also runs across continued runs.
 */
const PASS_SCORES = { completion: 30, quality: 18, satisfaction: 14, finance: 10 }; // 72 合格
const FAIL_SCORES = { completion: 20, quality: 12, satisfaction: 10, finance: 8 }; // 50 不合格
const ORG_SIDE = { completion: 30, quality: 15, fundUse: 10 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };

describe('funding exceptions: overdue reports, rectification, termination, credit record', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  const cents = (s: string) => Math.round(Number(s) * 100);

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform(
      {
        PSP_NOTICE_PERIOD_MS: '1500',
        PSP_TERM_MS: '60000',
        PSP_REMINDER_LEAD_MS: '6000',
        PSP_RECTIFICATION_MS: '4000',
        // A "day" of a reminder lead is a second: the rectification reminder comes a second before its deadline.
        PSP_REMINDER_DAY_MS: '1000',
        PSP_HISTORY_LIMIT: '60',
      },
      4,
    ));
  });

  afterAll(() => close());

  const linesOf = async (id: string) =>
    (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
  const submitAndAccept = async (id: string, k: number, seq: number, percent: number) => {
    await p.http
      .post(`/api/projects/${id}/reports/${seq}`)
      .set(auth(f.applicants[k]))
      .send(reportBody(await linesOf(id), percent))
      .expect(200);
    await p.http.post(`/api/projects/${id}/reports/${seq}/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
  };
  const evaluate = (id: string, scores: object) =>
    p.http.post(`/api/projects/${id}/evaluations`).set(auth(f.evaluator)).send({ kind: 'MIDTERM', scores, summary: '按协议指标评估' });
  const release = async (id: string, seq: number) => {
    await p.http.post(`/api/projects/${id}/tranches/${seq}/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/${seq}/approve`).set(auth(f.finance2)).expect(200);
  };
  const trancheStatuses = async (id: string) =>
    (await p.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } })).map((t) => t.status);
  const finalEvaluations = async (id: string, k: number, thirdParty: object) => {
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.reviewer))
      .send({ kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '按协议完成' })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.applicants[k]))
      .send({ kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时' })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'FINAL_THIRD_PARTY', scores: thirdParty, summary: '按协议指标评估' })
      .expect(200);
  };
  const stays = async (id: string, stage: string, ms = 3000) => {
    await new Promise((r) => setTimeout(r, ms));
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage).toBe(stage);
  };

  it('reminds before an unsubmitted report is due and escalates once it is overdue', async () => {
    const id = f.projectIds[0];
    const report = await p.prisma.report.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 1 } } });
    const reminded = await eventually(
      async () => (await p.prisma.notification.findFirst({ where: { applicationId: id, kind: 'report.reminder' } })) ?? undefined,
      { label: 'reminder', timeoutMs: 30000 },
    );
    expect(reminded.createdAt.getTime()).toBeLessThan(report.dueAt.getTime());
    expect(reminded.userId).toBe(f.applicants[0].id);
    const escalated = await eventually(
      async () =>
        (await p.prisma.notification.findFirst({ where: { applicationId: id, kind: 'report.overdue', userId: f.reviewer.id } })) ??
        undefined,
      { label: 'escalation', timeoutMs: 30000 },
    );
    expect(escalated.createdAt.getTime()).toBeGreaterThanOrEqual(report.dueAt.getTime());
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id } })).flagged).toBe(true);
    const trail = await p.prisma.auditEntry.findMany({ where: { entityId: `${id}/1` }, orderBy: { id: 'asc' } });
    expect(trail.map((e) => e.action)).toEqual(['report.reminded', 'report.escalated']);
    // Returned for revision and not resubmitted by the revision deadline: escalated again.
    await p.http
      .post(`/api/projects/${id}/reports/1`)
      .set(auth(f.applicants[0]))
      .send(reportBody(await linesOf(id), 10))
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/reports/1/review`)
      .set(auth(f.reviewer))
      .send({ decision: 'RETURN', note: '支出明细与凭证不符', revisionDeadline: new Date(Date.now() + 3000).toISOString() })
      .expect(200);
    await eventually(
      async () =>
        (await p.prisma.auditEntry.count({ where: { entityId: `${id}/1`, action: 'report.escalated' } })) === 2 ? true : undefined,
      { label: 'second escalation', timeoutMs: 20000 },
    );
    expect(await p.prisma.notification.count({ where: { applicationId: id, kind: 'report.overdue', userId: f.reviewer.id } })).toBe(2);
    // Submitting and having it accepted clears the flag.
    await submitAndAccept(id, 0, 1, 20);
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id } })).flagged).toBe(false);
  });

  it('opens a rectification period after a failed mid-term evaluation and resumes after a pass', async () => {
    const id = f.projectIds[1];
    await submitAndAccept(id, 1, 2, 40);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    const bad = await evaluate(id, { completion: 50, quality: 1, satisfaction: 1, finance: 1 }).expect(400);
    expect(bad.body.errors[0].field).toBe('scores.completion');
    await evaluate(id, FAIL_SCORES).expect(200);
    await waitStage(p, id, 'RECTIFICATION');
    const tranche2 = await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 2 } } });
    expect(tranche2.status).toBe('PENDING');
    const entry = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, toState: 'RECTIFICATION' } });
    expect(entry.reason).toContain('限期整改');
    // No final report before the mid-term evaluation has passed.
    const final = await p.prisma.report.findFirstOrThrow({ where: { applicationId: id, kind: 'FINAL' } });
    const early = await p.http
      .post(`/api/projects/${id}/reports/${final.seq}`)
      .set(auth(f.applicants[1]))
      .send(reportBody(await linesOf(id), 50))
      .expect(409);
    expect(early.body.message).toContain('中期评估合格后方可提交结项报告');
    // At the rectification deadline the evaluator is told the re-evaluation is due.
    await eventually(
      async () =>
        (await p.prisma.notification.findFirst({ where: { applicationId: id, kind: 'rectification.due', userId: f.evaluator.id } })) ??
        undefined,
      { label: 'rectification due', timeoutMs: 20000 },
    );
    // The organization was reminded once, at the round's shortest lead (a day, here a second) before the deadline.
    const deadline = Date.parse((entry.data as { rectificationDeadline: string }).rectificationDeadline);
    const reminded = await p.prisma.notification.findMany({ where: { applicationId: id, kind: 'project.rectificationDueSoon' } });
    expect(reminded.map((n) => n.userId)).toEqual([f.applicants[1].id]);
    expect(reminded[0].createdAt.getTime()).toBeGreaterThanOrEqual(deadline - 1000);
    expect(reminded[0].createdAt.getTime()).toBeLessThan(deadline);
    await evaluate(id, PASS_SCORES).expect(200);
    await waitStage(p, id, 'IMPLEMENTATION');
    expect((await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 2 } } })).status).toBe('DUE');
    const attempts = await p.prisma.evaluation.findMany({ where: { applicationId: id, kind: 'MIDTERM' }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((e) => [e.attempt, e.grade])).toEqual([
      [1, 'FAIL'],
      [2, 'PASS'],
    ]);
  });

  it('terminates after a second failure, cancels unpaid tranches and computes the recovery', async () => {
    const id = f.projectIds[2];
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    await submitAndAccept(id, 2, 1, 20);
    await submitAndAccept(id, 2, 2, 30);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    await evaluate(id, FAIL_SCORES).expect(200);
    await waitStage(p, id, 'RECTIFICATION');
    await evaluate(id, FAIL_SCORES).expect(200);
    await waitStage(p, id, 'TERMINATED');

    const tranches = await p.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } });
    expect(tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
    const paid = cents(tranches[0].amount.toFixed(2));
    const spent = reportBody(await linesOf(id), 30).spending.reduce((s, l) => s + cents(l.spent), 0);
    const recovery = await p.prisma.recovery.findUniqueOrThrow({ where: { applicationId: id } });
    expect(cents(recovery.amount.toFixed(2))).toBe(paid - spent);
    const docs = await p.prisma.document.findMany({ where: { applicationId: id, kind: 'TERMINATION_NOTICE' } });
    expect(docs).toHaveLength(1);
    expect(
      await p.prisma.notification.count({ where: { applicationId: id, kind: 'project.terminated', userId: f.applicants[2].id } }),
    ).toBe(1);
    const late = await p.http.post(`/api/projects/${id}/tranches/2/request`).set(auth(f.finance1)).expect(409);
    expect(late.body.currentStage).toBe('TERMINATED');
  });

  it('withholds the final tranche of a failed project, lists its organization as dishonest, and the next round refuses it by rule', async () => {
    const id = f.projectIds[0];
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    await submitAndAccept(id, 0, 2, 40);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    await evaluate(id, PASS_SCORES).expect(200);
    await submitAndAccept(id, 0, 3, 50);
    await submitAndAccept(id, 0, 4, 55);
    await waitStage(p, id, 'FINAL_EVALUATION');
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.reviewer))
      .send({ kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '多项委托事项未完成' })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.applicants[0]))
      .send({ kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时' })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'FINAL_THIRD_PARTY', scores: FAIL_SCORES, summary: '未达到协议约定指标' })
      .expect(200);
    // The final tranche is withheld at once, but tranche 2 (due since the mid-term pass) holds the project open until it is paid.
    await eventually(async () => ((await trancheStatuses(id))[2] === 'WITHHELD' ? true : undefined), { label: 'final tranche withheld' });
    await stays(id, 'FINAL_EVALUATION');
    expect(await trancheStatuses(id)).toEqual(['PAID', 'DUE', 'WITHHELD']);
    await release(id, 2);
    await waitStage(p, id, 'CLOSED');

    const tranches = await p.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } });
    expect(tranches.map((t) => t.status)).toEqual(['PAID', 'PAID', 'WITHHELD']);
    const closed = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'project.closed' } });
    const award = cents((await p.prisma.application.findUniqueOrThrow({ where: { id } })).award!.toFixed(2));
    const data = closed.data as { paid: string; cancelled: string; withheld: string };
    expect(cents(data.paid) + cents(data.cancelled) + cents(data.withheld)).toBe(award);
    expect(cents(data.withheld)).toBe(cents(tranches[2].amount.toFixed(2)));
    expect(await p.prisma.creditRecord.findUniqueOrThrow({ where: { applicationId: id } })).toMatchObject({
      kind: 'FAILED',
      grade: 'FAIL',
    });
    const org = await p.prisma.organization.findUniqueOrThrow({ where: { id: f.orgIds[0] } });
    expect(org.creditStatus).toBe('DISHONEST');
    expect(org.dishonestUntil!.getTime()).toBeGreaterThan(Date.now() + 365 * 24 * 3600 * 1000);

    // The next round's eligibility rule refuses the organization, naming the rule.
    const next = await p.http
      .post('/api/rounds')
      .set(auth(f.manager))
      .send(
        roundPayload({
          opensAt: new Date(Date.now() + 500).toISOString(),
          closesAt: new Date(Date.now() + 600000).toISOString(),
        }),
      )
      .expect(201);
    await p.http.post(`/api/rounds/${next.body.id}/publish`).set(auth(f.manager)).expect(200);
    const view = await p.http.get(`/api/rounds/eligibility/${f.orgIds[0]}`).set(auth(f.applicants[0])).expect(200);
    const entry = view.body.find((r: { round: { id: string } }) => r.round.id === next.body.id);
    expect(entry.eligible).toBe(false);
    expect(entry.reasons.map((r: { rule: string }) => r.rule)).toEqual(['notDishonest']);
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: next.body.id } })).status === 'OPEN' ? true : undefined),
      { label: 'next round OPEN' },
    );
    const draft = await p.http
      .post('/api/applications')
      .set(auth(f.applicants[0]))
      .send(applicationPayload(next.body.id, f.orgIds[0], '50000.00'))
      .expect(201);
    await p.http.post(`/api/applications/${draft.body.id}/submit`).set(auth(f.applicants[0])).expect(200);
    const checks = await p.http.get(`/api/applications/${draft.body.id}/eligibility-checks`).set(auth(f.reviewer)).expect(200);
    const failed = checks.body.filter((c: { passed: boolean }) => !c.passed);
    expect(failed.map((c: { rule: string }) => c.rule)).toEqual(['notDishonest']);
    expect(failed[0].reason).toContain('失信');
  });

  it('does not close while a requested tranche 2 is unpaid after a rectified mid-term, and closes once the manager cancels it with a reason', async () => {
    const id = f.projectIds[3];
    await release(id, 1);
    await submitAndAccept(id, 3, 1, 20);
    await submitAndAccept(id, 3, 2, 35);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    await evaluate(id, FAIL_SCORES).expect(200);
    await waitStage(p, id, 'RECTIFICATION');
    await evaluate(id, PASS_SCORES).expect(200);
    await waitStage(p, id, 'IMPLEMENTATION');
    // Tranche 2 is requested and never approved.
    await p.http.post(`/api/projects/${id}/tranches/2/request`).set(auth(f.finance1)).expect(200);
    await submitAndAccept(id, 3, 3, 45);
    await submitAndAccept(id, 3, 4, 50);
    await waitStage(p, id, 'FINAL_EVALUATION');
    await finalEvaluations(id, 3, PASS_SCORES);
    await waitStage(p, id, 'CLOSING');
    // The closeout tranche is requested and paid at once; the project must not close with tranche 2 still requested.
    await release(id, 3);
    await stays(id, 'CLOSING');
    expect(await trancheStatuses(id)).toEqual(['PAID', 'REQUESTED', 'PAID']);
    expect(await p.prisma.recovery.findUnique({ where: { applicationId: id } })).toBeNull();
    const queue = await p.http.get(`/api/tranches?status=REQUESTED&roundId=${f.roundId}`).set(auth(f.finance2)).expect(200);
    expect(queue.body.items.map((t: { applicationId: string; seq: number }) => [t.applicationId, t.seq])).toContainEqual([id, 2]);

    // Cancelling is a named decision: the manager's, with a reason.
    await p.http.post(`/api/projects/${id}/tranches/2/cancel`).set(auth(f.finance2)).send({ reason: '不再拨付' }).expect(403);
    const noReason = await p.http.post(`/api/projects/${id}/tranches/2/cancel`).set(auth(f.manager)).send({}).expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await p.http.post(`/api/projects/${id}/tranches/1/cancel`).set(auth(f.manager)).send({ reason: '已拨付的不能取消' }).expect(409);
    await p.http
      .post(`/api/projects/${id}/tranches/2/cancel`)
      .set(auth(f.manager))
      .send({ reason: '整改期间部分服务未开展，经研究第二期不再拨付' })
      .expect(200);
    await waitStage(p, id, 'CLOSED');

    const tranches = await p.prisma.tranche.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } });
    expect(tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'PAID']);
    const payments = await p.prisma.payment.findMany({ where: { applicationId: id }, orderBy: { trancheSeq: 'asc' } });
    expect(payments.map((x) => x.trancheSeq)).toEqual([1, 3]);
    const paid = payments.reduce((s, x) => s + cents(x.amount.toFixed(2)), 0);
    const award = cents((await p.prisma.application.findUniqueOrThrow({ where: { id } })).award!.toFixed(2));
    expect(award - paid).toBe(cents(tranches[1].amount.toFixed(2)));
    const spent = reportBody(await linesOf(id), 50).spending.reduce((s, l) => s + cents(l.spent), 0);
    const recovery = await p.prisma.recovery.findUniqueOrThrow({ where: { applicationId: id } });
    expect(cents(recovery.amount.toFixed(2))).toBe(Math.max(0, paid - spent));
    expect(recovery.reason).toContain('取消拨付');
    const closed = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: id, action: 'project.closed' } });
    expect(closed.data).toMatchObject({
      paid: (paid / 100).toFixed(2),
      cancelled: tranches[1].amount.toFixed(2),
      withheld: '0.00',
      outstanding: '0.00',
    });
    const cancelled = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: `${id}/2`, action: 'tranche.cancelled' } });
    expect(cancelled).toMatchObject({
      actorId: f.manager.id,
      actorRole: 'PROGRAM_MANAGER',
      fromState: 'REQUESTED',
      toState: 'CANCELLED',
      reason: '整改期间部分服务未开展，经研究第二期不再拨付',
    });
    expect(cancelled.at.getTime()).toBeLessThanOrEqual(closed.at.getTime());
    expect(await p.prisma.notification.count({ where: { applicationId: id, kind: 'tranche.cancelled', userId: f.finance1.id } })).toBe(1);
    // Nothing is left in the finance queue, and the ended project refuses the tranche.
    const after = await p.http.get(`/api/tranches?status=REQUESTED&roundId=${f.roundId}`).set(auth(f.finance2)).expect(200);
    expect(after.body.items.filter((t: { applicationId: string }) => t.applicationId === id)).toEqual([]);
    await p.http.post(`/api/projects/${id}/tranches/2/approve`).set(auth(f.finance2)).expect(409);
  });

  it('continued the implementation as new along the way, without doing anything twice', async () => {
    const id = f.projectIds[3];
    const runs = [];
    for await (const w of p.client.workflow.list({
      query: `WorkflowId = '${projectWorkflowId(id)}' AND WorkflowType = 'implementationWorkflow'`,
    }))
      runs.push(w);
    expect(runs.length).toBeGreaterThan(1);
    expect(await p.prisma.auditEntry.count({ where: { entityId: id, action: 'project.implementationStarted' } })).toBe(1);
    expect(await p.prisma.auditEntry.count({ where: { entityId: id, action: 'project.closed' } })).toBe(1);
    expect(await p.prisma.auditEntry.count({ where: { entityId: id, action: 'tranche.due' } })).toBe(1);
    expect(
      await p.prisma.notification.count({ where: { applicationId: id, kind: 'rectification.due', userId: f.evaluator.id } }),
    ).toBeLessThanOrEqual(1);
    const reminders = await p.prisma.auditEntry.groupBy({
      by: ['entityId'],
      where: { entityId: { startsWith: `${id}/` }, action: 'report.reminded' },
      _count: true,
    });
    expect(reminders.every((r) => r._count === 1)).toBe(true);
  });
});
