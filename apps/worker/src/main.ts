import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  // The SDK's INFO lines (bundle statistics, state changes) drown the platform's own logs.
  Runtime.install({ logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN') ?? 'WARN') });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  // SIGINT/SIGTERM drain the worker: in-flight tasks finish or are handed back to the server.
  app.enableShutdownHooks();
}

bootstrap().catch((e) => {
  console.error(`[worker] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
