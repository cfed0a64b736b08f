import { WorkflowUpdateFailedError, WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { addNote, decide, finish, gateProbeWorkflow, getProbe, type ProbeActivities } from '../test/support/gate-probe.workflow';
import { specWorker } from '../test/support/workflow-env';
import { DecisionRefusal } from './messages';

/** A probe workflow whose decisions go through DecisionGate; its one activity is a stub the test holds. */
describe('DecisionGate', () => {
  const started: string[] = [];
  const held = new Map<string, { promise: Promise<void>; release(): void }>();
  const activities: ProbeActivities = {
    async record(label) {
      started.push(label);
      if (label === 'refused-by-database') {
        throw ApplicationFailure.create({
          type: DecisionRefusal.INVALID_TRANSITION,
          message: '名额已满 / no funds left',
          nonRetryable: true,
        });
      }
      await held.get(label)?.promise;
    },
  };
  const hold = (label: string) => {
    let release!: () => void;
    const promise = new Promise<void>((r) => (release = r));
    held.set(label, { promise, release });
    return release;
  };
  const handles: WorkflowHandle[] = [];
  const start = async () => {
    const h = await spec.env.client.workflow.start(gateProbeWorkflow, {
      taskQueue: spec.worker.options.taskQueue,
      workflowId: `gate-${Math.random().toString(36).slice(2)}`,
    });
    handles.push(h);
    return h;
  };
  const until = async (ok: () => boolean) => {
    for (let i = 0; i < 100 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(ok()).toBe(true);
  };

  const spec = specWorker({
    workflowsPath: require.resolve('../test/support/gate-probe.workflow'),
    activities,
    cleanup: async () => {
      for (const h of handles) await h.signal(finish).catch(() => undefined);
    },
  });

  beforeEach(() => {
    started.length = 0;
  });

  it('lets a second decision sent meanwhile wait its turn instead of refusing it', async () => {
    const h = await start();
    const releaseFirst = hold('first');
    const first = await h.startUpdate(addNote, { args: ['first'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    const second = await h.startUpdate(addNote, { args: ['second'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    await until(() => started.includes('first'));
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toEqual(['first']);

    releaseFirst();
    expect(await first.result()).toBe(1);
    expect(await second.result()).toBe(2);
    expect(await h.query(getProbe)).toMatchObject({ notes: ['first', 'second'], maxRunning: 1 });
  });

  it('refuses with the domain error a decision whose check no longer passes once its turn comes', async () => {
    const h = await start();
    const releaseApprove = hold('APPROVED');
    const approve = await h.startUpdate(decide, { args: ['APPROVED'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    // Accepted: the validator ran while the case was still open.
    const reject = await h.startUpdate(decide, { args: ['REJECTED'], waitForStage: WorkflowUpdateStage.ACCEPTED });
    releaseApprove();

    expect(await approve.result()).toBe('APPROVED');
    const refusal = await reject.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refusal as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, details: [{ currentStage: 'APPROVED' }] });
    expect(started).toEqual(['APPROVED']);
  });

  it('hands an activity’s non-retryable InvalidTransition to the caller as that refusal, and stays open', async () => {
    const h = await start();
    const refusal = await h.executeUpdate(decide, { args: ['refused-by-database'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refusal as WorkflowUpdateFailedError).cause;
    // The refusal itself, not an ActivityFailure wrapping it.
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause).toMatchObject({ type: DecisionRefusal.INVALID_TRANSITION, message: '名额已满 / no funds left' });

    expect((await h.query(getProbe)).stage).toBe('OPEN');
    expect(await h.executeUpdate(decide, { args: ['APPROVED'] })).toBe('APPROVED');
  });
});
