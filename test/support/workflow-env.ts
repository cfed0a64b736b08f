import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle, type WorkerOptions } from '@temporalio/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/**
 * A Temporal dev server of its own for a spec of one workflow piece, from the project's CLI
 * binary (downloading one fails here, and `createTimeSkipping()` needs a Java test server that
 * cannot be had: give such specs short, configurable durations instead).
 *
 * `dynamicConfig` sets server dynamic configuration values (`--dynamic-config-value KEY=JSON`),
 * e.g. `{ 'limit.historyCount.suggestContinueAsNew': 20 }` for a spec of continue-as-new;
 * `extraArgs` are passed to `temporal server start-dev` as they are.
 */
export async function createWorkflowEnv(
  opts: { dynamicConfig?: Record<string, string | number | boolean>; extraArgs?: string[] } = {},
): Promise<TestWorkflowEnvironment> {
  try {
    // ERROR: the refusals a spec provokes on purpose would otherwise be logged as failed activities.
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed in this process: keep that one.
  }
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: path.join(__dirname, '../../.tools/temporal') },
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      log: { format: 'pretty', level: 'error' },
      extraArgs: [
        ...Object.entries(opts.dynamicConfig ?? {}).flatMap(([key, value]) => [
          '--dynamic-config-value',
          `${key}=${JSON.stringify(value)}`,
        ]),
        ...(opts.extraArgs ?? []),
      ],
    },
  });
}

/** Bundles of the spec entry files, kept for the test file's life (Jest gives each file its own module registry). */
const bundles = new Map<string, Promise<WorkflowBundle>>();

/**
 * A worker on a fresh task queue of `env` running the workflows at `workflowsPath` with the
 * given activity implementations: a spec of one workflow may stub its activities (a unit test of
 * that piece; flows are proven by the integration tests against the real activities). The entry
 * file is bundled once per test file, however many workers the file creates.
 */
export async function createSpecWorker(
  env: TestWorkflowEnvironment,
  opts: { workflowsPath: string; activities?: WorkerOptions['activities'] } & Partial<
    Omit<WorkerOptions, 'connection' | 'workflowsPath' | 'workflowBundle' | 'bundlerOptions' | 'activities'>
  >,
): Promise<Worker> {
  const { workflowsPath, ...rest } = opts;
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: `spec-${Math.random().toString(36).slice(2, 10)}`,
    workflowBundle: await bundle,
    ...rest,
  });
}
