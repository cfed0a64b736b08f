import { Controller, Get } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/roles.decorator';
import { PrismaService } from '../common/prisma.service';
import { TemporalHealthIndicator } from './temporal.health';
import { WorkflowsHealthIndicator } from './workflows.health';

const INDICATORS = { type: 'object', additionalProperties: { type: 'object', properties: { status: { type: 'string' } } } } as const;
/** Terminus's answer (not the ErrorBody shape, on 503 too): each indicator by name. */
const HEALTH_SCHEMA = {
  type: 'object' as const,
  required: ['status', 'details'],
  properties: {
    status: { type: 'string' as const, enum: ['ok', 'degraded', 'error', 'shutting_down'] },
    info: { ...INDICATORS, nullable: true },
    error: { ...INDICATORS, nullable: true },
    details: INDICATORS,
  },
};

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
   * 健康检查 / Health check
   *
   * @remarks 200 when PostgreSQL and Temporal both answer; 503 with details otherwise. Still 200 but
   * `status: 'degraded'` while a workflow that did not answer a decision has a workflow task pending or
   * failing past the threshold (`info.workflows.stuck` names them).
   */
  @ApiResponse({ status: 200, description: '可用或降级 / up or degraded', schema: HEALTH_SCHEMA })
  @ApiResponse({ status: 503, description: '数据库或流程引擎不可用 / a dependency is down', schema: HEALTH_SCHEMA })
  @Public({ errors: [] })
  @Get()
  @HealthCheck({ swaggerDocumentation: false })
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
