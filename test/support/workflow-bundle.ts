import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_ENV, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../apps/worker/src/worker.factory';

/**
 * Bundles the worker's workflows once for the whole test run, into a file of its own, and names
 * it in TEMPORAL_WORKFLOW_BUNDLE: every worker of the run (createWorker in each test file, the
 * fault suite's worker processes, which inherit the variable) loads it instead of bundling again.
 */
export async function bundleWorkflowsForRun(): Promise<string> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    logger: new DefaultLogger('WARN'),
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'psp-workflows-')), 'workflow-bundle.js');
  fs.writeFileSync(file, code);
  process.env[WORKFLOW_BUNDLE_ENV] = file;
  process.stdout.write(
    `[setup] workflows bundled once for this run in ${((Date.now() - started) / 1000).toFixed(1)} s (${WORKFLOW_BUNDLE_ENV}=${file})\n`,
  );
  return file;
}

/** Removes the run's bundle (its folder was made for it alone). */
export function removeRunBundle(file: string | undefined): void {
  if (file) fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
