import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from '@temporalio/client';
import { TEMPORAL_CLIENT } from '../common/temporal.provider';

/** Temporal is reachable when its frontend answers a namespace description within the timeout. */
@Injectable()
export class TemporalHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
  ) {}

  async isHealthy(key: 'temporal', timeoutMs = 2000) {
    const session = this.health.check(key);
    try {
      await this.client.connection.withDeadline(Date.now() + timeoutMs, () =>
        this.client.workflowService.describeNamespace({ namespace: this.client.options.namespace }),
      );
      return session.up({ namespace: this.client.options.namespace });
    } catch (e) {
      return session.down({ message: e instanceof Error ? e.message.slice(0, 200) : 'unreachable' });
    }
  }
}
