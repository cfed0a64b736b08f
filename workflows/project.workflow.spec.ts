import { WorkflowUpdateStage } from '@temporalio/client';
import {
  applicant,
  expectedTotal,
  expert,
  goodScores,
  iso,
  objection,
  outsider,
  pause,
  projects,
  refusalOf,
  REPLACEMENT,
  reviewer,
  reviewer2,
  rubric,
  stubProject,
  until,
  updateEvents,
} from '../test/support/project-fakes';
import { specWorker } from '../test/support/workflow-env';
import {
  type Actor,
  declineAssignment,
  decideEligibility,
  DecisionRefusal,
  fileObjection,
  getProjectState,
  ProjectState,
  roundEvent,
  ruleObjection,
  ruleObjections,
  signAgreement,
  submitApplication,
  submitScores,
} from './messages';

/**
 * The project workflow's own logic up to the notice and its objections (signing continues as new
 * into the implementation workflow, which has its own tests), against in-memory stubs of its
 * activities that answer the shapes the real ones answer (test/support/project-fakes.ts). Its
 * continuing as new: project-continue.workflow.spec.ts.
 */

describe('projectWorkflow', () => {
  const stub = stubProject();
  const p = projects(() => spec);

  const spec = specWorker({
    activities: stub.activities,
    cleanup: async () => {
      for (const h of p.handles) await h.terminate('spec finished').catch(() => undefined);
    },
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

  it('reads the panel formed in the database for a score sent before the round tells it, and keeps its slots when the news follows', async () => {
    const { h, applicationId } = await p.eligible();
    stub.formed.set(applicationId, ['e1', 'e2']);
    expect(
      await h.executeUpdate(submitScores, { args: [{ actor: expert('e1'), applicationId, scores: goodScores, comments: {} }] }),
    ).toEqual({ total: expectedTotal });
    expect(stub.of(applicationId, 'loadPanel').map((c) => c.input)).toEqual([{ roundId: 'round-1', applicationId }]);
    const unassigned = await refusalOf(
      h.executeUpdate(submitScores, { args: [{ actor: expert('e9'), applicationId, scores: goodScores, comments: {} }] }),
    );
    expect(unassigned.type).toBe(DecisionRefusal.FORBIDDEN);
    expect(stub.of(applicationId, 'loadPanel')).toHaveLength(1); // known from then on

    await h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e1', 'e2'], rubric });
    await until(async () => (await p.stageOf(h)) === 'EXPERT_REVIEW');
    expect((await h.query(getProjectState)).panel).toEqual([
      { expertId: 'e1', status: 'SUBMITTED' },
      { expertId: 'e2', status: 'ASSIGNED' },
    ]);
    const twice = await refusalOf(
      h.executeUpdate(submitScores, { args: [{ actor: expert('e1'), applicationId, scores: goodScores, comments: {} }] }),
    );
    expect(twice.message).toContain('评分已提交');
    expect(stub.of(applicationId, 'saveScores')).toHaveLength(1);

    // No panel in the database yet: the score waits for the news instead of being refused.
    const early = await p.eligible();
    const waiting = await early.h.startUpdate(submitScores, {
      args: [{ actor: expert('e3'), applicationId: early.applicationId, scores: goodScores, comments: {} }],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    await until(() => stub.of(early.applicationId, 'loadPanel').length === 1);
    expect(stub.of(early.applicationId, 'saveScores')).toEqual([]);
    await early.h.signal(roundEvent, { type: 'EXPERT_REVIEW_STARTED', expertIds: ['e3'], rubric });
    expect(await waiting.result()).toEqual({ total: expectedTotal });
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
