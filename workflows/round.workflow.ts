import { allHandlersFinished, condition, getExternalWorkflowHandle, proxyActivities, setHandler, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { PanelActivities } from '../activities/panel.activities';
import type { RoundActivities } from '../activities/rounds.activities';
import {
  adjustAward, approveResults, closePanel, declineAssignment, fileObjection, formPanel, getRoundState, projectWorkflowId, publishNotice,
  RoundEvent, roundEvent, RoundState, RoundWorkflowInput, ruleObjection, submitScores,
} from './messages';
import { invalidInput, invalidTransition, requireReason, requireRole } from './refusals';
import { RoundPanel } from './round-panel';
import { MONEY_PATTERN, noticePeriodEnd, ROUND_STATUS_LABELS } from './rules';
import type { RoundStatus } from './rules/stages';
import { RegionCodeKey, RoundIdKey, RoundStatusKey } from './search-attributes';

const options = { startToCloseTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '30 seconds' } } as const;
const { setRoundStatus } = proxyActivities<RoundActivities>(options);
const act = proxyActivities<PanelActivities>(options);

async function sleepUntil(instant: string): Promise<void> {
  const ms = Date.parse(instant) - Date.now();
  if (ms > 0) await sleep(ms);
}

/**
 * One funding round: opens and closes the application window on time, then carries the
 * round-wide steps — expert panel, ranking and allocation, public notice with objections,
 * approval — and tells each project workflow its outcome.
 */
export async function roundWorkflow(input: RoundWorkflowInput): Promise<RoundState> {
  const state: RoundState = { roundId: input.roundId, status: 'PUBLISHED', opensAt: input.opensAt, closesAt: input.closesAt };
  const panel = new RoundPanel();
  let busy = false;
  let noticeEnded = false;

  const moveTo = async (to: RoundStatus, action: string) => {
    await setRoundStatus({ roundId: input.roundId, from: state.status, to, action });
    setStatus(to);
  };
  const setStatus = (to: RoundStatus) => {
    state.status = to;
    upsertSearchAttributes([{ key: RoundStatusKey, value: to }]);
  };
  const tell = async (applicationIds: string[], event: RoundEvent) => {
    // Side by side: each signal is its own command, so a large round is not told one project at a time.
    await Promise.all(applicationIds.map((id) => getExternalWorkflowHandle(projectWorkflowId(id)).signal(roundEvent, event)));
  };
  const snapshot = (): RoundState => ({ ...state, ranking: panel.ranking, assignmentsOpen: panel.openAssignments(), openObjections: panel.openObjections() });
  const expect = (...allowed: RoundStatus[]) => {
    if (busy) throw invalidTransition('上一项操作正在处理，请稍后重试 / another decision is being recorded', state.status);
    if (!allowed.includes(state.status)) {
      throw invalidTransition(`轮次当前为“${ROUND_STATUS_LABELS[state.status].zh}”，不能执行此操作 / not allowed in this round status`, state.status);
    }
  };
  const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  };

  setHandler(getRoundState, snapshot);

  setHandler(formPanel, ({ actor, expertIds }) => exclusive(async () => {
    const inputs = await act.loadPanelInputs({ roundId: input.roundId, expertIds });
    if (inputs.unknownExperts.length > 0) {
      throw invalidInput([{ field: 'expertIds', rule: 'activeExperts', message: `expertIds: 以下账号不是有效的评审专家：${inputs.unknownExperts.join(', ')}` }]);
    }
    if (inputs.pendingEligibility > 0) {
      throw invalidTransition(`尚有 ${inputs.pendingEligibility} 份申报未完成资格审查 / eligibility review unfinished`, state.status);
    }
    const plan = panel.form(inputs);
    await act.saveAssignments({ roundId: input.roundId, assignments: plan, actor });
    setStatus('EXPERT_REVIEW');
    await tell(panel.applicationIds(), { type: 'EXPERT_REVIEW_STARTED' });
    return snapshot();
  }), {
    validator: ({ actor, expertIds }) => {
      requireRole(actor, 'PROGRAM_MANAGER');
      expect('CLOSED');
      if (!Array.isArray(expertIds) || expertIds.length === 0) throw invalidInput([{ field: 'expertIds', rule: 'required', message: 'expertIds: 请选择评审专家 / choose the panel' }]);
    },
  });

  setHandler(declineAssignment, ({ actor, applicationId, reason }) => exclusive(async () => {
    const replacement = panel.replacementFor(applicationId, actor.userId);
    await act.replaceAssignment({ roundId: input.roundId, applicationId, declinedExpertId: actor.userId, replacementExpertId: replacement, reason, actor });
    panel.decline(applicationId, actor.userId, replacement);
    return snapshot();
  }), {
    validator: ({ actor, applicationId, reason }) => {
      requireRole(actor, 'EXPERT');
      expect('EXPERT_REVIEW');
      panel.requireOpenAssignment(applicationId, actor.userId, state.status);
      requireReason(reason);
    },
  });

  setHandler(submitScores, (s) => exclusive(async () => {
    const total = panel.total(s.scores);
    await act.saveScores({ roundId: input.roundId, applicationId: s.applicationId, actor: s.actor, scores: s.scores, comments: s.comments, total });
    panel.recordScore(s.applicationId, s.actor.userId, total);
    return { total };
  }), {
    validator: (s) => {
      requireRole(s.actor, 'EXPERT');
      expect('EXPERT_REVIEW');
      panel.requireOpenAssignment(s.applicationId, s.actor.userId, state.status);
      panel.total(s.scores); // throws a field-level refusal for scores outside the rubric
    },
  });

  setHandler(closePanel, ({ actor }) => exclusive(async () => {
    panel.rank();
    await act.saveRanking({ roundId: input.roundId, ranking: panel.ranking!, actor, action: 'round.panelClosed', toStatus: 'RANKED', reason: null });
    setStatus('RANKED');
    await tell(panel.applicationIds(), { type: 'RANKED' });
    return snapshot();
  }), {
    validator: ({ actor }) => {
      requireRole(actor, 'PROGRAM_MANAGER');
      expect('EXPERT_REVIEW');
      const open = panel.openAssignments();
      if (open > 0) throw invalidTransition(`尚有 ${open} 份评分未提交，不能结束评审 / scores missing`, state.status);
    },
  });

  setHandler(adjustAward, ({ actor, applicationId, amount, reason }) => exclusive(async () => {
    panel.capAward(applicationId, amount);
    await act.saveRanking({ roundId: input.roundId, ranking: panel.ranking!, actor, action: 'round.awardAdjusted', toStatus: null, reason, subject: applicationId });
    return snapshot();
  }), {
    validator: ({ actor, applicationId, amount, reason }) => {
      requireRole(actor, 'PROGRAM_MANAGER');
      expect('RANKED');
      requireReason(reason);
      if (!MONEY_PATTERN.test(amount)) throw invalidInput([{ field: 'amount', rule: 'isMoney', message: 'amount: 金额格式不正确 / invalid amount' }]);
      panel.requireAdjustable(applicationId, amount, state.status);
    },
  });

  setHandler(publishNotice, ({ actor }) => exclusive(async () => {
    const calendar = await act.loadCalendar();
    const startsAt = new Date(Date.now()).toISOString();
    // Test sandboxes compress the period (Prozorro does the same); production counts working days.
    const endsAt = calendar.compressedPeriodMs
      ? new Date(Date.now() + calendar.compressedPeriodMs).toISOString()
      : noticePeriodEnd(startsAt, panel.config!.noticeWorkingDays, calendar);
    await act.publishNotice({ roundId: input.roundId, startsAt, endsAt, workingDays: panel.config!.noticeWorkingDays, ranking: panel.ranking!, actor });
    state.noticeEndsAt = endsAt;
    setStatus('NOTICE');
    await tell(panel.rankedIds(), { type: 'NOTICE_PUBLISHED' });
    return snapshot();
  }), { validator: ({ actor }) => { requireRole(actor, 'PROGRAM_MANAGER'); expect('RANKED'); } });

  setHandler(fileObjection, (o) => exclusive(async () => {
    const { objectionId } = await act.saveObjection({ roundId: input.roundId, ...o });
    panel.fileObjection(objectionId, o.applicationId);
    return { objectionId };
  }), {
    validator: (o) => {
      expect('NOTICE');
      if (noticeEnded) throw invalidTransition('公示期已结束，不再受理异议 / the notice period has ended', state.status);
      panel.requireListed(o.applicationId, state.status);
      const missing = (['name', 'contact', 'reason'] as const).filter((f) => !o[f] || o[f].trim().length < 2);
      if (missing.length) throw invalidInput(missing.map((f) => ({ field: f, rule: 'required', message: `${f}: 必填（至少2个字）/ required` })));
    },
  });

  setHandler(ruleObjection, ({ actor, objectionId, decision, ruling }) => exclusive(async () => {
    const applicationId = panel.objection(objectionId)!.applicationId;
    if (decision === 'UPHELD') panel.exclude(applicationId);
    await act.saveObjectionRuling({ roundId: input.roundId, objectionId, decision, ruling, actor, ranking: decision === 'UPHELD' ? panel.ranking! : null });
    panel.ruleObjection(objectionId, decision);
    if (decision === 'UPHELD') await tell([applicationId], { type: 'REMOVED_BY_OBJECTION', objectionId, ruling });
    return snapshot();
  }), {
    validator: ({ actor, objectionId, decision, ruling }) => {
      requireRole(actor, 'REVIEWER');
      expect('NOTICE');
      requireReason(ruling, 'ruling');
      if (decision !== 'UPHELD' && decision !== 'DISMISSED') throw invalidInput([{ field: 'decision', rule: 'isIn', message: 'decision: 须为 UPHELD 或 DISMISSED' }]);
      panel.requireRulable(objectionId, actor.userId, state.status);
    },
  });

  setHandler(approveResults, ({ actor }) => exclusive(async () => {
    await act.finalizeRound({ roundId: input.roundId, ranking: panel.ranking!, actor });
    setStatus('FINALIZED');
    for (const e of panel.ranking!) {
      if (e.status === 'EXCLUDED') continue;
      await tell([e.applicationId], { type: 'FUNDING_DECIDED', funded: e.award !== '0.00', award: e.award, rank: e.rank });
    }
    return snapshot();
  }), {
    validator: ({ actor }) => {
      requireRole(actor, 'PROGRAM_MANAGER');
      expect('NOTICE');
      if (!noticeEnded) throw invalidTransition(`公示期至 ${state.noticeEndsAt} 结束，期满前不能确定立项 / the notice period has not ended`, state.status);
      const open = panel.openObjections();
      if (open > 0) throw invalidTransition(`尚有 ${open} 件异议未处理 / objections await a ruling`, state.status);
    },
  });

  upsertSearchAttributes([
    { key: RoundIdKey, value: input.roundId },
    { key: RegionCodeKey, value: input.regionCode },
    { key: RoundStatusKey, value: state.status },
  ]);

  await sleepUntil(input.opensAt);
  await moveTo('OPEN', 'round.windowOpened');
  await sleepUntil(input.closesAt);
  await moveTo('CLOSED', 'round.windowClosed');

  await condition(() => state.status === 'NOTICE');
  await sleepUntil(state.noticeEndsAt!);
  noticeEnded = true;
  await act.noticePeriodEnded({ roundId: input.roundId, openObjections: panel.openObjections() });

  await condition(() => state.status === 'FINALIZED' && !busy);
  await condition(allHandlersFinished);
  return snapshot();
}
