import { Module } from '@nestjs/common';
import { MAIL_ENV, MailDeliveryService } from './mail/mail-delivery.service';
import { validateMailEnv } from './mail/mail-env';
import { TemporalWorkerService, WORKER_ENV } from './temporal-worker.service';
import { validateWorkerEnv } from './worker-env';

@Module({
  providers: [
    { provide: WORKER_ENV, useFactory: () => validateWorkerEnv(process.env) },
    { provide: MAIL_ENV, useFactory: () => validateMailEnv(process.env) },
    TemporalWorkerService,
    MailDeliveryService,
  ],
})
export class WorkerModule {}
