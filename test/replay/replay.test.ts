import { workflowSource, WORKFLOWS_PATH } from '../../apps/worker/src/worker.factory';
import { CLEAR_STAGE_ON_CONTINUE } from '../../workflows/implementation-case';
import { PANEL_FROM_DATABASE } from '../../workflows/project-case';
import { loadHistories, replayAll } from './replay';

/**
 * The safety net for workflow changes: executions recorded from earlier code (see
 * `npm run histories:record`) must replay against today's workflows without a determinism
 * error, or a deploy would break the executions that are running. Needs no Temporal server.
 */
describe('recorded workflow histories', () => {
  const histories = loadHistories();

  it('cover every workflow type the worker registers, so the check cannot pass vacuously', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = Object.entries(require(WORKFLOWS_PATH) as Record<string, unknown>)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    expect(exported.length).toBeGreaterThan(0);
    expect(histories.length).toBeGreaterThanOrEqual(12);
    const recorded = new Set(histories.map((h) => h.workflowType));
    expect(exported.filter((t) => t && !recorded.has(t))).toEqual([]);
  });

  const patchIds = (h: { history: unknown }) =>
    (
      (
        h.history as {
          events?: {
            markerRecordedEventAttributes?: { markerName?: string; details?: Record<string, { payloads?: { data?: string }[] }> };
          }[];
        }
      ).events ?? []
    )
      .filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')
      .map((e) => Buffer.from(e.markerRecordedEventAttributes!.details!['patch-data'].payloads![0].data!, 'base64').toString('utf8'));

  it('hold the patched() example: implementation runs recorded before clear-stage-on-continue-as-new and after it', () => {
    const continued = (h: { history: unknown }) => JSON.stringify(h.history).includes('workflowExecutionContinuedAsNewEventAttributes');
    const impl = histories.filter((h) => h.workflowType === 'implementationWorkflow' && continued(h));
    const before = impl.filter((h) => patchIds(h).length === 0);
    const after = impl.filter((h) => patchIds(h).some((p) => p.includes(CLEAR_STAGE_ON_CONTINUE)));
    expect(before.map((h) => h.file).every((f) => f.startsWith('kept/'))).toBe(true);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
  });

  it('hold project runs that read the panel from the database (panel-from-database) beside those that waited for the news', () => {
    const projects = histories.filter((h) => h.workflowType === 'projectWorkflow');
    expect(projects.filter((h) => patchIds(h).some((p) => p.includes(PANEL_FROM_DATABASE))).length).toBeGreaterThan(0);
    expect(projects.filter((h) => patchIds(h).length === 0).length).toBeGreaterThan(0);
  });

  it('replay against the current workflow code without a determinism error', async () => {
    const failures = await replayAll(workflowSource(), histories);
    expect(failures).toEqual([]);
  });
});
