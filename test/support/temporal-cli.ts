import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** Runs the project's own Temporal CLI binary against the test server and returns the workflow ids listed. */
export function listWorkflowIds(query: string): string[] {
  const out = execFileSync(
    path.join(__dirname, '../../.tools/temporal'),
    [
      'workflow',
      'list',
      '--address',
      process.env.TEMPORAL_ADDRESS!,
      '--namespace',
      'default',
      '--query',
      query,
      '--output',
      'json',
      '--limit',
      '1000',
    ],
    { encoding: 'utf8' },
  );
  const rows = out.trim() ? (JSON.parse(out) as { execution: { workflowId: string } }[]) : [];
  return rows.map((r) => r.execution.workflowId).sort();
}
