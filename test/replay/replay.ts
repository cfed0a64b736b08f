import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../../apps/worker/src/worker.factory';
import { historyFromJSONObject } from './history-json';
import { DEFAULT_HISTORIES_DIR, type RecordedHistory } from './record';

export interface HistoryFile {
  file: string;
  workflowId: string;
  workflowType: string;
  history: unknown;
}

/**
 * Every *.json under `dir` and its folders (`kept/` holds histories a re-recording keeps, such as
 * the runs from before a patched() change): either what `npm run histories:record` writes, or a bare history as
 * `temporal workflow show --output json` prints it (then the type comes from its first event).
 */
export function loadHistories(dir = DEFAULT_HISTORIES_DIR): HistoryFile[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const json = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Partial<RecordedHistory> & { events?: unknown[] };
      const history = json.history ?? json;
      return { file: f, workflowId: json.workflowId ?? f, workflowType: json.workflowType ?? typeOf(history), history };
    });
}

function typeOf(history: unknown): string {
  const first = (history as { events?: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[] }).events?.[0];
  return first?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'unknown';
}

/**
 * Replays the histories against the workflow code at `workflowsPath`, bundled once (or against a
 * bundle already built from it, such as the test run's). Returns one line per history that no
 * longer replays: the file and the determinism error.
 */
export async function replayAll(
  source: { workflowsPath: string } | { workflowBundle: { codePath: string } },
  histories: HistoryFile[],
): Promise<string[]> {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process: keep that one.
  }
  const workflowBundle =
    'workflowBundle' in source
      ? source.workflowBundle
      : await bundleWorkflowCode({
          workflowsPath: source.workflowsPath,
          // The shipped worker's interceptors too: what replays is what runs.
          workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
          logger: new DefaultLogger('WARN'),
        });
  const failures: string[] = [];
  let i = 0;
  const results = Worker.runReplayHistories(
    { workflowBundle, replayName: 'replay-test' },
    histories.map((h) => ({ workflowId: h.workflowId, history: historyFromJSONObject(h.history) })),
  );
  for await (const result of results) {
    const h = histories[i++];
    if (result.error) failures.push(`${h.file}: ${result.error.name}: ${result.error.message}`);
  }
  if (i !== histories.length) failures.push(`only ${i} of ${histories.length} histories were replayed`);
  return failures;
}
