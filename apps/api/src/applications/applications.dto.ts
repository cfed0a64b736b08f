import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ELIGIBILITY_DECISIONS } from '@workflows/messages';
import { APPLICATION_PHASE_STAGES, BUDGET_LINE_TYPE_VALUES, type BudgetLineType, type ProjectStage } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsMoney, IsPositiveMoney } from '../common/validators';
import type { Application } from '@generated/prisma/client';

export class BudgetLineDto {
  /** 人员费 PERSONNEL / 活动费 ACTIVITY / 物资费 MATERIAL / 宣传费 PUBLICITY / 管理费 MANAGEMENT */
  @ApiProperty({ enum: BUDGET_LINE_TYPE_VALUES })
  @IsIn(BUDGET_LINE_TYPE_VALUES)
  type!: BudgetLineType;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  description!: string;

  @IsMoney()
  amount!: string;
}

export class IndicatorDto {
  /** 指标名称，如 服务人次、活动场次 */
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  /** 单位，如 人次、场 */
  @IsString()
  @MinLength(1)
  @MaxLength(10)
  unit!: string;

  @IsInt()
  @Min(0)
  @Max(100000000)
  target!: number;
}

export class MilestoneDto {
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  title!: string;

  /** 计划完成日期 YYYY-MM-DD */
  @IsDateString({ strict: true })
  dueOn!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  deliverable!: string;
}

class ApplicationFields {
  /** 项目名称 */
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  title!: string;

  /** 项目类别（须为轮次所列类别之一） */
  @IsString()
  @MinLength(1)
  @MaxLength(20)
  category!: string;

  /** 项目概述 */
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  summary!: string;

  /** 服务对象 */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  beneficiaries!: string;

  /** 申请资助金额（元） */
  @IsPositiveMoney()
  requestedAmount!: string;

  /** 配套资金（元） */
  @IsOptional()
  @IsMoney()
  matchingFunds?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  budgetLines!: BudgetLineDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators!: IndicatorDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones!: MilestoneDto[];
}

export class CreateApplicationDto extends ApplicationFields {
  @IsUUID()
  roundId!: string;

  /** 申报单位（须为本人所在社会组织） */
  @IsUUID()
  organizationId!: string;
}

export class UpdateApplicationDto {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version!: number;

  @IsOptional() @IsString() @MinLength(2) @MaxLength(100) title?: string;
  @IsOptional() @IsString() @MinLength(1) @MaxLength(20) category?: string;
  @IsOptional() @IsString() @MinLength(10) @MaxLength(5000) summary?: string;
  @IsOptional() @IsString() @MinLength(2) @MaxLength(500) beneficiaries?: string;
  @IsOptional() @IsPositiveMoney() requestedAmount?: string;
  @IsOptional() @IsMoney() matchingFunds?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  budgetLines?: BudgetLineDto[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(24)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones?: MilestoneDto[];
}

export class EligibilityDecisionDto {
  /** PASS 通过 / RETURN 退回补正 / REJECT 不予受理 */
  @ApiProperty({ enum: ELIGIBILITY_DECISIONS })
  @IsIn(ELIGIBILITY_DECISIONS)
  decision!: (typeof ELIGIBILITY_DECISIONS)[number];

  /** 理由（退回、驳回时必填） */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  /** 补正期限（退回时必填，ISO 8601） */
  @IsOptional()
  @IsDateString()
  revisionDeadline?: string;
}

/** 批量通过资格审查：所选申报中自动校验全部通过的逐件通过，其余逐件说明原因 */
export class EligibilityPassesDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  applicationIds!: string[];

  /** 审查意见（可选，记入每件申报的审计记录） */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ApplicationQuery extends PageQuery {
  @IsOptional() @IsUUID() roundId?: string;
  @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ enum: APPLICATION_PHASE_STAGES })
  @IsOptional()
  @IsIn(APPLICATION_PHASE_STAGES)
  stage?: ProjectStage;
  /** 项目检索：项目名称或申报单位名称包含此文字（不区分大小写） */
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100) q?: string;
}

/** 申报书 / an application, as the routes of applications answer it. */
export class ApplicationView {
  id!: string;
  roundId!: string;
  organizationId!: string;
  title!: string;
  category!: string;
  summary!: string;
  beneficiaries!: string;
  @ApiProperty({ example: '100000.00', description: '金额（元，两位小数的字符串）/ amount in yuan' })
  requestedAmount!: string;
  @ApiProperty({ nullable: true, type: String })
  matchingFunds!: string | null;
  @ApiProperty({ type: () => [BudgetLineDto] })
  budgetLines!: unknown;
  @ApiProperty({ type: () => [IndicatorDto] })
  indicators!: unknown;
  @ApiProperty({ type: () => [MilestoneDto] })
  milestones!: unknown;
  @ApiProperty({ description: '项目阶段 / project stage' })
  stage!: string;
  version!: number;
  submissionCount!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  submittedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  revisionDeadline!: string | null;
  @ApiProperty({ nullable: true, type: String })
  finalScore!: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  rank!: number | null;
  @ApiProperty({ nullable: true, type: String })
  award!: string | null;
  @ApiProperty({ nullable: true, type: String })
  workflowId!: string | null;
}

export function mapApplication(a: Application): ApplicationView {
  return {
    id: a.id,
    roundId: a.roundId,
    organizationId: a.organizationId,
    title: a.title,
    category: a.category,
    summary: a.summary,
    beneficiaries: a.beneficiaries,
    requestedAmount: a.requestedAmount.toFixed(2),
    matchingFunds: a.matchingFunds?.toFixed(2) ?? null,
    budgetLines: a.budgetLines,
    indicators: a.indicators,
    milestones: a.milestones,
    stage: a.stage,
    version: a.version,
    submissionCount: a.submissionCount,
    submittedAt: a.submittedAt?.toISOString() ?? null,
    revisionDeadline: a.revisionDeadline?.toISOString() ?? null,
    finalScore: a.finalScore?.toFixed(2) ?? null,
    rank: a.rank,
    award: a.award?.toFixed(2) ?? null,
    workflowId: a.workflowId,
  };
}

export class SubmitApplicationDto {
  /** 确认仍然提交：已阅读未通过的提示性规则。发送 false 时，有提示性规则未通过即拒绝提交 */
  @IsOptional()
  @IsBoolean()
  confirmWarnings?: boolean;
}

/** 一条自动资格校验结果 / one stored automatic check of a submission. */
export class EligibilityCheckView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  @ApiProperty({ type: 'integer', description: '第几次提交 / which submission' })
  submissionNo!: number;
  rule!: string;
  passed!: boolean;
  reason!: string;
  createdAt!: Date;
}

/** 一条操作记录 / one entry of the audit trail; `actorId` only for staff. */
export class HistoryEntryView {
  id!: string;
  action!: string;
  fromState!: string | null;
  toState!: string | null;
  actorId?: string | null;
  actorRole!: string | null;
  actorName!: string | null;
  reason!: string | null;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}
