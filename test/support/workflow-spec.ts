import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

// What the workflow specs (workflows/*.workflow.spec.ts) ask of a running workflow, written once.

/** The ApplicationFailure an update was refused with (it must be refused). */
export const refusalOf = async (p: Promise<unknown>): Promise<ApplicationFailure> => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (e as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
};

/** Waits until `ok()` holds (checked every 50 ms), and expects it to by the end of `ms`. */
export const until = async (ok: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await ok()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  expect(await ok()).toBe(true);
};

export const iso = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();

/** Update events of a run's history (accepted or admitted): a refused update must leave none. */
export const updateEvents = async (h: WorkflowHandle) =>
  ((await h.fetchHistory()).events ?? []).filter(
    (e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes ||
      e.workflowExecutionUpdateAdmittedEventAttributes ||
      e.workflowExecutionUpdateCompletedEventAttributes,
  );
