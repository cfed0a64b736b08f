import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

/**
 * The floor's worker, a process of its own like the platform's worker, with the SDK's default
 * worker options (as apps/worker uses) and only the trivial workflow bundled.
 */
async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.FLOOR_TASK_QUEUE!,
    workflowsPath: require.resolve('./floor.workflow'),
  });
  process.once('SIGTERM', () => worker.shutdown());
  await worker.run();
  await connection.close();
}

main().catch((e) => {
  console.error(`[floor-worker] ${e instanceof Error ? e.stack : String(e)}`);
  process.exit(1);
});
