import { defaultPayloadConverter } from '@temporalio/common';
import {
  expert,
  goodScores,
  iso,
  objection,
  pause,
  projects,
  REPLACEMENT,
  reviewer,
  reviewer2,
  rubric,
  stubProject,
  until,
} from '../test/support/project-fakes';
import { specWorker } from '../test/support/workflow-env';
import {
  declineAssignment,
  fileObjection,
  getProjectState,
  ProjectCarried,
  ProjectState,
  ProjectWorkflowInput,
  RoundEvent,
  roundEvent,
  ruleObjection,
  submitScores,
} from './messages';
import { ProjectStageKey } from './search-attributes';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';

/**
 * The project workflow continuing as new when its history grows long (the server's
 * suggestContinueAsNew lowered), against the stubs of test/support/project-fakes.ts.
 */

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
  const stub = stubProject();
  const p = projects(() => spec);

  const spec = specWorker({
    dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': LIMIT },
    activities: stub.activities,
    cleanup: async () => {
      for (const h of p.handles) await h.terminate('spec finished').catch(() => undefined);
    },
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
      carriedRun = (await runsOf(spec.env, workflowId, firstRunId)).find((r) => r.carried?.inbox.some((e) => e.type === 'FUNDING_DECIDED'));
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
    const next = spec.env.client.workflow.getHandle(workflowId, carriedRun!.runId);
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

    const runs = (await runsOf(spec.env, workflowId, firstRunId)).map((r) => r.runId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs.slice(0, -1)) {
      const d = await spec.env.client.workflow.getHandle(workflowId, run).describe();
      expect(d.status.name).toBe('CONTINUED_AS_NEW');
      expect(d.typedSearchAttributes.get(ProjectStageKey)).toBeUndefined();
      expect((d.searchAttributes.ProjectStage ?? []).filter((v) => v !== null)).toEqual([]);
      expect(d.searchAttributes.RoundId).toEqual(['round-1']);
    }
    const last = await spec.env.client.workflow.getHandle(workflowId, runs.at(-1)).describe();
    expect(last.status.name).toBe('COMPLETED');
    expect(last.searchAttributes.ProjectStage).toEqual(['REMOVED_BY_OBJECTION']);
    const count = (q: string) => spec.env.client.workflow.count(`WorkflowId = '${workflowId}' AND ${q}`).then((c) => c.count);
    await until(
      async () => (await count(`ProjectStage = 'REMOVED_BY_OBJECTION'`)) === 1 && (await count('RoundId IS NOT NULL')) === runs.length,
    );
    expect(await count(`ProjectStage IN ('DRAFT', 'ELIGIBILITY_REVIEW', 'ELIGIBLE', 'EXPERT_REVIEW', 'RANKED', 'PUBLIC_NOTICE')`)).toBe(0);
  });
});
