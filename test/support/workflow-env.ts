import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundle, type WorkerOptions } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_ENV, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../apps/worker/src/worker.factory';
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

/** Bundles made here, kept for the test file's life (Jest gives each file its own module registry). */
const bundles = new Map<string, Promise<WorkflowBundle>>();

function bundleOnce(workflowsPath: string, workflowInterceptorModules?: string[]): Promise<WorkflowBundle> {
  let bundle = bundles.get(workflowsPath);
  if (!bundle) {
    bundle = bundleWorkflowCode({ workflowsPath, workflowInterceptorModules, logger: new DefaultLogger('WARN') });
    bundles.set(workflowsPath, bundle);
  }
  return bundle;
}

/**
 * The worker's own workflows, as the test run bundled them once in its global setup
 * (TEMPORAL_WORKFLOW_BUNDLE, test/support/workflow-bundle.ts); bundled here only when the
 * variable is unset.
 */
async function runBundle(): Promise<NonNullable<WorkerOptions['workflowBundle']>> {
  const codePath = process.env[WORKFLOW_BUNDLE_ENV];
  return codePath ? { codePath } : bundleOnce(WORKFLOWS_PATH, WORKFLOW_INTERCEPTOR_MODULES);
}

export type SpecWorkerOptions = { workflowsPath?: string; activities?: WorkerOptions['activities'] } & Partial<
  Omit<WorkerOptions, 'connection' | 'workflowsPath' | 'workflowBundle' | 'bundlerOptions' | 'activities'>
>;

/**
 * A worker on a fresh task queue of `env` with the given activity implementations: a spec of one
 * workflow may stub its activities (a unit test of that piece; flows are proven by the
 * integration tests against the real activities). It runs the worker's own workflows from the
 * run's bundle; `workflowsPath` names another entry file (a probe made for one spec), bundled once
 * per test file however many workers the file creates.
 */
export async function createSpecWorker(env: TestWorkflowEnvironment, opts: SpecWorkerOptions = {}): Promise<Worker> {
  const { workflowsPath, ...rest } = opts;
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: `spec-${Math.random().toString(36).slice(2, 10)}`,
    workflowBundle: workflowsPath ? await bundleOnce(workflowsPath) : await runBundle(),
    ...rest,
  });
}

export interface SpecWorker {
  readonly env: TestWorkflowEnvironment;
  readonly worker: Worker;
}

/**
 * The dev server and running worker of a workflow spec (its file, or one describe block of it):
 * started in beforeAll, stopped in afterAll. `cleanup` runs first (ending what the spec left
 * open), then the worker shuts down and the server goes. Read `env` and `worker` inside tests.
 */
export function specWorker(
  opts: SpecWorkerOptions & {
    dynamicConfig?: Record<string, string | number | boolean>;
    cleanup?: () => Promise<unknown>;
  } = {},
): SpecWorker {
  const { dynamicConfig, cleanup, ...workerOptions } = opts;
  let env: TestWorkflowEnvironment | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  beforeAll(async () => {
    env = await createWorkflowEnv({ dynamicConfig });
    worker = await createSpecWorker(env, workerOptions);
    running = worker.run();
  }, 90_000);
  afterAll(async () => {
    if (worker) await cleanup?.();
    worker?.shutdown();
    await running;
    await env?.teardown();
  });
  return {
    get env() {
      if (!env) throw new Error('the spec worker starts in beforeAll');
      return env;
    },
    get worker() {
      if (!worker) throw new Error('the spec worker starts in beforeAll');
      return worker;
    },
  };
}
