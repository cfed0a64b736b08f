import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['log', 'warn', 'error'] });
  configureApp(app);
  const port = app.get(ConfigService).getOrThrow<number>('API_PORT');
  await app.listen(port, '0.0.0.0');
  new Logger('API').log(`listening on http://127.0.0.1:${port}/api`);
}

bootstrap().catch((e) => {
  console.error(`[api] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
