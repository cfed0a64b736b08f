import { Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { StuckWorkflows } from './stuck-workflows';
import { TemporalHealthIndicator } from './temporal.health';
import { WorkflowsHealthIndicator } from './workflows.health';

/** Global so that Decisions (in the common module) can report the workflows that did not answer. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [TemporalHealthIndicator, StuckWorkflows, WorkflowsHealthIndicator],
  exports: [StuckWorkflows],
})
export class HealthModule {}
