import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/roles.decorator';
import { PrismaService } from '../common/prisma.service';
import { TemporalHealthIndicator } from './temporal.health';
import { WorkflowsHealthIndicator } from './workflows.health';

@ApiTags('health 健康检查')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly prismaIndicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly temporal: TemporalHealthIndicator,
    private readonly workflows: WorkflowsHealthIndicator,
  ) {}

  /**
   * 200 when PostgreSQL and Temporal both answer; 503 with details otherwise. Still 200 but
   * `status: 'degraded'` while a workflow that did not answer a decision has a workflow task
   * pending or failing past the threshold (`info.workflows.stuck` names them).
   */
  @Public()
  @Get()
  @HealthCheck()
  async check(): Promise<Omit<HealthCheckResult, 'status'> & { status: HealthCheckResult['status'] | 'degraded' }> {
    const result = await this.health.check([
      () => this.prismaIndicator.pingCheck('database', this.prisma, { timeout: 2000 }),
      () => this.temporal.isHealthy('temporal'),
      () => this.workflows.isHealthy('workflows'),
    ]);
    const workflows = result.info?.workflows as { status: string; stuck?: unknown[] } | undefined;
    if (!workflows?.stuck?.length) return result;
    // The same object sits in `details`: both then say degraded.
    workflows.status = 'degraded';
    return { ...result, status: 'degraded' };
  }
}
