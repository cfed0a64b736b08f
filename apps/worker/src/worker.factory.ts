import path from 'node:path';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { databasePoolSize, type PrismaClient } from '../../../prisma/client';
import { faultInjectionInterceptors } from './fault-injection.interceptor';

/** Resolves to workflows/index.ts under ts-jest and to dist/workflows/index.js when built; the replay test bundles the same. */
export const WORKFLOWS_PATH = require.resolve(path.join(__dirname, '../../../workflows'));

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
    workflowsPath: WORKFLOWS_PATH,
    // The worker's own connection serves the activities that signal workflows.
    activities: createActivities({ prisma: opts.prisma, client: new Client({ connection: opts.connection, namespace: opts.namespace }) }),
    // Every activity holds a database connection: never run more at once than the pool has.
    maxConcurrentActivityTaskExecutions: databasePoolSize(),
    // Empty unless the PSP_FAULT_ACTIVITY_* variables of the fault-injection tests are set.
    interceptors: { activity: faultInjectionInterceptors() },
  });
}
