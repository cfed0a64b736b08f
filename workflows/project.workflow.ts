import { allHandlersFinished, condition, makeContinueAsNewFunc, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { implementationWorkflow } from './implementation.workflow';
import type { ProjectActivities } from '../activities/projects.activities';
import {
  decideEligibility, getProjectState, RECEIPT_GRACE_MS, ProjectState, ProjectWorkflowInput, RoundEvent, roundEvent, signAgreement, submitApplication,
} from './messages';
import { forbidden, invalidInput, invalidTransition, requireReason, requireRole } from './refusals';
import { FINAL_PROJECT_STAGES, PROJECT_STAGE_LABELS, ProjectStage } from './rules/stages';
import { OrganizationIdKey, ProjectStageKey, RegionCodeKey, RoundIdKey } from './search-attributes';

const act = proxyActivities<ProjectActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

const label = (s: ProjectStage) => PROJECT_STAGE_LABELS[s].zh;

/**
 * One application from submission to signed agreement. Decisions arrive as updates whose
 * validators refuse what the current stage does not allow; round-wide outcomes arrive from the
 * round workflow as signals and are applied in order by the main loop.
 */
/** The moment a submission counts from: the API's receipt time when it is recent and not in the future, else now. */
function submittedAt(receivedAt: string | undefined): number {
  const now = Date.now();
  const t = receivedAt ? Date.parse(receivedAt) : NaN;
  return Number.isFinite(t) && t <= now && now - t <= RECEIPT_GRACE_MS ? t : now;
}

export async function projectWorkflow(input: ProjectWorkflowInput): Promise<ProjectState> {
  const state: ProjectState = { applicationId: input.applicationId, stage: 'DRAFT', submissionCount: 0, signedBy: {} };
  const inbox: RoundEvent[] = [];
  let busy = 0; // decisions whose activities are still running

  const publishStage = () => upsertSearchAttributes([{ key: ProjectStageKey, value: state.stage }]);
  upsertSearchAttributes([
    { key: RoundIdKey, value: input.roundId },
    { key: RegionCodeKey, value: input.regionCode },
    { key: OrganizationIdKey, value: input.organizationId },
    { key: ProjectStageKey, value: state.stage },
  ]);

  const guarded = async <T>(fn: () => Promise<T>): Promise<T> => {
    busy++;
    try {
      return await fn();
    } finally {
      busy--;
    }
  };

  // One decision at a time: a second one sent while the first is being recorded is refused
  // rather than judged against a stage that is about to change.
  const refuseWhileBusy = () => {
    if (busy > 0) throw invalidTransition('上一项操作正在处理，请稍后重试 / another decision is being recorded', state.stage);
  };

  setHandler(getProjectState, () => state);

  setHandler(submitApplication, ({ actor }) => guarded(async () => {
    const r = await act.recordSubmission({ applicationId: input.applicationId, actor, submissionNo: state.submissionCount + 1 });
    state.submissionCount += 1;
    state.stage = r.stage;
    state.revisionDeadline = undefined;
    publishStage();
    return state;
  }), {
    validator: ({ actor, receivedAt }) => {
      requireRole(actor, 'APPLICANT');
      refuseWhileBusy();
      if (!actor.organizationIds.includes(input.organizationId)) throw forbidden('只有申报单位本单位人员可以提交 / not a member of the applying organization');
      const at = submittedAt(receivedAt);
      if (state.stage === 'DRAFT') {
        if (at >= Date.parse(input.roundClosesAt)) throw invalidTransition('申报已截止，不能提交 / the application window has closed', 'DRAFT');
      } else if (state.stage === 'RETURNED') {
        if (at >= Date.parse(state.revisionDeadline!)) throw invalidTransition('补正期限已过 / the revision deadline has passed', state.stage);
      } else {
        throw invalidTransition(`当前阶段（${label(state.stage)}）不能提交，申报书已提交 / already submitted`, state.stage);
      }
    },
  });

  setHandler(decideEligibility, (d) => guarded(async () => {
    const r = await act.applyEligibilityDecision({ applicationId: input.applicationId, ...d, submissionNo: state.submissionCount });
    state.stage = r.stage;
    if (d.decision === 'RETURN') state.revisionDeadline = d.revisionDeadline;
    publishStage();
    return state;
  }), {
    validator: (d) => {
      requireRole(d.actor, 'REVIEWER');
      refuseWhileBusy();
      if (state.stage !== 'ELIGIBILITY_REVIEW') {
        throw invalidTransition(`当前阶段（${label(state.stage)}）不能作资格审查决定 / not awaiting eligibility review`, state.stage);
      }
      if (d.decision !== 'PASS') requireReason(d.reason);
      if (d.decision === 'RETURN') {
        const deadline = Date.parse(d.revisionDeadline);
        if (!Number.isFinite(deadline) || deadline <= Date.now()) {
          throw invalidInput([{ field: 'revisionDeadline', rule: 'inFuture', message: 'revisionDeadline: 补正期限须晚于当前时间 / must be in the future' }]);
        }
      }
    },
  });

  setHandler(signAgreement, ({ actor }) => guarded(async () => {
    const party = actor.role === 'APPLICANT' ? 'applicant' : 'bureau';
    const r = await act.signAgreement({ applicationId: input.applicationId, actor, party });
    state.signedBy[party] = actor.userId;
    state.stage = r.stage;
    publishStage();
    return state;
  }), {
    validator: ({ actor }) => {
      requireRole(actor, 'APPLICANT', 'REVIEWER');
      refuseWhileBusy();
      if (state.stage !== 'APPROVED') throw invalidTransition(`当前阶段（${label(state.stage)}）不能签署协议 / no agreement awaits signing`, state.stage);
      if (actor.role === 'APPLICANT' && !actor.organizationIds.includes(input.organizationId)) throw forbidden('只有乙方（申报单位）人员可以代表乙方签署 / not a member of the organization');
      const party = actor.role === 'APPLICANT' ? 'applicant' : 'bureau';
      if (state.signedBy[party]) throw invalidTransition('该方已签署 / this party has already signed', state.stage);
    },
  });

  setHandler(roundEvent, (e) => {
    inbox.push(e);
  });

  const applyRoundEvent = async (e: RoundEvent) => {
    const r = await act.applyRoundEvent({ applicationId: input.applicationId, event: e, from: state.stage });
    state.stage = r.stage;
    if (e.type === 'FUNDING_DECIDED') {
      state.award = e.award;
      state.rank = e.rank;
    }
    publishStage();
  };

  await condition(() => state.stage !== 'DRAFT');
  while (!FINAL_PROJECT_STAGES.includes(state.stage) && state.stage !== 'AGREEMENT_SIGNED') {
    const seen = state.stage;
    if (seen === 'RETURNED') {
      const ms = Math.max(0, Date.parse(state.revisionDeadline!) - Date.now());
      const woke = await condition(() => inbox.length > 0 || state.stage !== seen || busy > 0, ms);
      if (!woke) {
        const r = await act.withdrawApplication({ applicationId: input.applicationId, submissionNo: state.submissionCount });
        state.stage = r.stage;
        publishStage();
        continue;
      }
      await condition(() => busy === 0);
    } else {
      await condition(() => inbox.length > 0 || state.stage !== seen);
    }
    while (inbox.length > 0) await applyRoundEvent(inbox.shift()!);
  }
  await condition(allHandlersFinished);
  if (state.stage === 'AGREEMENT_SIGNED') {
    // The year-long implementation runs as a fresh history under the same workflow id.
    const toImplementation = makeContinueAsNewFunc<typeof implementationWorkflow>({ workflowType: 'implementationWorkflow' });
    return toImplementation({ applicationId: input.applicationId, roundId: input.roundId, organizationId: input.organizationId, regionCode: input.regionCode });
  }
  return state;
}
