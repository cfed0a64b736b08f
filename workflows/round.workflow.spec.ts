import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { specWorker } from '../test/support/workflow-env';
import { iso, refusalOf, until, updateEvents } from '../test/support/workflow-spec';
import { invalidTransition, type RoundOutcome } from './contracts';
import {
  Actor,
  approveResults,
  closePanel,
  DecisionRefusal,
  formPanel,
  getRoundState,
  publishNotice,
  RoundCarried,
  RoundState,
  RoundStepResult,
  RoundWorkflowInput,
} from './messages';
import { roundWorkflow } from './round.workflow';
import { RoundStatusKey } from './search-attributes';
import type { FanOutActivities } from '../activities/fan-out.activities';
import type { NoticeActivities } from '../activities/notice.activities';
import type { PanelActivities } from '../activities/panel.activities';
import type { ReminderActivities } from '../activities/reminders.activities';
import type { RoundActivities } from '../activities/rounds.activities';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * The round workflow's own logic, against in-memory stubs of its activities that answer the
 * shapes the real ones answer (the real activities are proven by the integration tests).
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Call = { name: string; input: { roundId: string; [k: string]: any }; at: number };

const manager: Actor = { userId: 'pm-1', role: 'PROGRAM_MANAGER', displayName: '项目经理甲', organizationIds: [] };
const manager2: Actor = { userId: 'pm-2', role: 'PROGRAM_MANAGER', displayName: '项目经理乙', organizationIds: [] };
const reviewer: Actor = { userId: 'rv-1', role: 'REVIEWER', displayName: '审核员', organizationIds: [] };

const NOTICE_MS = 1500;

/** Stub activities recording every call; a test may hold one or make it refuse once. */
function stubRound(noticeMs = NOTICE_MS) {
  const calls: Call[] = [];
  const held = new Map<string, Promise<void>>();
  const refuseOnce = new Map<string, ApplicationFailure>();
  /** Each round's reminder leads, as its loadReminderPlan answers (none unless a test sets them). */
  const leads = new Map<string, number[]>();
  /** A round's own notice period, where a test needs a longer one than noticeMs. */
  const noticeLengths = new Map<string, number>();
  const record = async (name: string, input: object & { roundId: string }) => {
    calls.push({ name, input: input as Call['input'], at: Date.now() });
    const key = `${name}:${input.roundId}`;
    await held.get(key);
    const refusal = refuseOnce.get(key);
    if (refusal) {
      refuseOnce.delete(key);
      throw refusal;
    }
  };
  const activities: RoundActivities &
    Pick<PanelActivities, 'formPanel' | 'closePanel'> &
    Pick<NoticeActivities, 'loadCalendar' | 'publishNotice' | 'finalizeRound' | 'noticePeriodEnded'> &
    FanOutActivities &
    Pick<ReminderActivities, 'loadReminderPlan' | 'remindDrafts' | 'remindOpenObjections'> = {
    async setRoundStatus(i) {
      await record('setRoundStatus', i);
    },
    async formPanel(i) {
      await record('formPanel', i);
      return { applications: 2, experts: i.expertIds.length, assignments: 2 * Math.min(3, i.expertIds.length) };
    },
    async closePanel(i) {
      await record('closePanel', i);
      return { ranked: 2, FUNDED: 1, BELOW_PASS_MARK: 1 };
    },
    async loadCalendar(i) {
      await record('loadCalendar', i);
      return { holidays: [], workdays: [], noticeWorkingDays: 5, compressedPeriodMs: noticeLengths.get(i.roundId) ?? noticeMs };
    },
    async publishNotice(i) {
      await record('publishNotice', i);
      return { listed: 1 };
    },
    async finalizeRound(i) {
      await record('finalizeRound', i);
      return { funded: 1 };
    },
    async noticePeriodEnded(i) {
      await record('noticePeriodEnded', i);
      return { openObjections: 0 };
    },
    async loadReminderPlan(i) {
      return { leadsMs: leads.get(i.roundId) ?? [] };
    },
    async remindDrafts(i) {
      await record('remindDrafts', i);
      return { reached: 1 };
    },
    async remindOpenObjections(i) {
      await record('remindOpenObjections', i);
      return { reached: 1 };
    },
    async tellProjects(i) {
      await record('tellProjects', i);
      return { told: 2, gone: 0 };
    },
  };
  const hold = (name: string, roundId: string) => {
    let release!: () => void;
    held.set(`${name}:${roundId}`, new Promise<void>((r) => (release = r)));
    return () => {
      held.delete(`${name}:${roundId}`);
      release();
    };
  };
  const of = (roundId: string, name?: string) => calls.filter((c) => c.input.roundId === roundId && (!name || c.name === name));
  return { calls, activities, hold, refuseOnce, of, leads, noticeLengths };
}

const statusAttr = async (h: WorkflowHandle) => (await h.describe()).searchAttributes.RoundStatus as string[] | undefined;

const newRoundId = () => `r${Math.random().toString(36).slice(2, 10)}`;

describe('roundWorkflow', () => {
  const stub = stubRound();
  const handles: WorkflowHandle[] = [];

  const start = async (window: { opensAt: string; closesAt: string }) => {
    const roundId = newRoundId();
    const h = await spec.env.client.workflow.start(roundWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId: `round-${roundId}`,
      args: [{ roundId, regionCode: '310101', ...window }],
    });
    handles.push(h);
    return { h, roundId };
  };
  /** A round whose window is already over: it moves to CLOSED at once. */
  const closedRound = async () => {
    const r = await start({ opensAt: iso(-60_000), closesAt: iso(-1_000) });
    await until(async () => (await r.h.query(getRoundState)).status === 'CLOSED');
    return r;
  };

  const spec = specWorker({
    activities: stub.activities,
    cleanup: async () => {
      for (const h of handles) await h.terminate('spec finished').catch(() => undefined);
    },
  });

  it('refuses a step by the wrong role, in the wrong phase or with no experts, and a refused update leaves nothing in the history', async () => {
    const early = await start({ opensAt: iso(3_600_000), closesAt: iso(7_200_000) });
    const wrongPhase = await refusalOf(early.h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: ['e1'] }] }));
    expect(wrongPhase).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'PUBLISHED' }] });

    const { h, roundId } = await closedRound();
    const forbidden = await refusalOf(h.executeUpdate(formPanel, { args: [{ actor: reviewer, expertIds: ['e1'] }] }));
    expect(forbidden.type).toBe(DecisionRefusal.FORBIDDEN);
    const notYet = await refusalOf(h.executeUpdate(closePanel, { args: [{ actor: manager }] }));
    expect(notYet).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'CLOSED' }] });
    const noExperts = await refusalOf(h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: [] }] }));
    expect(noExperts).toMatchObject({
      type: DecisionRefusal.VALIDATION,
      details: [{ errors: [{ field: 'expertIds', rule: 'required' }] }],
    });
    const noNotice = await refusalOf(h.executeUpdate(approveResults, { args: [{ actor: manager }] }));
    expect(noNotice.type).toBe(DecisionRefusal.INVALID_TRANSITION);

    expect(await updateEvents(h)).toEqual([]);
    expect(await updateEvents(early.h)).toEqual([]);
    expect(stub.of(roundId, 'formPanel')).toEqual([]);
    expect((await h.query(getRoundState)).status).toBe('CLOSED');
  });

  it('opens and closes the application window on its timers, and the RoundStatus search attribute follows', async () => {
    const opensAt = iso(1_500);
    const closesAt = iso(3_000);
    const { h, roundId } = await start({ opensAt, closesAt });
    await until(async () => (await statusAttr(h))?.[0] === 'PUBLISHED');
    expect(stub.of(roundId, 'setRoundStatus')).toEqual([]);

    await until(async () => (await statusAttr(h))?.[0] === 'OPEN');
    expect(stub.of(roundId, 'setRoundStatus').map((c) => c.input)).toEqual([
      { roundId, from: 'PUBLISHED', to: 'OPEN', action: 'round.windowOpened' },
    ]);
    expect(stub.of(roundId, 'setRoundStatus')[0].at).toBeGreaterThanOrEqual(Date.parse(opensAt));

    await until(async () => (await statusAttr(h))?.[0] === 'CLOSED');
    const moves = stub.of(roundId, 'setRoundStatus');
    expect(moves.map((c) => c.input)).toEqual([
      { roundId, from: 'PUBLISHED', to: 'OPEN', action: 'round.windowOpened' },
      { roundId, from: 'OPEN', to: 'CLOSED', action: 'round.windowClosed' },
    ]);
    expect(moves[1].at).toBeGreaterThanOrEqual(Date.parse(closesAt));
    expect(await h.query(getRoundState)).toEqual({ roundId, status: 'CLOSED', opensAt, closesAt });
  });

  it('accepts a panel sent once PostgreSQL shows the window closed, before the closing activity has reported back', async () => {
    const roundId = newRoundId();
    const release = stub.hold('setRoundStatus', roundId);
    const h = await spec.env.client.workflow.start(roundWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId: `round-${roundId}`,
      args: [{ roundId, regionCode: '310101', opensAt: iso(-60_000), closesAt: iso(-1_000) }],
    });
    handles.push(h);
    await until(() => stub.of(roundId, 'setRoundStatus').length === 1);
    release();
    // The move to OPEN has been let through; hold the move to CLOSED at the moment it commits.
    const releaseClose = stub.hold('setRoundStatus', roundId);
    await until(() => stub.of(roundId, 'setRoundStatus').length === 2);
    expect((await h.query(getRoundState)).status).toBe('OPEN');
    // Accepted (in the history) while the move is still reporting back; it waits for its turn.
    const panel = await h.startUpdate(formPanel, {
      args: [{ actor: manager, expertIds: ['e1'] }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    // A step the move does not allow is still refused meanwhile, naming where the round stands.
    const tooEarly = await refusalOf(h.executeUpdate(closePanel, { args: [{ actor: manager }] }));
    expect(tooEarly).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'OPEN' }] });
    await new Promise((r) => setTimeout(r, 300));
    expect(stub.of(roundId, 'formPanel')).toEqual([]);
    releaseClose();
    expect(await panel.result()).toMatchObject({ roundId, status: 'EXPERT_REVIEW' });
    const names = stub.of(roundId).map((c) => c.name);
    expect(names.indexOf('formPanel')).toBeGreaterThan(names.lastIndexOf('setRoundStatus'));
  });

  it('takes the round-wide steps in order, tells the projects each outcome, and approves only once the notice period has ended', async () => {
    const { h, roundId } = await closedRound();
    const told = () => stub.of(roundId, 'tellProjects').map((c) => c.input.outcome as RoundOutcome);

    // An activity's refusal reaches the manager as that refusal, and the round stays where it was.
    stub.refuseOnce.set(`formPanel:${roundId}`, invalidTransition('尚有 1 份申报未完成资格审查 / eligibility review unfinished', 'CLOSED'));
    const refused = await refusalOf(h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: ['e1', 'e2', 'e3'] }] }));
    expect(refused).toMatchObject({
      type: DecisionRefusal.INVALID_TRANSITION,
      message: '尚有 1 份申报未完成资格审查 / eligibility review unfinished',
    });
    expect((await h.query(getRoundState)).status).toBe('CLOSED');
    expect(told()).toEqual([]);

    const panel = await h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: ['e1', 'e2', 'e3'] }] });
    expect(panel).toEqual({ roundId, status: 'EXPERT_REVIEW', counts: { applications: 2, experts: 3, assignments: 6 } });
    expect(stub.of(roundId, 'formPanel').at(-1)!.input).toEqual({ roundId, expertIds: ['e1', 'e2', 'e3'], actor: manager });
    // The projects are told right after the step has answered.
    await until(() => told().length === 1);
    expect(told()).toEqual(['EXPERT_REVIEW_STARTED']);
    expect(await statusAttr(h)).toEqual(['EXPERT_REVIEW']);

    const ranked = await h.executeUpdate(closePanel, { args: [{ actor: manager }] });
    expect(ranked).toEqual({ roundId, status: 'RANKED', counts: { ranked: 2, FUNDED: 1, BELOW_PASS_MARK: 1 } });
    await until(() => told().length === 2);
    expect(told()).toEqual(['EXPERT_REVIEW_STARTED', 'RANKED']);

    const before = Date.now();
    const notice: RoundStepResult = await h.executeUpdate(publishNotice, { args: [{ actor: manager }] });
    expect(notice).toMatchObject({ roundId, status: 'NOTICE', counts: { listed: 1 } });
    expect(Object.keys(notice).sort()).toEqual(['counts', 'noticeEndsAt', 'roundId', 'status']);
    const endsAt = Date.parse(notice.noticeEndsAt!);
    expect(endsAt - before).toBeGreaterThanOrEqual(NOTICE_MS - 1_000);
    expect(endsAt - before).toBeLessThanOrEqual(NOTICE_MS + 2_000);
    const published = stub.of(roundId, 'publishNotice')[0].input;
    expect(published).toMatchObject({ roundId, endsAt: notice.noticeEndsAt, workingDays: 5, actor: manager });
    expect(Date.parse(published.endsAt as string) - Date.parse(published.startsAt as string)).toBe(NOTICE_MS);
    await until(() => told().length === 3);
    expect(told()).toEqual(['EXPERT_REVIEW_STARTED', 'RANKED', 'NOTICE_PUBLISHED']);

    // Before the notice period ends: refused by the validator, nothing run.
    const tooEarly = await refusalOf(h.executeUpdate(approveResults, { args: [{ actor: manager }] }));
    expect(tooEarly).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'NOTICE' }] });
    expect(stub.of(roundId, 'finalizeRound')).toEqual([]);
    expect(stub.of(roundId, 'noticePeriodEnded')).toEqual([]);

    // The notice timer fires on its own and tells the activity.
    await until(() => stub.of(roundId, 'noticePeriodEnded').length > 0);
    expect(stub.of(roundId, 'noticePeriodEnded')[0].at).toBeGreaterThanOrEqual(endsAt);

    const approved = await h.executeUpdate(approveResults, { args: [{ actor: manager }] });
    expect(approved).toEqual({ roundId, status: 'FINALIZED', noticeEndsAt: notice.noticeEndsAt, counts: { funded: 1 } });
    await until(() => told().length === 4);
    expect(told()).toEqual(['EXPERT_REVIEW_STARTED', 'RANKED', 'NOTICE_PUBLISHED', 'FUNDING_DECIDED']);
    expect(JSON.stringify(approved).length).toBeLessThan(200);

    const final: RoundState = await h.result();
    expect(final).toMatchObject({ roundId, status: 'FINALIZED', noticeEndsAt: notice.noticeEndsAt });
    expect(stub.of(roundId, 'noticePeriodEnded')).toHaveLength(1);
    expect((await h.describe()).searchAttributes.RoundStatus).toEqual(['FINALIZED']);
  });

  it('reminds before the window closes at each lead still ahead, and the reviewers before the notice period ends', async () => {
    const roundId = newRoundId();
    // Ten seconds before a close four seconds away has passed already: not sent.
    stub.leads.set(roundId, [10_000, 2_500, 1_000]);
    // Three seconds between the notice and its one-second lead, so a loaded machine still reaches it in time.
    stub.noticeLengths.set(roundId, 4_000);
    const closesAt = iso(4_000);
    const h = await spec.env.client.workflow.start(roundWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId: `round-${roundId}`,
      args: [{ roundId, regionCode: '310101', opensAt: iso(-1_000), closesAt }],
    });
    handles.push(h);
    await until(async () => (await h.query(getRoundState)).status === 'CLOSED', 15_000);
    const drafts = stub.of(roundId, 'remindDrafts');
    expect(drafts.map((c) => c.input)).toEqual([
      { roundId, closesAt, leadMs: 2_500 },
      { roundId, closesAt, leadMs: 1_000 },
    ]);
    expect(drafts[0].at).toBeGreaterThanOrEqual(Date.parse(closesAt) - 2_500);
    expect(drafts[1].at).toBeGreaterThanOrEqual(Date.parse(closesAt) - 1_000);

    await h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: ['e1'] }] });
    await h.executeUpdate(closePanel, { args: [{ actor: manager }] });
    const notice: RoundStepResult = await h.executeUpdate(publishNotice, { args: [{ actor: manager }] });
    await until(() => stub.of(roundId, 'noticePeriodEnded').length === 1);
    // The shortest lead (a second) before the end of the four-second notice period, before its end is told.
    const reminded = stub.of(roundId, 'remindOpenObjections');
    expect(reminded.map((c) => c.input)).toEqual([{ roundId, noticeEndsAt: notice.noticeEndsAt, leadMs: 1_000 }]);
    expect(reminded[0].at).toBeGreaterThanOrEqual(Date.parse(notice.noticeEndsAt!) - 1_000);
    expect(reminded[0].at).toBeLessThanOrEqual(stub.of(roundId, 'noticePeriodEnded')[0].at);
    // No more reminders of the window once it has closed.
    expect(stub.of(roundId, 'remindDrafts')).toHaveLength(2);
  });

  it('of two managers taking the same step at once, one succeeds and the other is told it has been taken (never to try later)', async () => {
    const { h, roundId } = await closedRound();
    const release = stub.hold('formPanel', roundId);
    const a = await h.startUpdate(formPanel, {
      args: [{ actor: manager, expertIds: ['e1', 'e2'] }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const b = await h.startUpdate(formPanel, {
      args: [{ actor: manager2, expertIds: ['e3', 'e4'] }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await until(() => stub.of(roundId, 'formPanel').length === 1);
    release();

    const [ra, rb] = await Promise.allSettled([a.result(), b.result()]);
    expect(ra).toMatchObject({ status: 'fulfilled', value: { status: 'EXPERT_REVIEW' } });
    expect(rb.status).toBe('rejected');
    const cause = (rb as PromiseRejectedResult).reason.cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'EXPERT_REVIEW' }] });
    expect(stub.of(roundId, 'formPanel').map((c) => c.input.actor)).toEqual([manager]);
    await until(() => stub.of(roundId, 'tellProjects').length === 1);

    // The same at once without holding anything: exactly one of the two succeeds.
    const both = await Promise.allSettled([
      h.executeUpdate(closePanel, { args: [{ actor: manager }] }),
      h.executeUpdate(closePanel, { args: [{ actor: manager2 }] }),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    expect(lost.reason.cause).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'RANKED' }] });
    expect(stub.of(roundId, 'closePanel')).toHaveLength(1);
  });
});

type Run = { runId: string; carried?: RoundCarried; events: temporal.api.history.v1.IHistoryEvent[] };

/** The runs of one workflow id from its first, following each continue-as-new, with what each was started with. */
async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const events: temporal.api.history.v1.IHistoryEvent[] =
      (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const args = input ? (defaultPayloadConverter.fromPayload(input) as RoundWorkflowInput) : undefined;
    runs.push({ runId, carried: args?.carried, events });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

describe('roundWorkflow continuing as new (suggestContinueAsNew lowered)', () => {
  const LIMIT = 20;
  // Long enough for the checks made on the notice before it ends, even on a busy machine.
  const stub = stubRound(5_000);

  const spec = specWorker({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': LIMIT }, activities: stub.activities });

  it('continues as new once its history is long, carrying its status and notice period; the closed run no longer claims a status', async () => {
    const roundId = newRoundId();
    const workflowId = `round-${roundId}`;
    const h = await spec.env.client.workflow.start(roundWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId,
      args: [{ roundId, regionCode: '310101', opensAt: iso(300), closesAt: iso(600) }],
    });
    const firstRunId = h.firstExecutionRunId;

    await until(async () => (await h.query(getRoundState)).status === 'CLOSED');
    await h.executeUpdate(formPanel, { args: [{ actor: manager, expertIds: ['e1', 'e2', 'e3'] }] });
    await h.executeUpdate(closePanel, { args: [{ actor: manager }] });
    const notice = await h.executeUpdate(publishNotice, { args: [{ actor: manager }] });
    // The run that published the notice has a long history: it continues as new, and the next
    // run starts from where the round stands (status NOTICE, the same notice period, not ended).
    let carriedRun: Run | undefined;
    await until(async () => !!(carriedRun = (await runsOf(spec.env, workflowId, firstRunId)).find((r) => r.carried?.status === 'NOTICE')));
    expect(carriedRun!.carried).toMatchObject({ status: 'NOTICE', noticeEndsAt: notice.noticeEndsAt, noticeEnded: false });
    expect(carriedRun!.carried!.outbox.filter((o) => o !== 'NOTICE_PUBLISHED')).toEqual([]);
    expect(await spec.env.client.workflow.getHandle(workflowId, carriedRun!.runId).query(getRoundState)).toEqual({
      roundId,
      status: 'NOTICE',
      opensAt: expect.any(String),
      closesAt: expect.any(String),
      noticeEndsAt: notice.noticeEndsAt,
    });

    // Still refused on the new run until its notice timer (carried, not restarted) fires.
    const tooEarly = await refusalOf(h.executeUpdate(approveResults, { args: [{ actor: manager }] }));
    expect(tooEarly.type).toBe(DecisionRefusal.INVALID_TRANSITION);
    await until(() => stub.of(roundId, 'noticePeriodEnded').length > 0);
    expect(stub.of(roundId, 'noticePeriodEnded')[0].at).toBeGreaterThanOrEqual(Date.parse(notice.noticeEndsAt!));
    await h.executeUpdate(approveResults, { args: [{ actor: manager }] });
    const final = await spec.env.client.workflow.getHandle(workflowId).result();
    expect(final).toMatchObject({ roundId, status: 'FINALIZED', noticeEndsAt: notice.noticeEndsAt });

    // Each step ran once although the round went through several runs.
    expect(
      stub
        .of(roundId)
        .map((c) => c.name)
        .filter((n) => n !== 'tellProjects' && n !== 'loadCalendar'),
    ).toEqual(['setRoundStatus', 'setRoundStatus', 'formPanel', 'closePanel', 'publishNotice', 'noticePeriodEnded', 'finalizeRound']);
    expect(stub.of(roundId, 'tellProjects').map((c) => c.input.outcome)).toEqual([
      'EXPERT_REVIEW_STARTED',
      'RANKED',
      'NOTICE_PUBLISHED',
      'FUNDING_DECIDED',
    ]);

    // Every closed run: continued as new, with its RoundStatus cleared and its other attributes kept.
    const runs = (await runsOf(spec.env, workflowId, firstRunId)).map((r) => r.runId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs).toContain(carriedRun!.runId);
    for (const run of runs.slice(0, -1)) {
      const d = await spec.env.client.workflow.getHandle(workflowId, run).describe();
      expect(d.status.name).toBe('CONTINUED_AS_NEW');
      expect(d.typedSearchAttributes.get(RoundStatusKey)).toBeUndefined();
      expect((d.searchAttributes.RoundStatus ?? []).filter((v) => v !== null)).toEqual([]);
      expect(d.searchAttributes.RoundId).toEqual([roundId]);
    }
    const last = await spec.env.client.workflow.getHandle(workflowId, runs.at(-1)).describe();
    expect(last.status.name).toBe('COMPLETED');
    expect(last.searchAttributes.RoundStatus).toEqual(['FINALIZED']);
    // And visibility agrees: of all the runs, only the last one is found by its status.
    const count = (q: string) => spec.env.client.workflow.count(`WorkflowId = '${workflowId}' AND ${q}`).then((c) => c.count);
    await until(async () => (await count(`RoundStatus = 'FINALIZED'`)) === 1 && (await count('RoundId IS NOT NULL')) === runs.length);
    expect(await count(`RoundStatus IN ('PUBLISHED', 'OPEN', 'CLOSED', 'EXPERT_REVIEW', 'RANKED', 'NOTICE')`)).toBe(0);
  });
});
