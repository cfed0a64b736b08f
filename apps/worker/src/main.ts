import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['log', 'warn', 'error'] });
  // SIGINT/SIGTERM drain the worker: in-flight tasks finish or are handed back to the server.
  app.enableShutdownHooks();
}

bootstrap().catch((e) => {
  console.error(`[worker] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
