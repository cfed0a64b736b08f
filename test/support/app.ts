import { Test } from '@nestjs/testing';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import request from 'supertest';
import { pdfRenderer } from '../../activities/documents/pdf-renderer';
import { configureApp } from '../../apps/api/src/app.setup';
import { createWorker } from '../../apps/worker/src/worker.factory';
import { createPrismaClient, PrismaClient } from '../../prisma/client';
import { recordHistories, recordingDir } from '../replay/record';
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';

/**
 * The real API (same module and setup as main.ts) against the run's PostgreSQL database and
 * Temporal dev server, plus — unless told otherwise — an in-process worker on a task queue of
 * the test file's own, so files never steal each other's tasks.
 */
export interface TestPlatform {
  app: INestApplication;
  http: ReturnType<typeof request>;
  prisma: PrismaClient;
  client: Client;
  taskQueue: string;
  worker?: Worker;
  /** http://127.0.0.1:<port> when started with `listen: true` (browser tests), else undefined. */
  baseUrl?: string;
  close(): Promise<void>;
}

let runtimeInstalled = false;

export async function startPlatform(opts: { worker?: boolean; listen?: boolean } = {}): Promise<TestPlatform> {
  if (!runtimeInstalled) {
    runtimeInstalled = true;
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // Already installed in this process by an earlier test file: keep that one.
    }
  }
  const taskQueue = `test-${Math.random().toString(36).slice(2, 10)}`;
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  // Required only now: ConfigModule.forRoot reads the environment when the module is loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppModule } = require('../../apps/api/src/app.module') as typeof import('../../apps/api/src/app.module');
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureApp(app);
  await app.init();
  let baseUrl: string | undefined;
  if (opts.listen) {
    // A real port for a browser; 0 lets the system pick a free one.
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as { address(): AddressInfo }).address();
    baseUrl = `http://127.0.0.1:${port}`;
  }
  const prisma = createPrismaClient(process.env.DATABASE_URL);
  const client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! }) });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  if (opts.worker !== false) {
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, prisma });
    running = worker.run();
  }
  return {
    app,
    http: request(app.getHttpServer()),
    prisma,
    client,
    taskQueue,
    worker,
    baseUrl,
    async close() {
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await pdfRenderer.close();
      await nativeConnection?.close();
      await client.connection.close();
      await app.close();
      await prisma.$disconnect();
    },
  };
}

/** Ends what a test file left running on its own task queue (rounds wait for their next step), then stops the platform. */
export async function shutDown(p: TestPlatform): Promise<void> {
  // `npm run histories:record`: keep this file's executions, still-running ones included, for the replay test.
  const dir = recordingDir();
  if (dir) await recordHistories(p.client, p.taskQueue, dir);
  for await (const wf of p.client.workflow.list({ query: `TaskQueue = '${p.taskQueue}' AND ExecutionStatus = 'Running'` })) {
    // The list can lag behind: a run that has just completed is already ended.
    await p.client.workflow
      .getHandle(wf.workflowId)
      .terminate('test finished')
      .catch((e: unknown) => {
        if (!(e instanceof WorkflowNotFoundError)) throw e;
      });
  }
  await p.close();
}
