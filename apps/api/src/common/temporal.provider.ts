import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Client, Connection } from '@temporalio/client';
import { RequestIdClientInterceptor } from '@observability/temporal-request-id';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

class TemporalClientCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/** A lazily connected client, so the API starts (and reports 503 on health) while Temporal is down. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new Client({
          connection: Connection.lazy({ address: config.getOrThrow<string>('TEMPORAL_ADDRESS') }),
          namespace: config.getOrThrow<string>('TEMPORAL_NAMESPACE'),
          interceptors: { workflow: [new RequestIdClientInterceptor()] },
        }),
    },
    TemporalClientCloser,
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalModule {}
