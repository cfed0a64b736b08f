import { Module } from '@nestjs/common';
import { TemporalWorkerService, WORKER_ENV } from './temporal-worker.service';
import { validateWorkerEnv } from './worker-env';

@Module({
  providers: [{ provide: WORKER_ENV, useFactory: () => validateWorkerEnv(process.env) }, TemporalWorkerService],
})
export class WorkerModule {}
