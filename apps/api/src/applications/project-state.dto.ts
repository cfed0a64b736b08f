import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OBJECTION_STATUSES, PANEL_SLOT_STATUSES, type ObjectionStatus, type ProjectState } from '@workflows/messages';
import { PROJECT_STAGE_LABELS, type ProjectStage } from '@workflows/rules';
import { RubricCriterionDto } from '../rounds/rounds.dto';

/** Who signed the agreement, by party. */
export class SignedByView {
  /** 乙方（申报单位）签署人 / the applicant's signatory */
  applicant?: string;
  /** 甲方（民政部门）签署人 / the bureau's signatory */
  bureau?: string;
}

export class PanelSlotView {
  @ApiProperty({ format: 'uuid' }) expertId!: string;
  @ApiProperty({ enum: PANEL_SLOT_STATUSES }) status!: (typeof PANEL_SLOT_STATUSES)[number];
}

export class ObjectionMarkView {
  @ApiProperty({ format: 'uuid' }) objectionId!: string;
  @ApiProperty({ enum: OBJECTION_STATUSES }) status!: ObjectionStatus;
}

/**
 * 项目流程状态 / the project workflow's state after a decision (submit, eligibility, signing): what
 * the decision's Temporal update answers, the same ProjectState the workflow keeps.
 */
export class ProjectStateView implements ProjectState {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ enum: Object.keys(PROJECT_STAGE_LABELS), description: '项目阶段 / project stage' }) stage!: ProjectStage;
  @ApiProperty({ type: 'integer' }) submissionCount!: number;
  @ApiPropertyOptional({ format: 'date-time' }) revisionDeadline?: string;
  @ApiPropertyOptional({ description: '资助金额（元）/ award in yuan' }) award?: string;
  @ApiPropertyOptional({ type: 'integer', nullable: true }) rank?: number | null;
  @ApiProperty({ type: () => SignedByView }) signedBy!: SignedByView;
  @ApiPropertyOptional({ description: '资格审查决定人 / who passed the eligibility review' }) eligibilityDecidedBy?: string;
  @ApiPropertyOptional({ type: () => [PanelSlotView] }) panel?: PanelSlotView[];
  @ApiPropertyOptional({ type: () => [RubricCriterionDto] }) rubric?: RubricCriterionDto[];
  @ApiPropertyOptional({ format: 'date-time' }) noticeEndsAt?: string;
  @ApiPropertyOptional({ type: () => [ObjectionMarkView] }) objections?: ObjectionMarkView[];
  @ApiPropertyOptional({ type: 'integer' }) pendingObjections?: number;
}
