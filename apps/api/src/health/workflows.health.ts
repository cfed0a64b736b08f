import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { StuckWorkflows } from './stuck-workflows';

/**
 * Workflows that fell behind: always "up" for Terminus — a stuck workflow is no reason to take
 * this API instance out of service — with the stuck ones listed; the controller then calls the
 * whole answer degraded.
 */
@Injectable()
export class WorkflowsHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly stuck: StuckWorkflows,
  ) {}

  async isHealthy(key: 'workflows') {
    const stuck = await this.stuck.report();
    return this.health.check(key).up({ thresholdMs: this.stuck.thresholdMs, stuck });
  }
}
