import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PANEL_SLOT_STATUSES, type RoundStepResult } from '@workflows/messages';
import { RoundStatus } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsMoney } from '../common/validators';

export class DeclineDto {
  /** 回避理由（利益关联说明） */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class ScoresDto {
  /** 各评分项得分，键为评分项代码，如 { "need": 18, "design": 25 } */
  @IsObject()
  scores!: Record<string, number>;

  /** 各评分项评语 */
  @IsOptional()
  @IsObject()
  comments?: Record<string, string>;
}

export class AwardAdjustmentDto {
  @IsUUID()
  applicationId!: string;

  /** 调整后的资助金额（元，不高于申请金额） */
  @IsMoney()
  amount!: string;

  @IsString()
  @MinLength(2)
  @MaxLength(1000)
  reason!: string;
}

export class TieDto {
  @IsUUID()
  organizationId!: string;

  /** 关联说明，如 曾任该组织理事 */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class AssignmentQuery extends PageQuery {
  @IsOptional()
  @ApiPropertyOptional({ enum: PANEL_SLOT_STATUSES })
  @IsIn(PANEL_SLOT_STATUSES)
  status?: (typeof PANEL_SLOT_STATUSES)[number];

  @IsOptional()
  @IsUUID()
  roundId?: string;
}

export class FormPanelDto {
  /** 评审组专家（账号 id），系统按回避规则和均衡负载自动分配 */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  expertIds!: string[];
}

/** 轮次流程的一步（组建评审组、结束评审、公示、立项）/ a round step's answer: the round's status and its counts. */
export class RoundStepView implements RoundStepResult {
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ enum: Object.keys(RoundStatus) }) status!: RoundStatus;
  @ApiPropertyOptional({ format: 'date-time' }) noticeEndsAt?: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: '按阶段计数 / counts by kind' })
  counts!: Record<string, number>;
}

/** 调减后的资助金额 / the award after the cut. */
export class AwardView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ description: '金额（元）/ amount in yuan' }) award!: string;
}

/** 改派的专家 / the expert the application was reassigned to. */
export class DeclineView {
  @ApiProperty({ format: 'uuid' }) replacementExpertId!: string;
}

/** 评分合计 / the total of the submitted scores. */
export class ScoreView {
  @ApiProperty() total!: string;
}
