import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { logger: ['log', 'warn', 'error'] });
  configureApp(app);
  const config = app.get(ConfigService);
  const port = config.getOrThrow<number>('API_PORT');
  const host = config.getOrThrow<string>('HOST');
  await app.listen(port, host);
  new Logger('API').log(`listening on http://${host}:${port}/api`);
}

bootstrap().catch((e) => {
  console.error(`[api] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
