import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, PrismaHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/auth/roles.decorator';
import { PrismaService } from '../common/prisma.service';
import { TemporalHealthIndicator } from './temporal.health';

@ApiTags('health 健康检查')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly prismaIndicator: PrismaHealthIndicator,
    private readonly prisma: PrismaService,
    private readonly temporal: TemporalHealthIndicator,
  ) {}

  /** 200 when PostgreSQL and Temporal both answer; 503 with details otherwise. */
  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.prismaIndicator.pingCheck('database', this.prisma, { timeout: 2000 }),
      () => this.temporal.isHealthy('temporal'),
    ]);
  }
}
