import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { databasePoolSize, type PrismaClient } from '../../../prisma/client';
import { faultInjectionInterceptors } from './fault-injection.interceptor';
import { activityObserver } from './worker-observability';

/** Resolves to workflows/index.ts under ts-jest and to dist/workflows/index.js when built; the replay test bundles the same. */
export const WORKFLOWS_PATH = require.resolve(path.join(__dirname, '../../../workflows'));

/** Workflow interceptor modules bundled with the workflows (the request id's way to the activities). */
export const WORKFLOW_INTERCEPTOR_MODULES = [require.resolve(path.join(__dirname, '../../../workflows/request-id.interceptors'))];

/** Names a prebuilt bundle of WORKFLOWS_PATH; unset (production), each worker bundles the workflows at start. */
export const WORKFLOW_BUNDLE_ENV = 'TEMPORAL_WORKFLOW_BUNDLE';

/**
 * The workflow code a worker runs. The test run bundles WORKFLOWS_PATH once in its global setup
 * and names the file here, so its many workers (one per test file, and the fault suite's worker
 * processes) skip the seconds each bundling takes.
 */
export function workflowSource(): { workflowBundle: { codePath: string } } | { workflowsPath: string } {
  const codePath = process.env[WORKFLOW_BUNDLE_ENV];
  return codePath ? { workflowBundle: { codePath } } : { workflowsPath: WORKFLOWS_PATH };
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  prisma: PrismaClient;
}

/**
 * The one place where workflows and activities meet. Used by the worker app and by the
 * integration tests, so both run exactly the same worker.
 */
export function createWorker(opts: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    ...workflowSource(),
    // The worker's own connection serves the activities that signal workflows.
    activities: createActivities({ prisma: opts.prisma, client: new Client({ connection: opts.connection, namespace: opts.namespace }) }),
    // Every activity holds a database connection: never run more at once than the pool has.
    maxConcurrentActivityTaskExecutions: databasePoolSize(),
    interceptors: {
      workflowModules: WORKFLOW_INTERCEPTOR_MODULES,
      // The request id and the log line of each activity; fault injection only when the
      // PSP_FAULT_ACTIVITY_* variables of the fault-injection tests are set.
      activity: [activityObserver(), ...faultInjectionInterceptors()],
    },
  });
}
