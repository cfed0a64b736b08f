import { Context } from '@temporalio/activity';
import { createSpecWorker, createWorkflowEnv } from '../test/support/workflow-env';
import { PDF_ACTIVITY } from './activity-options';
import { documentPdfWorkflow } from './document-pdf.workflow';
import { documentPdfWorkflowId } from './messages';
import type { DocumentPdfActivities } from '../activities/document-pdf.activities';
import type { IssuedPdf } from './contracts';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';

/**
 * The document PDF workflow on a dev server of its own, with a stub of its one activity
 * (printing and storing are proven by test/integration/document-pdfs.test.ts): it answers what
 * the activity issued, and an attempt that fails (a browser that crashed, a worker that died) is
 * tried again.
 */
describe('documentPdfWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;
  /** Each attempt the stub saw: the document and Temporal's attempt number. */
  const attempts: { documentId: string; attempt: number }[] = [];
  /** Documents whose first attempt fails. */
  const failFirst = new Set<string>();

  const issued = (documentId: string): IssuedPdf => ({
    documentId,
    pdfSha256: `pdf-of-${documentId}`,
    printedSha256: `printed-of-${documentId}`,
  });
  const activities: DocumentPdfActivities = {
    issueDocumentPdf: async ({ documentId }) => {
      const { attempt } = Context.current().info;
      attempts.push({ documentId, attempt });
      if (failFirst.has(documentId) && attempt === 1) throw new Error('浏览器意外退出 / the browser exited');
      return issued(documentId);
    },
  };
  const newDocumentId = () => `doc-${Math.random().toString(36).slice(2, 10)}`;
  const issue = (documentId: string) =>
    env.client.workflow.start(documentPdfWorkflow, {
      taskQueue: worker.options.taskQueue,
      workflowId: documentPdfWorkflowId(documentId),
      args: [documentId],
    });

  beforeAll(async () => {
    env = await createWorkflowEnv();
    worker = await createSpecWorker(env, { workflowsPath: require.resolve('./document-pdf.workflow'), activities });
    running = worker.run();
  }, 90_000);

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  it('answers what its activity issued, printing once, with the PDF activity options', async () => {
    const documentId = newDocumentId();
    const h = await issue(documentId);

    expect(await h.result()).toEqual(issued(documentId));
    expect(attempts.filter((a) => a.documentId === documentId)).toEqual([{ documentId, attempt: 1 }]);
    const scheduled = ((await h.fetchHistory()).events ?? []).flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
    );
    expect(scheduled).toHaveLength(1);
    expect(scheduled[0].activityType?.name).toBe('issueDocumentPdf');
    expect(Number(scheduled[0].startToCloseTimeout?.seconds)).toBe(120);
    expect(scheduled[0].retryPolicy?.maximumAttempts).toBe(PDF_ACTIVITY.retry?.maximumAttempts);
  });

  it('tries a failed attempt again and answers what the second attempt issued', async () => {
    const documentId = newDocumentId();
    failFirst.add(documentId);
    const h = await issue(documentId);

    expect(await h.result()).toEqual(issued(documentId));
    expect(attempts.filter((a) => a.documentId === documentId)).toEqual([
      { documentId, attempt: 1 },
      { documentId, attempt: 2 },
    ]);
    const events = (await h.fetchHistory()).events ?? [];
    // A retry is the same scheduled activity tried again, not a second one in the history.
    expect(events.filter((e) => e.activityTaskScheduledEventAttributes)).toHaveLength(1);
    expect(events.find((e) => e.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes?.attempt).toBe(2);
  });
});
