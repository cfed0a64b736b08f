import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { pdfRenderer } from '../../../activities/documents/pdf-renderer';
import { createPrismaClient, PrismaClient } from '../../../prisma/client';
import { WorkerEnv } from './worker-env';
import { createWorker } from './worker.factory';

export const WORKER_ENV = Symbol('WORKER_ENV');

/** Builds the Temporal worker from DI at boot and drains it on shutdown. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private prisma?: PrismaClient;
  private running?: Promise<void>;

  constructor(@Inject(WORKER_ENV) private readonly env: WorkerEnv) {}

  async onApplicationBootstrap(): Promise<void> {
    this.prisma = createPrismaClient(this.env.DATABASE_URL);
    this.connection = await NativeConnection.connect({ address: this.env.TEMPORAL_ADDRESS });
    this.worker = await createWorker({
      connection: this.connection,
      namespace: this.env.TEMPORAL_NAMESPACE,
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      prisma: this.prisma,
    });
    this.running = this.worker.run();
    this.running.catch((e) => {
      this.logger.error(`worker stopped: ${e instanceof Error ? e.message : String(e)}`);
      process.exitCode = 1;
    });
    this.logger.log(`polling task queue ${this.env.TEMPORAL_TASK_QUEUE} on ${this.env.TEMPORAL_ADDRESS}`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    // The browser that prints documents to PDF, if one was started (activities/documents/pdf-renderer.ts).
    await pdfRenderer.close();
    await this.connection?.close();
    await this.prisma?.$disconnect();
  }
}
