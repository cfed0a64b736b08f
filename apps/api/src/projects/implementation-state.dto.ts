import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type ImplementationState, type ReportState, type TrancheState } from '@workflows/messages';
import {
  EVALUATION_KINDS,
  PROJECT_STAGE_LABELS,
  REPORT_STATUSES,
  TRANCHE_STATUSES,
  type EvaluationKind,
  type ProjectStage,
} from '@workflows/rules';

export class TrancheStateView implements TrancheState {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ description: '触发节点 / the condition that makes it due' }) stage!: string;
  @ApiProperty({ description: '金额（元）/ amount in yuan' }) amount!: string;
  @ApiProperty({ enum: TRANCHE_STATUSES }) status!: TrancheState['status'];
  @ApiPropertyOptional() requestedById?: string;
}

export class ReportStateView implements ReportState {
  @ApiProperty({ type: 'integer' }) seq!: number;
  @ApiProperty({ enum: ['PERIODIC', 'MIDTERM', 'FINAL'] }) kind!: ReportState['kind'];
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: REPORT_STATUSES }) status!: ReportState['status'];
  @ApiPropertyOptional({ format: 'date-time' }) revisionDeadline?: string;
  @ApiProperty() overdue!: boolean;
}

export class EvaluationMarkView {
  @ApiProperty({ enum: EVALUATION_KINDS }) kind!: EvaluationKind;
  @ApiProperty({ type: 'integer' }) attempt!: number;
  @ApiProperty() grade!: string;
}

/**
 * 项目实施状态 / the implementation workflow's state after a decision (tranches, reports,
 * evaluations, termination): what the decision's Temporal update answers.
 */
export class ImplementationStateView implements ImplementationState {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: Object.keys(PROJECT_STAGE_LABELS) }) stage!: ProjectStage;
  @ApiProperty({ type: () => [TrancheStateView] }) tranches!: TrancheStateView[];
  @ApiProperty({ type: () => [ReportStateView] }) reports!: ReportStateView[];
  @ApiProperty({ type: () => [EvaluationMarkView] }) evaluations!: EvaluationMarkView[];
  @ApiPropertyOptional() evaluatorId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) rectificationDeadline?: string;
  @ApiPropertyOptional({ format: 'date-time' }) termEndsAt?: string;
}
