import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../../activities';
import { databasePoolSize, type PrismaClient } from '../../../prisma/client';
import { faultInjectionInterceptors } from './fault-injection.interceptor';

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
    // Resolves to workflows/index.ts under ts-jest and to dist/workflows/index.js when built.
    workflowsPath: require.resolve(path.join(__dirname, '../../../workflows')),
    activities: createActivities({ prisma: opts.prisma }),
    // Every activity holds a database connection: never run more at once than the pool has.
    maxConcurrentActivityTaskExecutions: databasePoolSize(),
    // Empty unless the PSP_FAULT_ACTIVITY_* variables of the fault-injection tests are set.
    interceptors: { activity: faultInjectionInterceptors() },
  });
}
