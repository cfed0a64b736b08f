import 'reflect-metadata';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { metricsPort, serveMetrics } from '@observability/metrics';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  configureApp(app);
  const config = app.get(ConfigService);
  const port = config.getOrThrow<number>('API_PORT');
  const host = config.getOrThrow<string>('HOST');
  await app.listen(port, host);
  const logger = app.get(Logger);
  logger.log(`listening on http://${host}:${port}/api`, 'API');
  const metrics = metricsPort();
  if (metrics !== undefined) {
    const served = await serveMetrics(metrics);
    logger.log(`metrics on http://${process.env.METRICS_HOST ?? '127.0.0.1'}:${served.port}/metrics`, 'API');
  }
}

bootstrap().catch((e) => {
  console.error(`[api] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
