import { allHandlersFinished, condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { ImplementationActivities } from '../activities/implementation.activities';
import {
  approveTranche, assignEvaluator, decideChange, fileEvaluation, getImplementationState, ImplementationInput, ImplementationState,
  requestChange, requestTranche, reviewReport, submitReport, terminateProject,
} from './messages';
import { forbidden, invalidInput, invalidTransition, requireReason, requireRole } from './refusals';
import { Implementation } from './implementation-state';
import { ProjectStageKey } from './search-attributes';
import { ProjectStage } from './rules/stages';

const act = proxyActivities<ImplementationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
// A payment whose worker died is retried soon; the retry is safe because payTranche is idempotent.
const { payTranche } = proxyActivities<ImplementationActivities>({
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/**
 * A funded project from its signed agreement to closeout or termination: tranches, reports with
 * reminders and escalation, change requests, mid-term evaluation and rectification, two-way and
 * third-party final evaluations. Started by the project workflow with continue-as-new, so the
 * history of the application phase does not weigh on the year-long term.
 */
export async function implementationWorkflow(input: ImplementationInput): Promise<ImplementationState> {
  const started = await act.startImplementation({ applicationId: input.applicationId });
  const p = new Implementation(input, started);
  let busy = 0;
  const background: Promise<unknown>[] = [];

  const setStage = (stage: ProjectStage) => {
    p.state.stage = stage;
    upsertSearchAttributes([{ key: ProjectStageKey, value: stage }]);
  };
  const run = async <T>(fn: () => Promise<T>): Promise<T> => {
    busy++;
    try {
      return await fn();
    } finally {
      busy--;
    }
  };
  const idle = () => {
    if (busy > 0) throw invalidTransition('上一项操作正在处理，请稍后重试 / another decision is being recorded', p.state.stage);
    if (p.ended()) throw invalidTransition(`项目已${p.state.stage === 'TERMINATED' ? '终止' : '结项'} / the project has ended`, p.state.stage);
  };
  setStage(started.stage);
  setHandler(getImplementationState, () => p.state);

  // ---- tranches: requested by one finance officer, approved by another (or the manager), paid once
  setHandler(requestTranche, ({ actor, seq }) => run(async () => {
    await act.markTrancheRequested({ applicationId: input.applicationId, seq, actor });
    p.tranche(seq).status = 'REQUESTED';
    p.tranche(seq).requestedById = actor.userId;
    return p.state;
  }), { validator: ({ actor, seq }) => { requireRole(actor, 'FINANCE'); idle(); p.requireTranche(seq, 'DUE'); } });

  setHandler(approveTranche, ({ actor, seq }) => run(async () => {
    const t = p.tranche(seq);
    await payTranche({ applicationId: input.applicationId, seq, requestedById: t.requestedById!, approver: actor });
    t.status = 'PAID';
    return p.state;
  }), {
    validator: ({ actor, seq }) => {
      requireRole(actor, 'FINANCE', 'PROGRAM_MANAGER');
      idle();
      p.requireTranche(seq, 'REQUESTED');
      if (p.tranche(seq).requestedById === actor.userId) throw forbidden('申请人与审批人不能为同一人 / the officer who requested a release may not approve it');
    },
  });

  // ---- reports
  setHandler(submitReport, ({ actor, seq, report }) => run(async () => {
    await act.saveReport({ applicationId: input.applicationId, seq, report, actor });
    Object.assign(p.report(seq), { status: 'SUBMITTED' });
    return p.state;
  }), { validator: ({ actor, seq, report }) => { p.requireMember(actor); idle(); p.requireSubmittable(seq, report); } });

  setHandler(reviewReport, ({ actor, seq, decision, note, revisionDeadline }) => run(async () => {
    await act.reviewReport({ applicationId: input.applicationId, seq, decision, note, revisionDeadline, actor });
    const r = p.report(seq);
    r.status = decision === 'ACCEPT' ? 'ACCEPTED' : 'RETURNED';
    r.revisionDeadline = decision === 'RETURN' ? revisionDeadline : undefined;
    if (decision === 'ACCEPT') r.overdue = false;
    if (decision === 'ACCEPT' && r.kind === 'FINAL' && p.state.stage === 'IMPLEMENTATION') {
      await act.setStage({ applicationId: input.applicationId, from: p.state.stage, to: 'FINAL_EVALUATION', reason: '结项报告已通过审核' });
      setStage('FINAL_EVALUATION');
    }
    return p.state;
  }), {
    validator: ({ actor, seq, decision, note, revisionDeadline }) => {
      requireRole(actor, 'REVIEWER');
      idle();
      p.requireReviewable(seq, decision, note, revisionDeadline);
    },
  });

  // ---- change requests (项目变更)
  setHandler(requestChange, ({ actor, change }) => run(async () => {
    const assessed = p.assessChange(change);
    const r = await act.recordChange({ applicationId: input.applicationId, change, needsApproval: assessed.needsApproval, actor });
    if (!assessed.needsApproval) p.applyChange(change);
    return { changeId: r.changeId, status: r.status, needsApproval: assessed.needsApproval };
  }), { validator: ({ actor, change }) => { p.requireMember(actor); idle(); p.assessChange(change); } });

  setHandler(decideChange, ({ actor, changeId, approve, reason }) => run(async () => {
    const r = await act.decideChange({ applicationId: input.applicationId, changeId, approve, reason, actor });
    if (approve && r.change) p.applyChange(r.change);
    return { changeId, status: r.status };
  }), { validator: ({ actor, reason }) => { requireRole(actor, 'REVIEWER'); idle(); requireReason(reason); } });

  // ---- evaluations
  setHandler(assignEvaluator, ({ actor, evaluatorId }) => run(async () => {
    const r = await act.assignEvaluator({ applicationId: input.applicationId, evaluatorId, actor });
    if (!r.assigned) throw invalidInput([{ field: 'evaluatorId', rule: 'activeEvaluator', message: 'evaluatorId: 该账号不是有效的评估人员 / not an active evaluator' }]);
    p.state.evaluatorId = evaluatorId;
    return p.state;
  }), { validator: ({ actor }) => { requireRole(actor, 'PROGRAM_MANAGER'); idle(); } });

  setHandler(fileEvaluation, (e) => run(async () => {
    const scored = p.scoreEvaluation(e.kind, e.scores);
    const attempt = p.attemptFor(e.kind);
    await act.saveEvaluation({ applicationId: input.applicationId, kind: e.kind, attempt, actor: e.actor, scores: e.scores, comments: e.comments, summary: e.summary, total: scored.total, grade: scored.grade });
    p.state.evaluations.push({ kind: e.kind, attempt, grade: scored.grade });
    if (e.kind === 'MIDTERM') await afterMidterm(scored.grade === 'FAIL', attempt);
    return scored;
  }), { validator: (e) => { idle(); p.requireEvaluator(e.actor, e.kind); p.scoreEvaluation(e.kind, e.scores); requireReason(e.summary, 'summary'); } });

  const afterMidterm = async (failed: boolean, attempt: number) => {
    if (!failed) {
      await act.makeTrancheDue({ applicationId: input.applicationId, stage: 'MIDTERM_PASSED' });
      p.trancheAt('MIDTERM_PASSED').forEach((t) => (t.status = 'DUE'));
      if (p.state.stage === 'RECTIFICATION') {
        await act.setStage({ applicationId: input.applicationId, from: 'RECTIFICATION', to: 'IMPLEMENTATION', reason: '整改后复评合格' });
        setStage('IMPLEMENTATION');
      }
    } else if (attempt === 1) {
      const deadline = new Date(Date.now() + started.timing.rectificationMs).toISOString();
      await act.setStage({ applicationId: input.applicationId, from: p.state.stage, to: 'RECTIFICATION', reason: `中期评估不合格，限期整改至 ${deadline}`, rectificationDeadline: deadline });
      p.state.rectificationDeadline = deadline;
      setStage('RECTIFICATION');
      // At the deadline, a project still in rectification is due for its re-evaluation.
      background.push(condition(() => p.state.stage !== 'RECTIFICATION', started.timing.rectificationMs).then(async (resolved) => {
        if (!resolved) await act.rectificationDue({ applicationId: input.applicationId, deadline });
      }));
    } else {
      await terminate({ reason: '中期评估整改后复评仍不合格，依协议终止项目', actorId: null });
    }
  };

  const terminate = async ({ reason, actorId, role }: { reason: string; actorId: string | null; role?: string }) => {
    await act.terminate({ applicationId: input.applicationId, reason, actorId, actorRole: role ?? 'SYSTEM', from: p.state.stage });
    p.state.tranches.filter((t) => t.status !== 'PAID').forEach((t) => (t.status = 'CANCELLED'));
    setStage('TERMINATED');
  };

  setHandler(terminateProject, ({ actor, reason }) => run(async () => {
    await terminate({ reason, actorId: actor.userId, role: actor.role });
    return p.state;
  }), { validator: ({ actor, reason }) => { requireRole(actor, 'PROGRAM_MANAGER'); idle(); requireReason(reason); } });

  // ---- reminders and escalation for every report, side by side with the decisions above
  const watchers = p.state.reports.map((r) => p.watch(r, {
    remind: (seq) => act.remindReport({ applicationId: input.applicationId, seq }),
    escalate: (seq) => act.escalateReport({ applicationId: input.applicationId, seq }),
    leadMs: started.timing.reminderLeadMs,
  }));

  // ---- closeout: the three final evaluations, then the final tranche (or its withholding)
  await condition(() => p.ended() || (p.state.stage === 'FINAL_EVALUATION' && p.finalEvaluationsFiled()));
  if (!p.ended()) {
    await condition(() => busy === 0);
    const outcome = await act.beginCloseout({ applicationId: input.applicationId });
    p.trancheAt('CLOSEOUT').forEach((t) => (t.status = outcome.releaseFinalTranche ? 'DUE' : 'WITHHELD'));
    setStage(outcome.releaseFinalTranche ? 'CLOSING' : p.state.stage);
    if (outcome.releaseFinalTranche) await condition(() => p.ended() || p.trancheAt('CLOSEOUT').every((t) => t.status === 'PAID'));
    if (!p.ended()) {
      await condition(() => busy === 0);
      await act.closeout({ applicationId: input.applicationId, from: p.state.stage });
      setStage('CLOSED');
    }
  }
  p.stopWatching();
  await Promise.all([...watchers, ...background]);
  await condition(allHandlersFinished);
  return p.state;
}
