import {
  Actor,
  decideEligibility,
  getProjectState,
  ProjectWorkflowInput,
  RoundEvent,
  roundEvent,
  submitApplication,
} from '../../workflows/messages';
import { projectWorkflow } from '../../workflows/project.workflow';
import { totalScore, type RubricCriterion } from '../../workflows/rules';
import { iso, until } from './workflow-spec';
import type { NoticeActivities } from '../../activities/notice.activities';
import type { ObjectionActivities } from '../../activities/objections.activities';
import type { PanelActivities } from '../../activities/panel.activities';
import type { ProjectActivities } from '../../activities/projects.activities';
import type { ReminderActivities } from '../../activities/reminders.activities';
import type { ProjectStage } from '../../workflows/rules/stages';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';

// In-memory stand-ins for the project workflow's activities, for its specs
// (workflows/project.workflow.spec.ts, workflows/project-continue.workflow.spec.ts): each answers
// what the real activity answers, without a database, and every call is recorded (name, input,
// instant); the people, rubric and helpers the specs share.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Call = { name: string; input: { applicationId: string; [k: string]: any }; at: number };

export const ORG = 'org-1';
export const applicant: Actor = { userId: 'ap-1', role: 'APPLICANT', displayName: '申报人', organizationIds: [ORG] };
export const outsider: Actor = { userId: 'ap-2', role: 'APPLICANT', displayName: '他人', organizationIds: ['org-2'] };
export const reviewer: Actor = { userId: 'rv-1', role: 'REVIEWER', displayName: '审核员甲', organizationIds: [] };
export const reviewer2: Actor = { userId: 'rv-2', role: 'REVIEWER', displayName: '审核员乙', organizationIds: [] };
export const expert = (userId: string): Actor => ({ userId, role: 'EXPERT', displayName: `专家${userId}`, organizationIds: [] });

export const rubric: RubricCriterion[] = [
  { key: 'design', name: '项目设计', weight: 60 },
  { key: 'team', name: '团队能力', weight: 40 },
];
export const goodScores = { design: 50, team: 30 };
export const expectedTotal = (() => {
  const r = totalScore(rubric, goodScores);
  if (!r.ok) throw new Error('bad fixture');
  return r.total;
})();
export const REPLACEMENT = 'e-repl';

export function stubProject() {
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
    Pick<PanelActivities, 'loadPanel' | 'saveScores' | 'replaceAssignment' | 'adjustAward'> &
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
    // The panel formed in the database, as the test sets it (formed); none until then.
    async loadPanel(i) {
      await record('loadPanel', i);
      const expertIds = formed.get(i.applicationId);
      return expertIds ? { panel: expertIds.map((expertId) => ({ expertId, status: 'ASSIGNED' as const })), rubric } : null;
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
  const formed = new Map<string, string[]>();
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
  return { activities, hold, of, pendingAfter, formed };
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { iso, refusalOf, until, updateEvents } from './workflow-spec';

/** Starting projects and bringing them to a stage, on one environment and worker. */
export function projects(get: () => { env: TestWorkflowEnvironment; worker: Worker }) {
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

export const objection = (applicationId: string) => ({ applicationId, name: '张三', contact: '13800000000', reason: '申报材料与实际不符' });
