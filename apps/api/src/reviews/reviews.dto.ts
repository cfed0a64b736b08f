import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PANEL_SLOT_STATUSES, type RoundStepResult } from '@workflows/messages';
import { PROJECT_STAGE_LABELS, RoundStatus } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsMoney } from '../common/validators';
import { CreditHistoryEntryView } from '../organizations/organizations.dto';
import type { ExpertTie } from '@generated/prisma/client';

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

/** 排名中的一份申报 / one application of a round's ranking, with every expert's total. */
export class RankingEntryView {
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  title!: string;
  /** 申报组织（申报时登记的名称）/ the organization, by the name on record */
  organizationName!: string;
  @ApiProperty({ enum: Object.keys(PROJECT_STAGE_LABELS), description: '项目阶段 / project stage' }) stage!: string;
  @ApiProperty({ type: 'integer', nullable: true, description: '排名；未获资助为 null / rank, null when unfunded' }) rank!: number | null;
  @ApiProperty({ description: '最终得分（两位小数）/ final score' }) finalScore!: string;
  @ApiProperty({ description: '申请金额（元）/ requested amount in yuan' }) requested!: string;
  @ApiProperty({ description: '资助金额（元，未获资助为 0.00）/ award in yuan' }) award!: string;
  /** 各专家的评分合计 / each submitted expert total */
  expertTotals!: string[];
  creditHistory!: CreditHistoryEntryView[];
}

/** 评审排名 / a round's ranking; empty until the panel has closed. */
export class RankingView {
  @ApiProperty({ enum: Object.keys(RoundStatus) }) status!: RoundStatus;
  entries!: RankingEntryView[];
}

/** 我的一项评审任务 / one of the expert's assignments, with the organization's credit record. */
export class AssignmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) roundId!: string;
  @ApiProperty({ format: 'uuid' }) applicationId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ enum: PANEL_SLOT_STATUSES }) status!: string;
  title!: string;
  category!: string;
  @ApiProperty({ description: '申请金额（元）/ requested amount in yuan' }) requestedAmount!: string;
  @ApiProperty({ nullable: true, type: String, description: '评分合计；未提交为 null / null until submitted' }) total!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    nullable: true,
    description: '各评分项得分 / score per criterion',
  })
  scores!: Record<string, number> | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: '各评分项评语 / comment per criterion',
  })
  comments!: Record<string, string> | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
  creditHistory!: CreditHistoryEntryView[];
}

/** 申报的利益关联 / a tie the expert declared: never assigned to that organization's applications. */
export class TieView {
  @ApiProperty({ format: 'uuid' }) expertId!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  reason!: string;
  createdAt!: Date;
}

export function mapTie(t: ExpertTie): TieView {
  return { expertId: t.expertId, organizationId: t.organizationId, reason: t.reason, createdAt: t.createdAt };
}
