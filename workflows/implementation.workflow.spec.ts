import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { createImplementationFakes } from '../test/support/implementation-fakes';
import { specWorker } from '../test/support/workflow-env';
import { implementationWorkflow } from './implementation.workflow';
import {
  approveTranche,
  cancelTranche,
  DecisionRefusal,
  fileEvaluation,
  getImplementationState,
  requestChange,
  requestTranche,
  reviewReport,
  submitReport,
  terminateProject,
  type Actor,
  type ImplementationState,
  type ImplementationTiming,
  type ReportInput,
  type ReportState,
} from './messages';
import type { ImplementationStart } from './contracts';

const EventType = temporal.api.enums.v1.EventType;

/**
 * The implementation workflow on a dev server of its own, with in-memory activities
 * (test/support/implementation-fakes.ts): its validators, its timers, its continue-as-new and
 * its closeout rule. Durations are compressed through the timing the start activity returns.
 */
describe('implementationWorkflow', () => {
  const fakes = createImplementationFakes();
  const handles: WorkflowHandle<typeof implementationWorkflow>[] = [];

  const ORG = 'org-1';
  const actor = (userId: string, role: Actor['role'], organizationIds: string[] = []): Actor => ({
    userId,
    role,
    displayName: userId,
    organizationIds,
  });
  const fin1 = actor('fin-1', 'FINANCE');
  const fin2 = actor('fin-2', 'FINANCE');
  const manager = actor('pm-1', 'PROGRAM_MANAGER');
  const reviewer = actor('rev-1', 'REVIEWER');
  const evaluator = actor('eval-1', 'EVALUATOR');
  const member = actor('app-1', 'APPLICANT', [ORG]);
  const outsider = actor('app-9', 'APPLICANT', ['org-9']);

  const DAY = 24 * 3600 * 1000;
  const at = (ms: number) => new Date(Date.now() + ms).toISOString();
  const BUDGET = [
    { type: 'PERSONNEL' as const, description: '社工', amount: '60000.00' },
    { type: 'ACTIVITY' as const, description: '活动', amount: '40000.00' },
  ];
  const REPORT: ReportInput = {
    indicators: [{ name: '服务人次', unit: '人次', planned: 100, achieved: 60 }],
    spending: [{ type: 'PERSONNEL', budgeted: '60000.00', spent: '20000.00' }],
    narrative: '本期开展社区服务活动十二场，服务对象满意。',
  };
  const MIDTERM_PASS = { completion: 36, quality: 22.5, satisfaction: 18, finance: 13.5 }; // 90
  const MIDTERM_FAIL = { completion: 10, quality: 10, satisfaction: 10, finance: 10 }; // 40
  const GOV_ON_ORG = { completion: 45, quality: 27, fundUse: 18 };
  const ORG_ON_GOV = { timelyPayment: 36, support: 27, noExtraTasks: 27 };

  /** Configures what startImplementation returns for a new project and starts its workflow. */
  async function startProject(
    name: string,
    o: {
      reports: Omit<ReportState, 'status' | 'overdue'>[];
      timing?: Partial<ImplementationTiming>;
      evaluatorId?: string | null;
      beforeStart?: (applicationId: string) => void;
    },
  ) {
    const applicationId = `${name}-${Math.random().toString(36).slice(2, 8)}`;
    const start: ImplementationStart = {
      stage: 'IMPLEMENTATION',
      tranches: [
        { seq: 1, stage: 'AGREEMENT_SIGNED', amount: '40000.00', status: 'DUE' },
        { seq: 2, stage: 'MIDTERM_PASSED', amount: '40000.00', status: 'PENDING' },
        { seq: 3, stage: 'CLOSEOUT', amount: '20000.00', status: 'PENDING' },
      ],
      reports: o.reports.map((r) => ({ ...r, status: 'PENDING', overdue: false })),
      budgetLines: BUDGET,
      termEndsAt: at(2 * DAY),
      evaluatorId: o.evaluatorId === undefined ? 'eval-1' : o.evaluatorId,
      timing: {
        reminderLeadMs: 2000,
        rectificationMs: 1500,
        maxExtensionMs: 30 * DAY,
        changeThresholdPercent: 10,
        historyLimit: 0,
        ...o.timing,
      },
    };
    fakes.starts.set(applicationId, start);
    o.beforeStart?.(applicationId);
    const h = await spec.env.client.workflow.start(implementationWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId: `impl-${applicationId}`,
      args: [{ applicationId, roundId: 'round-1', organizationId: ORG, regionCode: '310101' }],
    });
    handles.push(h);
    // Its handlers are registered once the start activity has returned (see the last test).
    if (!o.beforeStart)
      await until(() =>
        h.query(getImplementationState).then(
          () => true,
          () => false,
        ),
      );
    return { h, applicationId, start };
  }

  const farReports = () => [
    { seq: 1, kind: 'MIDTERM' as const, dueAt: at(DAY) },
    { seq: 2, kind: 'FINAL' as const, dueAt: at(2 * DAY) },
  ];

  /** The refusal an update ends with (its validator's or its handler's), or undefined when it succeeded. */
  async function refusalOf(p: Promise<unknown>): Promise<ApplicationFailure | undefined> {
    const e = await p.then(
      () => undefined,
      (x: unknown) => x,
    );
    if (e === undefined) return undefined;
    expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (e as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    return cause as ApplicationFailure;
  }

  async function until(ok: () => boolean | Promise<boolean>, ms = 15_000) {
    const deadline = Date.now() + ms;
    while (!(await ok()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await ok()).toBe(true);
  }
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function historyEvents(h: WorkflowHandle, runId?: string) {
    const history = await spec.env.client.workflow.getHandle(h.workflowId, runId).fetchHistory();
    return history.events ?? [];
  }
  const acceptedUpdateNames = (events: temporal.api.history.v1.IHistoryEvent[]) =>
    events
      .filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name);

  const spec = specWorker({
    activities: fakes.activities,
    cleanup: async () => {
      for (const h of handles) await h.terminate('spec finished').catch(() => undefined);
    },
  });

  it('refuses in its validators a wrong role, a wrong stage and a missing reason, leaving no trace in the history', async () => {
    const { h, applicationId } = await startProject('validators', { reports: farReports() });
    expect(await h.executeUpdate(requestTranche, { args: [{ actor: fin1, seq: 1 }] })).toMatchObject({
      tranches: [{ seq: 1, status: 'REQUESTED', requestedById: 'fin-1' }, {}, {}],
    });
    const before = await historyEvents(h);
    const callsBefore = fakes.callsOf(applicationId).length;

    const refused = async (p: Promise<unknown>) => {
      const r = await refusalOf(p);
      if (!r) throw new Error('the update was not refused');
      return r;
    };
    // Wrong stage: tranche 2 is not due, tranche 3 not requested, the mid-term report not submitted, final evaluations not open.
    expect(await refused(h.executeUpdate(requestTranche, { args: [{ actor: fin2, seq: 2 }] }))).toMatchObject({
      type: DecisionRefusal.INVALID_TRANSITION,
      details: [{ currentStage: 'PENDING' }],
    });
    expect(await refused(h.executeUpdate(approveTranche, { args: [{ actor: fin2, seq: 3 }] }))).toMatchObject({
      type: DecisionRefusal.INVALID_TRANSITION,
      details: [{ currentStage: 'PENDING' }],
    });
    expect(
      await refused(h.executeUpdate(reviewReport, { args: [{ actor: reviewer, seq: 1, decision: 'ACCEPT', note: '' }] })),
    ).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'PENDING' }] });
    expect(
      await refused(
        h.executeUpdate(fileEvaluation, {
          args: [{ actor: evaluator, kind: 'FINAL_THIRD_PARTY', scores: MIDTERM_PASS, comments: {}, summary: '结项评估' }],
        }),
      ),
    ).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'IMPLEMENTATION' }] });
    // The final report may not come before the mid-term evaluation released its tranche.
    expect(await refused(h.executeUpdate(submitReport, { args: [{ actor: member, seq: 2, report: REPORT }] }))).toMatchObject({
      type: DecisionRefusal.INVALID_TRANSITION,
    });
    // Wrong role or person.
    expect(await refused(h.executeUpdate(approveTranche, { args: [{ actor: member, seq: 1 }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect(await refused(h.executeUpdate(approveTranche, { args: [{ actor: fin1, seq: 1 }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect(await refused(h.executeUpdate(cancelTranche, { args: [{ actor: fin2, seq: 1, reason: '项目暂停' }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect(await refused(h.executeUpdate(submitReport, { args: [{ actor: outsider, seq: 1, report: REPORT }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect(await refused(h.executeUpdate(submitReport, { args: [{ actor: reviewer, seq: 1, report: REPORT }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect(
      await refused(
        h.executeUpdate(fileEvaluation, {
          args: [{ actor: actor('eval-2', 'EVALUATOR'), kind: 'MIDTERM', scores: MIDTERM_PASS, comments: {}, summary: '中期评估' }],
        }),
      ),
    ).toMatchObject({ type: DecisionRefusal.FORBIDDEN });
    // Missing reason or invalid input.
    expect(await refused(h.executeUpdate(cancelTranche, { args: [{ actor: manager, seq: 1, reason: ' ' }] }))).toMatchObject({
      type: DecisionRefusal.VALIDATION,
      details: [{ errors: [{ field: 'reason', rule: 'required' }] }],
    });
    expect(await refused(h.executeUpdate(terminateProject, { args: [{ actor: manager, reason: '' }] }))).toMatchObject({
      type: DecisionRefusal.VALIDATION,
      details: [{ errors: [{ field: 'reason' }] }],
    });
    expect(
      await refused(h.executeUpdate(submitReport, { args: [{ actor: member, seq: 1, report: { ...REPORT, narrative: '太短' } }] })),
    ).toMatchObject({ type: DecisionRefusal.VALIDATION, details: [{ errors: [{ field: 'narrative', rule: 'minLength' }] }] });

    // Nothing of the thirteen refusals reached the history or an activity, and the state is unchanged.
    const after = await historyEvents(h);
    expect(after.length).toBe(before.length);
    expect(acceptedUpdateNames(after)).toEqual(['requestTranche']);
    expect(fakes.callsOf(applicationId).length).toBe(callsBefore);
    expect((await h.query(getImplementationState)).tranches.map((t) => t.status)).toEqual(['REQUESTED', 'PENDING', 'PENDING']);

    // The refusals did not block the case: the second officer approves, the payment names the first.
    expect((await h.executeUpdate(approveTranche, { args: [{ actor: fin2, seq: 1 }] })).tranches[0].status).toBe('PAID');
    expect(fakes.callsOf(applicationId, 'payTranche').map((c) => c.input)).toEqual([
      { applicationId, seq: 1, requestedById: 'fin-1', approver: fin2 },
    ]);
    expect(acceptedUpdateNames(await historyEvents(h))).toEqual(['requestTranche', 'approveTranche']);
  });

  it('reminds before a report is due, escalates once it is overdue and again past a revision deadline; a report submitted in time is left alone', async () => {
    const { h, applicationId, start } = await startProject('reminders', {
      reports: [
        { seq: 1, kind: 'PERIODIC', dueAt: at(3000) },
        { seq: 2, kind: 'PERIODIC', dueAt: at(5000) },
        ...farReports().map((r) => ({ ...r, seq: r.seq + 2 })),
      ],
      timing: { reminderLeadMs: 2000 },
    });
    const due1 = Date.parse(start.reports[0].dueAt);
    const due2 = Date.parse(start.reports[1].dueAt);
    // Report 2 is submitted at once, before its reminder (due − 2 s) would fire.
    await h.executeUpdate(submitReport, { args: [{ actor: member, seq: 2, report: REPORT }] });
    expect(Date.now()).toBeLessThan(due2 - 2000);

    await until(() => fakes.callsOf(applicationId, 'escalateReport').length === 1);
    const [remind] = fakes.callsOf(applicationId, 'remindReport');
    const [escalate] = fakes.callsOf(applicationId, 'escalateReport');
    expect(remind.input).toEqual({ applicationId, seq: 1 });
    expect(escalate.input).toEqual({ applicationId, seq: 1 });
    expect(remind.at).toBeGreaterThanOrEqual(due1 - 2000 - 20);
    expect(remind.at).toBeLessThan(due1);
    expect(escalate.at).toBeGreaterThanOrEqual(due1 - 20);
    expect((await h.query(getImplementationState)).reports[0]).toMatchObject({ seq: 1, status: 'PENDING', overdue: true });

    // Late, submitted and returned with a revision deadline: watched again against that deadline.
    await h.executeUpdate(submitReport, { args: [{ actor: member, seq: 1, report: REPORT }] });
    const revisionDeadline = at(1500);
    await h.executeUpdate(reviewReport, {
      args: [{ actor: reviewer, seq: 1, decision: 'RETURN', note: '请补充支出凭证', revisionDeadline }],
    });
    await until(() => fakes.callsOf(applicationId, 'escalateReport').length === 2);
    expect(fakes.callsOf(applicationId, 'escalateReport')[1].at).toBeGreaterThanOrEqual(Date.parse(revisionDeadline) - 20);

    // Past report 2's due instant: it was submitted, so neither reminded nor escalated; report 1 was reminded once.
    await sleep(Math.max(0, due2 + 300 - Date.now()));
    expect(fakes.callsOf(applicationId, 'remindReport').map((c) => c.input.seq)).toEqual([1]);
    expect(fakes.callsOf(applicationId, 'escalateReport').map((c) => c.input.seq)).toEqual([1, 1]);
    expect((await h.query(getImplementationState)).reports.slice(0, 2)).toMatchObject([
      { seq: 1, status: 'RETURNED', revisionDeadline, overdue: true },
      { seq: 2, status: 'SUBMITTED', overdue: false },
    ]);
  });

  it('sends the rectification notice on its own at the deadline after a failed mid-term evaluation, once', async () => {
    // The round's reminder lead: a second before the 1.5-second deadline.
    fakes.reminderLeadsMs = [1_000];
    const { h, applicationId } = await startProject('rectification', { reports: farReports(), timing: { rectificationMs: 1500 } });
    await h.executeUpdate(submitReport, { args: [{ actor: member, seq: 1, report: REPORT }] });
    await h.executeUpdate(reviewReport, { args: [{ actor: reviewer, seq: 1, decision: 'ACCEPT', note: '' }] });
    const filedAt = Date.now();
    expect(
      await h.executeUpdate(fileEvaluation, {
        args: [{ actor: evaluator, kind: 'MIDTERM', scores: MIDTERM_FAIL, comments: {}, summary: '中期评估不合格' }],
      }),
    ).toEqual({ total: '40.00', grade: 'FAIL' });
    const s = await h.query(getImplementationState);
    expect(s.stage).toBe('RECTIFICATION');
    const deadline = Date.parse(s.rectificationDeadline!);
    expect(deadline - filedAt).toBeGreaterThanOrEqual(1500 - 20);
    expect(deadline - filedAt).toBeLessThan(1500 + 5000);
    expect(fakes.callsOf(applicationId, 'setStage').map((c) => c.input)).toMatchObject([
      { to: 'RECTIFICATION', rectificationDeadline: s.rectificationDeadline },
    ]);
    expect(fakes.callsOf(applicationId, 'rectificationDue')).toHaveLength(0);

    await until(() => fakes.callsOf(applicationId, 'rectificationDue').length === 1);
    const [notice] = fakes.callsOf(applicationId, 'rectificationDue');
    expect(notice.input).toEqual({ applicationId, deadline: s.rectificationDeadline });
    expect(notice.at).toBeGreaterThanOrEqual(deadline - 20);
    // Its reminder came once, at the lead before the deadline, and before the notice.
    const reminded = fakes.callsOf(applicationId, 'remindRectification');
    expect(reminded.map((c) => c.input)).toEqual([{ applicationId, deadline: s.rectificationDeadline, leadMs: 1_000 }]);
    expect(reminded[0].at).toBeGreaterThanOrEqual(deadline - 1_000);
    expect(reminded[0].at).toBeLessThanOrEqual(notice.at);
    fakes.reminderLeadsMs = [];

    // The re-evaluation passes: the mid-term tranche becomes due and the project is back in implementation.
    expect(
      (
        await h.executeUpdate(fileEvaluation, {
          args: [{ actor: evaluator, kind: 'MIDTERM', scores: MIDTERM_PASS, comments: {}, summary: '整改后复评合格' }],
        })
      ).grade,
    ).toBe('EXCELLENT');
    const after = await h.query(getImplementationState);
    expect(after.stage).toBe('IMPLEMENTATION');
    expect(after.tranches[1].status).toBe('DUE');
    expect(after.evaluations).toEqual([
      { kind: 'MIDTERM', attempt: 1, grade: 'FAIL' },
      { kind: 'MIDTERM', attempt: 2, grade: 'EXCELLENT' },
    ]);
    expect(fakes.callsOf(applicationId, 'makeTrancheDue').map((c) => c.input)).toEqual([{ applicationId, stage: 'MIDTERM_PASSED' }]);
    await sleep(300);
    expect(fakes.callsOf(applicationId, 'rectificationDue')).toHaveLength(1);
  });

  it('continues as new past its history limit only once every update has finished, carrying tranches, reports and watch marks', async () => {
    const HISTORY_LIMIT = 50;
    const { h, applicationId, start } = await startProject('continue', {
      reports: [{ seq: 1, kind: 'PERIODIC', dueAt: at(2500) }, ...farReports().map((r) => ({ ...r, seq: r.seq + 1 }))],
      timing: { reminderLeadMs: 1500, historyLimit: HISTORY_LIMIT },
    });
    const firstRunId = (await h.describe()).runId;
    // Report 1 is reminded and escalated in the first run; tranche 1 is requested there.
    await until(() => fakes.callsOf(applicationId, 'escalateReport').length === 1);
    await h.executeUpdate(requestTranche, { args: [{ actor: fin1, seq: 1 }] });
    expect((await h.describe()).historyLength).toBeLessThan(HISTORY_LIMIT);

    // A report submission is in flight (its activity held) while budget reallocations queue up
    // behind it at the gate and push the history past the limit.
    const releaseSave = fakes.hold(applicationId, 'saveReport');
    const submitting = await h.startUpdate(submitReport, {
      args: [{ actor: member, seq: 1, report: REPORT }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await until(() => fakes.callsOf(applicationId, 'saveReport').length === 1);
    const reallocations: Promise<{ changeId: string; status: string; needsApproval: boolean }>[] = [];
    for (let i = 1; (await h.describe()).historyLength <= HISTORY_LIMIT; i++) {
      expect(i).toBeLessThan(30);
      const shifted = [
        { ...BUDGET[0], amount: `${60000 - i * 100}.00` },
        { ...BUDGET[1], amount: `${40000 + i * 100}.00` },
      ];
      const u = await h.startUpdate(requestChange, {
        args: [{ actor: member, change: { kind: 'REALLOCATION', budgetLines: shifted, reason: `调整${i}` } }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      reallocations.push(u.result());
    }
    await sleep(500);
    expect((await h.describe()).runId).toBe(firstRunId);

    releaseSave();
    expect((await submitting.result()).reports[0]).toMatchObject({ status: 'SUBMITTED', overdue: true });
    for (const r of await Promise.all(reallocations)) expect(r).toMatchObject({ status: 'APPROVED', needsApproval: false });
    await until(async () => (await h.describe()).runId !== firstRunId);

    // The first run ended in continue-as-new with every update it accepted completed in it.
    const firstRun = await historyEvents(h, firstRunId);
    expect(firstRun.at(-1)?.eventType).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
    const completed = firstRun.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
    expect(acceptedUpdateNames(firstRun)).toHaveLength(2 + reallocations.length);
    expect(completed).toHaveLength(2 + reallocations.length);
    expect(completed.every((e) => !e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.failure)).toBe(true);

    // The new run answers with the same state as the first run's last.
    const carried = await h.query(getImplementationState);
    const lastOfFirst = await spec.env.client.workflow.getHandle(h.workflowId, firstRunId).query(getImplementationState);
    expect(carried).toEqual(lastOfFirst);
    expect(carried.tranches.map((t) => [t.status, t.requestedById])).toEqual([
      ['REQUESTED', 'fin-1'],
      ['PENDING', undefined],
      ['PENDING', undefined],
    ]);
    expect(carried.reports[0]).toEqual({ ...start.reports[0], status: 'SUBMITTED', overdue: true });

    // Nothing is read or done again: no second start, reminder or escalation for the same due instant.
    await sleep(500);
    expect(fakes.callsOf(applicationId, 'startImplementation')).toHaveLength(1);
    expect(fakes.callsOf(applicationId, 'remindReport').map((c) => c.input.seq)).toEqual([1]);
    expect(fakes.callsOf(applicationId, 'escalateReport').map((c) => c.input.seq)).toEqual([1]);

    // The carried requester still may not approve; the other officer's approval pays, naming the requester.
    expect(await refusalOf(h.executeUpdate(approveTranche, { args: [{ actor: fin1, seq: 1 }] }))).toMatchObject({
      type: DecisionRefusal.FORBIDDEN,
    });
    expect((await h.executeUpdate(approveTranche, { args: [{ actor: fin2, seq: 1 }] })).tranches[0].status).toBe('PAID');
    expect(fakes.callsOf(applicationId, 'payTranche').map((c) => c.input)).toEqual([
      { applicationId, seq: 1, requestedById: 'fin-1', approver: fin2 },
    ]);

    await h.executeUpdate(terminateProject, { args: [{ actor: manager, reason: '承接单位解散' }] });
    const end = await h.result();
    expect(end.stage).toBe('TERMINATED');
    expect(end.tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'CANCELLED']);
  });

  it.each(['paid', 'cancelled'] as const)('does not close while a tranche is requested; closes once it is %s', async (ending) => {
    const { h, applicationId } = await startProject(`closeout-${ending}`, { reports: farReports() });
    await h.executeUpdate(requestTranche, { args: [{ actor: fin1, seq: 1 }] });
    await h.executeUpdate(approveTranche, { args: [{ actor: manager, seq: 1 }] });
    await h.executeUpdate(submitReport, { args: [{ actor: member, seq: 1, report: REPORT }] });
    await h.executeUpdate(reviewReport, { args: [{ actor: reviewer, seq: 1, decision: 'ACCEPT', note: '' }] });
    await h.executeUpdate(fileEvaluation, {
      args: [{ actor: evaluator, kind: 'MIDTERM', scores: MIDTERM_PASS, comments: {}, summary: '中期评估合格' }],
    });
    await h.executeUpdate(requestTranche, { args: [{ actor: fin1, seq: 2 }] });
    await h.executeUpdate(submitReport, { args: [{ actor: member, seq: 2, report: REPORT }] });
    expect((await h.executeUpdate(reviewReport, { args: [{ actor: reviewer, seq: 2, decision: 'ACCEPT', note: '' }] })).stage).toBe(
      'FINAL_EVALUATION',
    );
    await h.executeUpdate(fileEvaluation, {
      args: [{ actor: evaluator, kind: 'FINAL_THIRD_PARTY', scores: MIDTERM_PASS, comments: {}, summary: '结项评估优秀' }],
    });
    await h.executeUpdate(fileEvaluation, {
      args: [{ actor: reviewer, kind: 'GOV_ON_ORG', scores: GOV_ON_ORG, comments: {}, summary: '承接方履约良好' }],
    });
    await h.executeUpdate(fileEvaluation, {
      args: [{ actor: member, kind: 'ORG_ON_GOV', scores: ORG_ON_GOV, comments: {}, summary: '政府方支持到位' }],
    });

    // Closeout begins: the final tranche becomes due and is paid; tranche 2 stays requested.
    await until(async () => (await h.query(getImplementationState)).stage === 'CLOSING');
    expect(fakes.callsOf(applicationId, 'beginCloseout')).toHaveLength(1);
    await h.executeUpdate(requestTranche, { args: [{ actor: fin1, seq: 3 }] });
    await h.executeUpdate(approveTranche, { args: [{ actor: fin2, seq: 3 }] });
    await sleep(1000);
    const open = await h.query(getImplementationState);
    expect(open.stage).toBe('CLOSING');
    expect(open.tranches.map((t) => t.status)).toEqual(['PAID', 'REQUESTED', 'PAID']);
    expect(fakes.callsOf(applicationId, 'closeout')).toHaveLength(0);

    let end: ImplementationState;
    if (ending === 'paid') {
      await h.executeUpdate(approveTranche, { args: [{ actor: fin2, seq: 2 }] });
      end = await h.result();
      expect(end.tranches.map((t) => t.status)).toEqual(['PAID', 'PAID', 'PAID']);
    } else {
      expect(await refusalOf(h.executeUpdate(cancelTranche, { args: [{ actor: manager, seq: 2, reason: '' }] }))).toMatchObject({
        type: DecisionRefusal.VALIDATION,
      });
      await sleep(300);
      expect(fakes.callsOf(applicationId, 'closeout')).toHaveLength(0);
      await h.executeUpdate(cancelTranche, { args: [{ actor: manager, seq: 2, reason: '服务对象减少，第二期不再拨付' }] });
      end = await h.result();
      expect(end.tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED', 'PAID']);
      expect(fakes.callsOf(applicationId, 'cancelTranche').map((c) => c.input.reason)).toEqual(['服务对象减少，第二期不再拨付']);
    }
    expect(end.stage).toBe('CLOSED');
    expect(fakes.callsOf(applicationId, 'closeout').map((c) => c.input)).toEqual([{ applicationId, from: 'CLOSING' }]);
  });

  // The project's start is the first decision at the gate: a decision (or a query) that reaches a
  // first run while its start activity runs — the database already says IMPLEMENTATION once that
  // activity commits — is accepted, waits its turn and is then checked against the started project.
  it('accepts a decision sent while its start activity is still running: it waits its turn', async () => {
    let releaseStart = () => undefined as void;
    const { h, applicationId } = await startProject('early', {
      reports: farReports(),
      beforeStart: (id) => (releaseStart = fakes.hold(id, 'startImplementation')),
    });
    try {
      await until(() => fakes.callsOf(applicationId, 'startImplementation').length === 1);
      const early = await h.startUpdate(requestTranche, { args: [{ actor: fin1, seq: 1 }], waitForStage: WorkflowUpdateStage.ACCEPTED });
      expect(fakes.callsOf(applicationId, 'markTrancheRequested')).toHaveLength(0);
      releaseStart();
      expect((await early.result()).tranches[0].status).toBe('REQUESTED');
      expect(fakes.callsOf(applicationId, 'markTrancheRequested')).toHaveLength(1);
    } finally {
      releaseStart();
    }
  });
});
