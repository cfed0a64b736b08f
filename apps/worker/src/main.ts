import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { metricsPort, serveMetrics } from '../../observability/metrics';
import { freeLoopbackPort, temporalSdkLogger, WorkerNestLogger, workerLog } from './worker-observability';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const metrics = metricsPort();
  // The SDK's own metrics (task latencies, slots, polls) come from its Prometheus exporter on a
  // loopback port of its own, served again on the worker's METRICS_PORT beside the platform's.
  const sdkMetricsPort = metrics === undefined ? undefined : await freeLoopbackPort();
  Runtime.install({
    // The SDK's INFO lines (bundle statistics, state changes) drown the platform's own logs.
    logger: temporalSdkLogger((process.env.TEMPORAL_LOG_LEVEL as 'WARN') ?? 'WARN'),
    ...(sdkMetricsPort && { telemetryOptions: { metrics: { prometheus: { bindAddress: `127.0.0.1:${sdkMetricsPort}` } } } }),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: new WorkerNestLogger() });
  // SIGINT/SIGTERM drain the worker: in-flight tasks finish or are handed back to the server.
  app.enableShutdownHooks();
  if (metrics !== undefined) {
    const sdk = async () => (await fetch(`http://127.0.0.1:${sdkMetricsPort}/metrics`)).text();
    const served = await serveMetrics(metrics, undefined, sdk);
    workerLog.info({ context: 'Worker' }, `metrics on http://${process.env.METRICS_HOST ?? '127.0.0.1'}:${served.port}/metrics`);
  }
}

bootstrap().catch((e) => {
  console.error(`[worker] failed to start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
