import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SUBMISSION_RULE_LABELS, type ApplicationWindow, type SubmissionCheck } from '@workflows/rules';
import { LabelView } from '../common/views.dto';
import type { DraftChecks } from './applications.service';

export class SubmissionCheckView implements SubmissionCheck {
  @ApiProperty({ enum: Object.keys(SUBMISSION_RULE_LABELS) }) rule!: SubmissionCheck['rule'];
  @ApiProperty({ type: () => LabelView }) label!: LabelView;
  @ApiProperty({ description: '相关字段 / the field it concerns' }) field!: string;
  @ApiProperty({ enum: ['hard', 'warning'] }) severity!: SubmissionCheck['severity'];
  @ApiProperty() passed!: boolean;
  @ApiProperty({ description: '结果说明（含数字）/ the outcome, with the figures' }) reason!: string;
}

export class ApplicationWindowView implements ApplicationWindow {
  @ApiProperty({ enum: ['before', 'open', 'after'] }) state!: ApplicationWindow['state'];
  @ApiProperty({ format: 'date-time' }) opensAt!: string;
  @ApiProperty({ format: 'date-time' }) closesAt!: string;
  @ApiProperty({ description: '北京时间 / China time' }) opensAtLocal!: string;
  @ApiProperty({ description: '北京时间 / China time' }) closesAtLocal!: string;
  @ApiProperty({ enum: ['Asia/Shanghai'] }) timeZone!: 'Asia/Shanghai';
  @ApiPropertyOptional({ description: '申报期外的拒绝理由 / why a first submission is refused now' }) refusal?: string;
}

/** 提交前自动校验 / the draft's checks before submitting (GET /applications/:id/checks). */
export class DraftChecksView implements DraftChecks {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty() stage!: string;
  @ApiProperty({ type: () => [SubmissionCheckView] }) checks!: SubmissionCheckView[];
  @ApiProperty({ type: [String], description: '未通过的硬性规则 / failed hard rules' }) blocking!: string[];
  @ApiProperty({ type: [String], description: '未通过的提示性规则 / failed warnings' }) warnings!: string[];
  @ApiProperty({ type: () => ApplicationWindowView }) window!: ApplicationWindowView;
  @ApiProperty() windowApplies!: boolean;
  @ApiProperty() canSubmit!: boolean;
}
