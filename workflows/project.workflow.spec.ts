import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
import { createSpecWorker, createWorkflowEnv } from '../test/support/workflow-env';
import {
  Actor,
  declineAssignment,
  decideEligibility,
  DecisionRefusal,
  fileObjection,
  getProjectState,
  ProjectCarried,
  ProjectState,
  ProjectWorkflowInput,
  RoundEvent,
  roundEvent,
  ruleObjection,
  ruleObjections,
  signAgreement,
  submitApplication,
  submitScores,
} from './messages';
import { projectWorkflow } from './project.workflow';
import { totalScore, type RubricCriterion } from './rules';
import { ProjectStageKey } from './search-attributes';
import type { NoticeActivities } from '../activities/notice.activities';
import type { ObjectionActivities } from '../activities/objections.activities';
import type { PanelActivities } from '../activities/panel.activities';
import type { ProjectActivities } from '../activities/projects.activities';
import type { ReminderActivities } from '../activities/reminders.activities';
import type { ProjectStage } from './rules/stages';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';

/**
 * The project workflow's own logic up to the notice and its objections (signing continues as new
 * into the implementation workflow, which has its own tests), against in-memory stubs of its
 * activities that answer the shapes the real ones answer.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Call = { name: string; input: { applicationId: string; [k: string]: any }; at: number };

const ORG = 'org-1';
const applicant: Actor = { userId: 'ap-1', role: 'APPLICANT', displayName: '申报人', organizationIds: [ORG] };
const outsider: Actor = { userId: 'ap-2', role: 'APPLICANT', displayName: '他人', organizationIds: ['org-2'] };
const reviewer: Actor = { userId: 'rv-1', role: 'REVIEWER', displayName: '审核员甲', organizationIds: [] };
const reviewer2: Actor = { userId: 'rv-2', role: 'REVIEWER', displayName: '审核员乙', organizationIds: [] };
const expert = (userId: string): Actor => ({ userId, role: 'EXPERT', displayName: `专家${userId}`, organizationIds: [] });

const rubric: RubricCriterion[] = [
  { key: 'design', name: '项目设计', weight: 60 },
  { key: 'team', name: '团队能力', weight: 40 },
];
const goodScores = { design: 50, team: 30 };
const expectedTotal = (() => {
  const r = totalScore(rubric, goodScores);
  if (!r.ok) throw new Error('bad fixture');
  return r.total;
})();
const REPLACEMENT = 'e-repl';

function stubProject() {
  const calls: Call[] = [];
  const held = new Map<string, Promise<void>>();
  let objections = 0;
  const record = async (name: string, input: object & { applicationId: string }, key = name) => {
    calls.push({ name, input: input as Call['input'], at: Date.now() });
    await held.get(`${key}:${input.applicationId}`);
  };
  const stageAfter = (e: RoundEvent): ProjectStage =>
    (
      ({
        EXPERT_REVIEW_STARTED: 'EXPERT_REVIEW',
        RANKED: 'RANKED',
        NOTICE_PUBLISHED: 'PUBLIC_NOTICE',
        FUNDING_DECIDED: e.type === 'FUNDING_DECIDED' && e.funded ? 'APPROVED' : 'NOT_FUNDED',
      }) as const
    )[e.type];
  const activities: Pick<
    ProjectActivities,
    'recordSubmission' | 'applyEligibilityDecision' | 'withdrawApplication' | 'applyRoundEvent' | 'signAgreement'
  > &
    Pick<PanelActivities, 'saveScores' | 'replaceAssignment' | 'adjustAward'> &
    Pick<NoticeActivities, 'saveObjection' | 'saveObjectionRuling'> &
    Pick<ObjectionActivities, 'saveObjectionRulings'> &
    Pick<ReminderActivities, 'loadReminderPlan' | 'remindRevision'> = {
    async recordSubmission(i) {
      await record('recordSubmission', i);
      return { stage: 'ELIGIBILITY_REVIEW', failed: [] };
    },
    async applyEligibilityDecision(i) {
      await record('applyEligibilityDecision', i);
      return { stage: i.decision === 'PASS' ? 'ELIGIBLE' : i.decision === 'RETURN' ? 'RETURNED' : 'REJECTED' };
    },
    async withdrawApplication(i) {
      await record('withdrawApplication', i);
      return { stage: 'WITHDRAWN' };
    },
    async applyRoundEvent(i) {
      await record('applyRoundEvent', i, `applyRoundEvent.${i.event.type}`);
      return { stage: stageAfter(i.event) };
    },
    async signAgreement(i) {
      await record('signAgreement', i);
      return { stage: 'APPROVED' };
    },
    async saveScores(i) {
      await record('saveScores', i);
      await new Promise((r) => setTimeout(r, 100)); // long enough for concurrent scores to overlap
      return { total: i.total };
    },
    async replaceAssignment(i) {
      await record('replaceAssignment', i);
      return { replacementExpertId: REPLACEMENT };
    },
    async adjustAward(i) {
      await record('adjustAward', i);
      return { applicationId: i.applicationId, award: i.amount };
    },
    async saveObjection(i) {
      await record('saveObjection', i);
      return { objectionId: `obj-${++objections}` };
    },
    async saveObjectionRuling(i) {
      await record('saveObjectionRuling', i);
      return { objectionId: i.objectionId, status: i.decision };
    },
    // The round's reminder lead: a second, inside the spec's short revision deadlines.
    async loadReminderPlan() {
      return { leadsMs: [1_000] };
    },
    async remindRevision(i) {
      await record('remindRevision', i);
      return { reached: 1 };
    },
    // The database's count of FILED objections left, as the test sets it (pendingAfter).
    async saveObjectionRulings(i) {
      await record('saveObjectionRulings', i);
      return { ruled: i.objectionIds.length, pending: pendingAfter.shift() ?? 0 };
    },
  };
  const pendingAfter: number[] = [];
  const hold = (key: string, applicationId: string) => {
    let release!: () => void;
    held.set(`${key}:${applicationId}`, new Promise<void>((r) => (release = r)));
    return () => {
      held.delete(`${key}:${applicationId}`);
      release();
    };
  };
  const of = (applicationId: string, name?: string) =>
    calls.filter((c) => c.input.applicationId === applicationId && (!name || c.name === name));
  return { activities, hold, of, pendingAfter };
}

const refusalOf = async (p: Promise<unknown>): Promise<ApplicationFailure> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
};

const until = async (ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await ok()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(await ok()).toBe(true);
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

const updateEvents = async (h: WorkflowHandle) =>
  ((await h.fetchHistory()).events ?? []).filter(
    (e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes ||
      e.workflowExecutionUpdateAdmittedEventAttributes ||
      e.workflowExecutionUpdateCompletedEventAttributes,
  );

/** Starting projects and bringing them to a stage, on one environment and worker. */
function projects(get: () => { env: TestWorkflowEnvironment; worker: Worker }) {
  const handles: WorkflowHandle<typeof projectWorkflow>[] = [];
  const start = async (o: { roundClosesAt?: string } = {}) => {
    const { env, worker } = get();
    const applicationId = `a${Math.random().toString(36).slice(2, 10)}`;
    const input: ProjectWorkflowInput = {
      applicationId,
      roundId: 'round-1',
      organizationId: ORG,
      regionCode: '310101',
      roundClosesAt: o.roundClosesAt ?? iso(3_600_000),
    };
    const h = await env.client.workflow.start(projectWorkflow, {
      taskQueue: worker.options.taskQueue,
      workflowId: `project-${applicationId}`,
      args: [input],
    });
    handles.push(h);
    return { h, applicationId, firstRunId: h.firstExecutionRunId };
  };
  const stageOf = async (h: WorkflowHandle) => (await h.query(getProjectState)).stage;
  const eligible = async () => {
    const p = await start();
    await p.h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    await p.h.executeUpdate(decideEligibility, { args: [{ actor: reviewer, decision: 'PASS' }] });
    return p;
  };
  const inReview = async (expertIds: string[]) => {
    const p = await eligible();
    await p.h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds, rubric });
    await until(async () => (await stageOf(p.h)) === 'EXPERT_REVIEW');
    return p;
  };
  const onNotice = async (noticeEndsAt: string) => {
    const p = await inReview(['e1']);
    await p.h.signal(roundEvent, { type: 'RANKED' });
    await p.h.signal(roundEvent, { type: 'NOTICE_PUBLISHED', noticeEndsAt });
    await until(async () => (await stageOf(p.h)) === 'PUBLIC_NOTICE');
    return p;
  };
  return { handles, start, stageOf, eligible, inReview, onNotice };
}

const objection = (applicationId: string) => ({ applicationId, name: '张三', contact: '13800000000', reason: '申报材料与实际不符' });

describe('projectWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const stub = stubProject();
  const p = projects(() => ({ env, worker }));

  beforeAll(async () => {
    env = await createWorkflowEnv();
    worker = await createSpecWorker(env, { workflowsPath: require.resolve('./project.workflow'), activities: stub.activities });
    running = worker.run();
  }, 90_000);

  afterAll(async () => {
    for (const h of p.handles) await h.terminate('spec finished').catch(() => undefined);
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('takes a submission from a member of the applying organization only, once, and none after the round has closed', async () => {
    const { h, applicationId } = await p.start();
    expect((await refusalOf(h.executeUpdate(submitApplication, { args: [{ actor: reviewer }] }))).type).toBe(DecisionRefusal.FORBIDDEN);
    expect((await refusalOf(h.executeUpdate(submitApplication, { args: [{ actor: outsider }] }))).type).toBe(DecisionRefusal.FORBIDDEN);
    expect(await updateEvents(h)).toEqual([]);
    expect(stub.of(applicationId)).toEqual([]);

    const s: ProjectState = await h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    expect(s).toMatchObject({ applicationId, stage: 'ELIGIBILITY_REVIEW', submissionCount: 1 });
    expect(stub.of(applicationId, 'recordSubmission').map((c) => c.input)).toEqual([{ applicationId, actor: applicant, submissionNo: 1 }]);
    const again = await refusalOf(h.executeUpdate(submitApplication, { args: [{ actor: applicant }] }));
    expect(again).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'ELIGIBILITY_REVIEW' }] });
    expect((await h.describe()).searchAttributes.ProjectStage).toEqual(['ELIGIBILITY_REVIEW']);

    const late = await p.start({ roundClosesAt: iso(-1_000) });
    const closed = await refusalOf(late.h.executeUpdate(submitApplication, { args: [{ actor: applicant }] }));
    expect(closed).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'DRAFT' }] });
    expect(closed.message).toContain('申报已截止');
    expect(stub.of(late.applicationId)).toEqual([]);
    expect(await updateEvents(late.h)).toEqual([]);
  });

  it('returns an application for revision and, when it is not resubmitted by the deadline, withdraws it on the timer', async () => {
    const { h, applicationId } = await p.start();
    await h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    expect((await refusalOf(h.executeUpdate(decideEligibility, { args: [{ actor: applicant, decision: 'PASS' }] }))).type).toBe(
      DecisionRefusal.FORBIDDEN,
    );
    const noReason = await refusalOf(
      h.executeUpdate(decideEligibility, { args: [{ actor: reviewer, decision: 'RETURN', reason: '', revisionDeadline: iso(60_000) }] }),
    );
    expect(noReason).toMatchObject({ type: DecisionRefusal.VALIDATION, details: [{ errors: [{ field: 'reason' }] }] });
    const past = await refusalOf(
      h.executeUpdate(decideEligibility, {
        args: [{ actor: reviewer, decision: 'RETURN', reason: '缺少财务报表', revisionDeadline: iso(-1_000) }],
      }),
    );
    expect(past).toMatchObject({ type: DecisionRefusal.VALIDATION, details: [{ errors: [{ field: 'revisionDeadline' }] }] });

    const revisionDeadline = iso(1_500);
    const returned = await h.executeUpdate(decideEligibility, {
      args: [{ actor: reviewer, decision: 'RETURN', reason: '缺少财务报表', revisionDeadline }],
    });
    expect(returned).toMatchObject({ stage: 'RETURNED', revisionDeadline });
    expect(returned.eligibilityDecidedBy).toBeUndefined();
    expect(stub.of(applicationId, 'withdrawApplication')).toEqual([]);

    const final: ProjectState = await h.result();
    expect(final.stage).toBe('WITHDRAWN');
    const withdrawn = stub.of(applicationId, 'withdrawApplication');
    expect(withdrawn.map((c) => c.input)).toEqual([{ applicationId, submissionNo: 1 }]);
    expect(withdrawn[0].at).toBeGreaterThanOrEqual(Date.parse(revisionDeadline));
    // One reminder, at the round's lead before the deadline, and before the withdrawal.
    const reminded = stub.of(applicationId, 'remindRevision');
    expect(reminded.map((c) => c.input)).toEqual([{ applicationId, deadline: revisionDeadline, leadMs: 1_000 }]);
    expect(reminded[0].at).toBeGreaterThanOrEqual(Date.parse(revisionDeadline) - 1_000);
    expect(reminded[0].at).toBeLessThanOrEqual(withdrawn[0].at);
    expect((await h.describe()).searchAttributes.ProjectStage).toEqual(['WITHDRAWN']);
  });

  it('does not withdraw an application resubmitted before its revision deadline', async () => {
    const { h, applicationId } = await p.start();
    await h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    const revisionDeadline = iso(1_500);
    await h.executeUpdate(decideEligibility, { args: [{ actor: reviewer, decision: 'RETURN', reason: '缺少财务报表', revisionDeadline }] });
    const again = await h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    expect(again).toMatchObject({ stage: 'ELIGIBILITY_REVIEW', submissionCount: 2 });
    expect(again.revisionDeadline).toBeUndefined();
    await pause(Date.parse(revisionDeadline) - Date.now() + 700);
    expect(stub.of(applicationId, 'withdrawApplication')).toEqual([]);
    expect(await p.stageOf(h)).toBe('ELIGIBILITY_REVIEW');
    expect(stub.of(applicationId, 'recordSubmission').map((c) => c.input.submissionNo)).toEqual([1, 2]);
    // Resubmitted before its reminder was due: none is sent.
    expect(stub.of(applicationId, 'remindRevision')).toEqual([]);
  });

  it('records who passed the eligibility review', async () => {
    const { h, applicationId } = await p.start();
    await h.executeUpdate(submitApplication, { args: [{ actor: applicant }] });
    const passed = await h.executeUpdate(decideEligibility, { args: [{ actor: reviewer, decision: 'PASS' }] });
    expect(passed).toMatchObject({ stage: 'ELIGIBLE', eligibilityDecidedBy: reviewer.userId });
    expect(stub.of(applicationId, 'applyEligibilityDecision').map((c) => c.input)).toEqual([
      { applicationId, actor: reviewer, decision: 'PASS', submissionNo: 1 },
    ]);
    const twice = await refusalOf(h.executeUpdate(decideEligibility, { args: [{ actor: reviewer2, decision: 'PASS' }] }));
    expect(twice).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'ELIGIBLE' }] });
  });

  it('knows its panel as soon as it hears EXPERT_REVIEW_STARTED: an assigned expert is let through before the stage is recorded, others are refused', async () => {
    const { h, applicationId } = await p.eligible();
    const release = stub.hold('applyRoundEvent.EXPERT_REVIEW_STARTED', applicationId);
    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e1', 'e2'], rubric });
    await until(() => stub.of(applicationId, 'applyRoundEvent').length === 1);
    // The stage activity is still running: the stage is not recorded, but the panel is known.
    const meanwhile = await h.query(getProjectState);
    expect(meanwhile.stage).toBe('ELIGIBLE');
    expect(meanwhile.panel).toEqual([
      { expertId: 'e1', status: 'ASSIGNED' },
      { expertId: 'e2', status: 'ASSIGNED' },
    ]);

    const unassigned = await refusalOf(
      h.executeUpdate(submitScores, { args: [{ actor: expert('e9'), applicationId, scores: goodScores, comments: {} }] }),
    );
    expect(unassigned.type).toBe(DecisionRefusal.FORBIDDEN);
    const outside = await refusalOf(
      h.executeUpdate(submitScores, {
        args: [{ actor: expert('e2'), applicationId, scores: { design: 61, team: 30, extra: 1 }, comments: {} }],
      }),
    );
    expect(outside.type).toBe(DecisionRefusal.VALIDATION);
    expect(outside.details).toEqual([
      {
        errors: [
          expect.objectContaining({ field: 'scores.design', rule: 'max' }),
          expect.objectContaining({ field: 'scores.extra', rule: 'unknownCriterion' }),
        ],
      },
    ]);
    const accepted = await h.startUpdate(submitScores, {
      args: [{ actor: expert('e1'), applicationId, scores: goodScores, comments: { design: '好' } }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });

    release();
    expect(await accepted.result()).toEqual({ total: expectedTotal });
    expect(stub.of(applicationId, 'saveScores').map((c) => c.input)).toEqual([
      { roundId: 'round-1', applicationId, actor: expert('e1'), scores: goodScores, comments: { design: '好' }, total: expectedTotal },
    ]);
    const second = await refusalOf(
      h.executeUpdate(submitScores, { args: [{ actor: expert('e1'), applicationId, scores: goodScores, comments: {} }] }),
    );
    expect(second.type).toBe(DecisionRefusal.INVALID_TRANSITION);
    expect(second.message).toContain('评分已提交');
    const s = await h.query(getProjectState);
    expect(s.stage).toBe('EXPERT_REVIEW');
    expect(s.panel).toEqual([
      { expertId: 'e1', status: 'SUBMITTED' },
      { expertId: 'e2', status: 'ASSIGNED' },
    ]);
    expect(stub.of(applicationId, 'saveScores')).toHaveLength(1);
  });

  it('puts the replacement found by replaceAssignment on the panel when an expert declines', async () => {
    const { h, applicationId } = await p.inReview(['e1', 'e2']);
    const noReason = await refusalOf(h.executeUpdate(declineAssignment, { args: [{ actor: expert('e2'), applicationId, reason: ' ' }] }));
    expect(noReason).toMatchObject({ type: DecisionRefusal.VALIDATION, details: [{ errors: [{ field: 'reason' }] }] });
    expect(
      (await refusalOf(h.executeUpdate(declineAssignment, { args: [{ actor: expert('e9'), applicationId, reason: '与申报单位有关联' }] })))
        .type,
    ).toBe(DecisionRefusal.FORBIDDEN);

    expect(
      await h.executeUpdate(declineAssignment, { args: [{ actor: expert('e2'), applicationId, reason: '与申报单位有关联' }] }),
    ).toEqual({ replacementExpertId: REPLACEMENT });
    expect(stub.of(applicationId, 'replaceAssignment').map((c) => c.input)).toEqual([
      { roundId: 'round-1', applicationId, reason: '与申报单位有关联', actor: expert('e2') },
    ]);
    expect((await h.query(getProjectState)).panel).toEqual([
      { expertId: 'e1', status: 'ASSIGNED' },
      { expertId: 'e2', status: 'DECLINED' },
      { expertId: REPLACEMENT, status: 'ASSIGNED' },
    ]);
    const declined = await refusalOf(
      h.executeUpdate(submitScores, { args: [{ actor: expert('e2'), applicationId, scores: goodScores, comments: {} }] }),
    );
    expect(declined.type).toBe(DecisionRefusal.INVALID_TRANSITION);
    expect(
      await h.executeUpdate(submitScores, { args: [{ actor: expert(REPLACEMENT), applicationId, scores: goodScores, comments: {} }] }),
    ).toEqual({ total: expectedTotal });
  });

  it('applies a round event it hears twice (a retried fan-out) only once', async () => {
    const { h, applicationId } = await p.eligible();
    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e1', 'e2'], rubric });
    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e3'], rubric });
    await h.signal(roundEvent, { type: 'RANKED' });
    await h.signal(roundEvent, { type: 'RANKED' });
    await until(async () => (await p.stageOf(h)) === 'RANKED');
    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e4'], rubric });
    await pause(500);
    expect(stub.of(applicationId, 'applyRoundEvent').map((c) => [c.input.event.type, c.input.from])).toEqual([
      ['EXPERT_REVIEW_STARTED', 'ELIGIBLE'],
      ['RANKED', 'EXPERT_REVIEW'],
    ]);
    const s = await h.query(getProjectState);
    expect(s.stage).toBe('RANKED');
    expect(s.panel).toEqual([
      { expertId: 'e1', status: 'ASSIGNED' },
      { expertId: 'e2', status: 'ASSIGNED' },
    ]);
  });

  it('takes objections only during its notice period', async () => {
    const { h, applicationId } = await p.inReview(['e1']);
    const before = await refusalOf(h.executeUpdate(fileObjection, { args: [objection(applicationId)] }));
    expect(before).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'EXPERT_REVIEW' }] });

    const noticeEndsAt = iso(1_500);
    await h.signal(roundEvent, { type: 'RANKED' });
    await h.signal(roundEvent, { type: 'NOTICE_PUBLISHED', noticeEndsAt });
    await until(async () => (await p.stageOf(h)) === 'PUBLIC_NOTICE');
    expect((await h.query(getProjectState)).noticeEndsAt).toBe(noticeEndsAt);
    const anonymous = await refusalOf(h.executeUpdate(fileObjection, { args: [{ ...objection(applicationId), name: '' }] }));
    expect(anonymous).toMatchObject({ type: DecisionRefusal.VALIDATION, details: [{ errors: [{ field: 'name' }] }] });
    expect(await h.executeUpdate(fileObjection, { args: [objection(applicationId)] })).toEqual({
      objectionId: expect.stringMatching(/^obj-/),
    });

    await pause(Date.parse(noticeEndsAt) - Date.now() + 100);
    const after = await refusalOf(h.executeUpdate(fileObjection, { args: [objection(applicationId)] }));
    expect(after.type).toBe(DecisionRefusal.INVALID_TRANSITION);
    expect(after.message).toContain('公示期已结束');
    expect(stub.of(applicationId, 'saveObjection')).toHaveLength(1);
  });

  it('lets the applicant sign once PostgreSQL shows 立项, while the approving step is still reporting back; an outsider is refused meanwhile', async () => {
    const { h, applicationId } = await p.onNotice(iso(200));
    const idle = await refusalOf(h.executeUpdate(signAgreement, { args: [{ actor: applicant }] }));
    expect(idle).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'PUBLIC_NOTICE' }] });

    const release = stub.hold('applyRoundEvent.FUNDING_DECIDED', applicationId);
    await h.signal(roundEvent, { type: 'FUNDING_DECIDED', funded: true, award: '80000.00', rank: 1 });
    await until(() => stub.of(applicationId, 'applyRoundEvent').some((c) => c.input.event.type === 'FUNDING_DECIDED'));
    expect(await p.stageOf(h)).toBe('PUBLIC_NOTICE');
    const outsider: Actor = { ...applicant, userId: 'ap-9', organizationIds: ['org-other'] };
    const refused = await refusalOf(h.executeUpdate(signAgreement, { args: [{ actor: outsider }] }));
    expect(refused.type).toBe(DecisionRefusal.FORBIDDEN);
    const signing = await h.startUpdate(signAgreement, { args: [{ actor: applicant }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await pause(200);
    expect(stub.of(applicationId, 'signAgreement')).toEqual([]);

    release();
    expect(await signing.result()).toMatchObject({ stage: 'APPROVED', award: '80000.00', signedBy: { applicant: applicant.userId } });
    expect(stub.of(applicationId, 'signAgreement').map((c) => c.input.actor)).toEqual([applicant]);
    const names = stub.of(applicationId).map((c) => c.name);
    expect(names.indexOf('signAgreement')).toBeGreaterThan(names.lastIndexOf('applyRoundEvent'));
  });

  it('has objections ruled on by a reviewer other than the one who passed it; an upheld one removes the project and ends the workflow', async () => {
    const { h, applicationId } = await p.onNotice(iso(60_000));
    const { objectionId: first } = await h.executeUpdate(fileObjection, { args: [objection(applicationId)] });
    const { objectionId: second } = await h.executeUpdate(fileObjection, { args: [objection(applicationId)] });
    expect(first).not.toBe(second);

    const own = await refusalOf(
      h.executeUpdate(ruleObjection, {
        args: [{ actor: reviewer, objectionId: first, decision: 'DISMISSED', ruling: '经核查，材料属实' }],
      }),
    );
    expect(own.type).toBe(DecisionRefusal.FORBIDDEN);
    expect(stub.of(applicationId, 'saveObjectionRuling')).toEqual([]);

    expect(
      await h.executeUpdate(ruleObjection, {
        args: [{ actor: reviewer2, objectionId: first, decision: 'DISMISSED', ruling: '经核查，材料属实' }],
      }),
    ).toEqual({ objectionId: first, status: 'DISMISSED' });
    const twice = await refusalOf(
      h.executeUpdate(ruleObjection, { args: [{ actor: reviewer2, objectionId: first, decision: 'UPHELD', ruling: '重新认定' }] }),
    );
    expect(twice.type).toBe(DecisionRefusal.INVALID_TRANSITION);
    expect(await p.stageOf(h)).toBe('PUBLIC_NOTICE');

    expect(
      await h.executeUpdate(ruleObjection, {
        args: [{ actor: reviewer2, objectionId: second, decision: 'UPHELD', ruling: '经核查，存在虚报' }],
      }),
    ).toEqual({ objectionId: second, status: 'UPHELD' });
    const final: ProjectState = await h.result();
    expect(final).toMatchObject({
      stage: 'REMOVED_BY_OBJECTION',
      objections: [
        { objectionId: first, status: 'DISMISSED' },
        { objectionId: second, status: 'UPHELD' },
      ],
    });
    expect((await h.describe()).status.name).toBe('COMPLETED');
    expect((await h.describe()).searchAttributes.ProjectStage).toEqual(['REMOVED_BY_OBJECTION']);
    expect(stub.of(applicationId, 'saveObjectionRuling').map((c) => c.input.actor.userId)).toEqual(['rv-2', 'rv-2']);
  });

  it('rules on several objections filed in the database with one update; a removed project ends only when none is pending', async () => {
    const { h, applicationId } = await p.onNotice(iso(60_000));
    const ids = ['o-1', 'o-2', 'o-3'];
    const own = await refusalOf(
      h.executeUpdate(ruleObjections, { args: [{ actor: reviewer, objectionIds: ids, decision: 'UPHELD', ruling: '经核查属实' }] }),
    );
    expect(own.type).toBe(DecisionRefusal.FORBIDDEN);
    const empty = await refusalOf(
      h.executeUpdate(ruleObjections, { args: [{ actor: reviewer2, objectionIds: [], decision: 'UPHELD', ruling: '经核查属实' }] }),
    );
    expect(empty.type).toBe(DecisionRefusal.VALIDATION);

    stub.pendingAfter.push(2, 0);
    expect(
      await h.executeUpdate(ruleObjections, { args: [{ actor: reviewer2, objectionIds: ids, decision: 'UPHELD', ruling: '经核查属实' }] }),
    ).toEqual({ objectionIds: ids, status: 'UPHELD', pending: 2 });
    expect(await p.stageOf(h)).toBe('REMOVED_BY_OBJECTION');
    // Two objections are still FILED: the workflow stays to take their ruling.
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.describe()).status.name).toBe('RUNNING');
    await h.executeUpdate(ruleObjections, {
      args: [{ actor: reviewer2, objectionIds: ['o-4', 'o-5'], decision: 'DISMISSED', ruling: '重复异议' }],
    });
    expect(await h.result()).toMatchObject({ stage: 'REMOVED_BY_OBJECTION', pendingObjections: 0 });
    expect(
      stub.of(applicationId, 'saveObjectionRulings').map((c) => (c.input as unknown as { objectionIds: string[] }).objectionIds),
    ).toEqual([ids, ['o-4', 'o-5']]);
  });

  it('takes the scores of several experts sent at once, each on its first attempt', async () => {
    const experts = ['e1', 'e2', 'e3', 'e4', 'e5'];
    const { h, applicationId } = await p.inReview(experts);
    const results = await Promise.allSettled(
      experts.map((e) => h.executeUpdate(submitScores, { args: [{ actor: expert(e), applicationId, scores: goodScores, comments: {} }] })),
    );
    expect(results).toEqual(experts.map(() => ({ status: 'fulfilled', value: { total: expectedTotal } })));
    expect(
      stub
        .of(applicationId, 'saveScores')
        .map((c) => c.input.actor.userId)
        .sort(),
    ).toEqual(experts);
    expect((await h.query(getProjectState)).panel).toEqual(experts.map((expertId) => ({ expertId, status: 'SUBMITTED' })));
  });
});

type Run = { runId: string; carried?: ProjectCarried };

/** The runs of one workflow id from its first, following each continue-as-new, with what each was started with. */
async function runsOf(env: TestWorkflowEnvironment, workflowId: string, firstRunId: string): Promise<Run[]> {
  const runs: Run[] = [];
  for (let runId: string | undefined = firstRunId; runId;) {
    const events: temporal.api.history.v1.IHistoryEvent[] =
      (await env.client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
    const input = events[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    runs.push({ runId, carried: input ? (defaultPayloadConverter.fromPayload(input) as ProjectWorkflowInput).carried : undefined });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

describe('projectWorkflow continuing as new (suggestContinueAsNew lowered)', () => {
  const LIMIT = 20;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  const stub = stubProject();
  const p = projects(() => ({ env, worker }));

  beforeAll(async () => {
    env = await createWorkflowEnv({ dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': LIMIT } });
    worker = await createSpecWorker(env, { workflowsPath: require.resolve('./project.workflow'), activities: stub.activities });
    running = worker.run();
  }, 90_000);

  afterAll(async () => {
    for (const h of p.handles) await h.terminate('spec finished').catch(() => undefined);
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('continues as new carrying its panel, the events it has heard and those still in its inbox; the closed runs no longer claim a stage', async () => {
    const { h, applicationId, firstRunId } = await p.inReview(['e1', 'e2']);
    const workflowId = h.workflowId;
    await h.executeUpdate(submitScores, { args: [{ actor: expert('e1'), applicationId, scores: goodScores, comments: {} }] });
    await h.executeUpdate(declineAssignment, { args: [{ actor: expert('e2'), applicationId, reason: '与申报单位有关联' }] });
    await h.executeUpdate(submitScores, { args: [{ actor: expert(REPLACEMENT), applicationId, scores: goodScores, comments: {} }] });
    const noticeEndsAt = iso(60_000);
    await h.signal(roundEvent, { type: 'RANKED' });
    await h.signal(roundEvent, { type: 'NOTICE_PUBLISHED', noticeEndsAt });
    await until(async () => (await p.stageOf(h)) === 'PUBLIC_NOTICE');
    const { objectionId: upheld } = await h.executeUpdate(fileObjection, { args: [objection(applicationId)] });
    const { objectionId: pending } = await h.executeUpdate(fileObjection, { args: [objection(applicationId)] });
    await h.executeUpdate(ruleObjection, {
      args: [{ actor: reviewer2, objectionId: upheld, decision: 'UPHELD', ruling: '经核查，存在虚报' }],
    });
    expect(await p.stageOf(h)).toBe('REMOVED_BY_OBJECTION');

    // Removed, with an objection still to rule on: it waits, and hears the round's last step into
    // its inbox without acting on it. Repeated fan-out signals lengthen its history until it
    // continues as new.
    const funding: RoundEvent = { type: 'FUNDING_DECIDED', funded: true, award: '100000.00', rank: 1 };
    await h.signal(roundEvent, funding);
    let carriedRun: Run | undefined;
    for (let i = 0; i < 30 && !carriedRun; i++) {
      await h.signal(roundEvent, { type: 'RANKED' });
      carriedRun = (await runsOf(env, workflowId, firstRunId)).find((r) => r.carried?.inbox.some((e) => e.type === 'FUNDING_DECIDED'));
    }
    expect(carriedRun).toBeDefined();
    const panel = [
      { expertId: 'e1', status: 'SUBMITTED' },
      { expertId: 'e2', status: 'DECLINED' },
      { expertId: REPLACEMENT, status: 'SUBMITTED' },
    ];
    expect(carriedRun!.carried).toEqual({
      state: expect.objectContaining({
        stage: 'REMOVED_BY_OBJECTION',
        panel,
        rubric,
        noticeEndsAt,
        eligibilityDecidedBy: reviewer.userId,
        objections: [
          { objectionId: upheld, status: 'UPHELD' },
          { objectionId: pending, status: 'FILED' },
        ],
      }),
      heard: ['EXPERT_REVIEW_STARTED', 'RANKED', 'NOTICE_PUBLISHED', 'FUNDING_DECIDED'],
      inbox: [funding],
    });
    const next = env.client.workflow.getHandle(workflowId, carriedRun!.runId);
    expect(await next.query(getProjectState)).toMatchObject({ stage: 'REMOVED_BY_OBJECTION', panel, noticeEndsAt });

    // The new run still knows what it has heard: a repeated event changes nothing.
    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e8'], rubric });
    await pause(300);
    expect((await h.query(getProjectState)).panel).toEqual(panel);
    expect(stub.of(applicationId, 'applyRoundEvent').map((c) => c.input.event.type)).toEqual([
      'EXPERT_REVIEW_STARTED',
      'RANKED',
      'NOTICE_PUBLISHED',
    ]);

    // The objection filed before the removal is still ruled on, by the run that now holds it.
    expect(
      await h.executeUpdate(ruleObjection, {
        args: [{ actor: reviewer2, objectionId: pending, decision: 'DISMISSED', ruling: '已另案处理' }],
      }),
    ).toEqual({ objectionId: pending, status: 'DISMISSED' });
    const final: ProjectState = await h.result();
    expect(final.stage).toBe('REMOVED_BY_OBJECTION');

    const runs = (await runsOf(env, workflowId, firstRunId)).map((r) => r.runId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs.slice(0, -1)) {
      const d = await env.client.workflow.getHandle(workflowId, run).describe();
      expect(d.status.name).toBe('CONTINUED_AS_NEW');
      expect(d.typedSearchAttributes.get(ProjectStageKey)).toBeUndefined();
      expect((d.searchAttributes.ProjectStage ?? []).filter((v) => v !== null)).toEqual([]);
      expect(d.searchAttributes.RoundId).toEqual(['round-1']);
    }
    const last = await env.client.workflow.getHandle(workflowId, runs.at(-1)).describe();
    expect(last.status.name).toBe('COMPLETED');
    expect(last.searchAttributes.ProjectStage).toEqual(['REMOVED_BY_OBJECTION']);
    const count = (q: string) => env.client.workflow.count(`WorkflowId = '${workflowId}' AND ${q}`).then((c) => c.count);
    await until(
      async () => (await count(`ProjectStage = 'REMOVED_BY_OBJECTION'`)) === 1 && (await count('RoundId IS NOT NULL')) === runs.length,
    );
    expect(await count(`ProjectStage IN ('DRAFT', 'ELIGIBILITY_REVIEW', 'ELIGIBLE', 'EXPERT_REVIEW', 'RANKED', 'PUBLIC_NOTICE')`)).toBe(0);
  });
});
