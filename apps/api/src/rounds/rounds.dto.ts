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
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { RoundKind } from '@generated/prisma/enums';
import { RATINGS, type Rating, REQUIRABLE_ATTACHMENT_KINDS, RoundStatus, TRANCHE_STAGE_ORDER, type TrancheStage } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsMoney, IsRegionCode } from '../common/validators';
import type { Round } from '@generated/prisma/client';

export class RubricCriterionDto {
  /** 评分项代码，如 need */
  @Matches(/^[a-zA-Z][a-zA-Z0-9_]{0,31}$/, { message: 'key: 评分项代码须为字母开头的字母数字组合' })
  key!: string;

  /** 评分项名称，如 需求分析 */
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name!: string;

  /** 英文名称（可选） */
  @IsOptional()
  @IsString()
  @MaxLength(80)
  nameEn?: string;

  /** 权重（整数，各项之和须为100） */
  @IsInt()
  @Min(1)
  @Max(100)
  weight!: number;
}

export class TrancheDto {
  /** 触发节点：签订协议后 / 中期评估合格后 / 结项后 */
  @ApiProperty({ enum: TRANCHE_STAGE_ORDER })
  @IsIn(TRANCHE_STAGE_ORDER)
  stage!: TrancheStage;

  /** 拨付比例（整数百分比，各期之和须为100） */
  @IsInt()
  @Min(1)
  @Max(100)
  percent!: number;

  /** 说明（可选），如 签订协议后 */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  label?: string;
}

export class EligibilityDto {
  /** 成立（登记）满 N 年 */
  @IsInt()
  @Min(0)
  @Max(50)
  minYearsRegistered!: number;

  /** 最低评估等级 */
  @IsOptional()
  @ApiPropertyOptional({ enum: RATINGS })
  @IsIn(RATINGS)
  minRating?: Rating | null;

  /** 排除失信名单上的组织 */
  @IsBoolean()
  excludeDishonest!: boolean;

  /** 必备附件：提交时每份申报书须已上传的附件类别，如 IMPLEMENTATION_PLAN（实施方案） */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(REQUIRABLE_ATTACHMENT_KINDS.length)
  @ApiPropertyOptional({ enum: REQUIRABLE_ATTACHMENT_KINDS, isArray: true })
  @IsIn(REQUIRABLE_ATTACHMENT_KINDS, { each: true })
  requiredAttachments?: string[];
}

export class CreateRoundDto {
  /** 轮次名称，如 2027年度社区公益创投 */
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  /** VENTURE 公益创投 / PURCHASE 政府购买服务 */
  @ApiProperty({ enum: Object.values(RoundKind) })
  @IsIn(Object.values(RoundKind))
  kind!: RoundKind;

  /** 主办民政部门所在行政区划 */
  @IsRegionCode()
  regionCode!: string;

  /** 项目类别，如 为老、为小、助残、帮困、社区融合 */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(20, { each: true })
  categories!: string[];

  /** 资金池（元，字符串，两位小数） */
  @IsMoney()
  budgetPool!: string;

  /** 单个项目资助上限（元） */
  @IsMoney()
  projectCeiling!: string;

  /** 申报开始时间 (ISO 8601) */
  @IsDateString()
  opensAt!: string;

  /** 申报截止时间 (ISO 8601) */
  @IsDateString()
  closesAt!: string;

  @ValidateNested()
  @Type(() => EligibilityDto)
  eligibility!: EligibilityDto;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => RubricCriterionDto)
  rubric!: RubricCriterionDto[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TrancheDto)
  tranchePlan!: TrancheDto[];

  /** 每份申报的评审专家人数（默认5） */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(15)
  expertsPerApplication?: number;

  /** 入围分数线（默认60） */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  passMark?: number;

  /** 管理费占申请金额的上限百分比（默认10） */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  managementCapPercent?: number;

  /** 配套资金占申请金额的最低百分比；不要求配套则省略 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  matchingFundsPercent?: number;

  /** 公示期（工作日，默认5） */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30)
  noticeWorkingDays?: number;

  /**
   * 截止提醒提前天数（默认 [3, 1]）：申报截止前提醒尚未提交的机构、补正期限前提醒申报机构；公示期满前
   * （尚有异议未处理）与整改期限前按其中最短者提醒 / days before a deadline that its reminder goes out
   */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(30, { each: true })
  reminderLeadDays?: number[];

  /** 项目周期（月，默认12） */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  projectTermMonths?: number;

  /**
   * 项目周期内进度报告份数，不含中期和结项报告（默认2：一年期按季度报告，即进度、中期、进度、结项）/
   * periodic reports besides the mid-term and final (default 2: quarterly over a one-year term)
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(24)
  periodicReports?: number;

  /** 结项不合格时列入失信名单的月数（默认24） */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  dishonestMonths?: number;

  /** 发文及签约单位（甲方），如 杭州市民政局 */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  issuingBureau?: string;
}

/** A draft round's whole configuration, as read at `version` (a stale version is refused with 409). */
export class UpdateRoundDto extends CreateRoundDto {
  /** 读取时的版本号 */
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version!: number;
}

export class RoundQuery extends PageQuery {
  @IsOptional()
  @ApiPropertyOptional({ enum: Object.keys(RoundStatus) })
  @IsIn(Object.keys(RoundStatus))
  status?: RoundStatus;

  @IsOptional()
  @IsRegionCode()
  regionCode?: string;
}

/** 资助轮次 / a funding round, as every route of rounds answers it. */
export class RoundView {
  id!: string;
  name!: string;
  @ApiProperty({ enum: Object.values(RoundKind) })
  kind!: string;
  regionCode!: string;
  categories!: string[];
  @ApiProperty({ example: '500000.00', description: '金额（元，两位小数的字符串）/ amount in yuan' })
  budgetPool!: string;
  projectCeiling!: string;
  @ApiProperty({ format: 'date-time' })
  opensAt!: string;
  @ApiProperty({ format: 'date-time' })
  closesAt!: string;
  @ApiProperty({ type: () => EligibilityDto })
  eligibility!: unknown;
  @ApiProperty({ type: () => [RubricCriterionDto] })
  rubric!: unknown;
  @ApiProperty({ type: () => [TrancheDto] })
  tranchePlan!: unknown;
  expertsPerApplication!: number;
  passMark!: string;
  managementCapPercent!: number;
  @ApiProperty({ type: 'integer', nullable: true })
  matchingFundsPercent!: number | null;
  noticeWorkingDays!: number;
  /** 截止提醒提前天数 / days before a deadline that its reminder goes out */
  @ApiProperty({ type: 'integer', isArray: true })
  reminderLeadDays!: number[];
  projectTermMonths!: number;
  periodicReports!: number;
  dishonestMonths!: number;
  issuingBureau!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  noticeStartsAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  noticeEndsAt!: string | null;
  @ApiProperty({ enum: Object.keys(RoundStatus) })
  status!: string;
  @ApiProperty({ nullable: true, type: String })
  workflowId!: string | null;
  version!: number;
}

export function mapRound(r: Round): RoundView {
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    regionCode: r.regionCode,
    categories: r.categories,
    budgetPool: r.budgetPool.toFixed(2),
    projectCeiling: r.projectCeiling.toFixed(2),
    opensAt: r.opensAt.toISOString(),
    closesAt: r.closesAt.toISOString(),
    eligibility: r.eligibility,
    rubric: r.rubric,
    tranchePlan: r.tranchePlan,
    expertsPerApplication: r.expertsPerApplication,
    passMark: r.passMark.toFixed(2),
    managementCapPercent: r.managementCapPercent,
    matchingFundsPercent: r.matchingFundsPercent,
    noticeWorkingDays: r.noticeWorkingDays,
    reminderLeadDays: r.reminderLeadDays,
    projectTermMonths: r.projectTermMonths,
    periodicReports: r.periodicReports,
    dishonestMonths: r.dishonestMonths,
    issuingBureau: r.issuingBureau,
    noticeStartsAt: r.noticeStartsAt?.toISOString() ?? null,
    noticeEndsAt: r.noticeEndsAt?.toISOString() ?? null,
    status: r.status,
    workflowId: r.workflowId,
    version: r.version,
  };
}

/** 一条未满足的资格规则 / A rule the organization does not meet. */
export class EligibilityReasonView {
  @ApiProperty({ enum: ['yearsRegistered', 'minRating', 'notDishonest'] })
  rule!: 'yearsRegistered' | 'minRating' | 'notDishonest';
  /** 原因（中文） */
  reason!: string;
}

/** 一个轮次对某组织是否可申报 / Whether an organization may apply to a round, and why not. */
export class EligibleRoundView {
  round!: RoundView;
  eligible!: boolean;
  reasons!: EligibilityReasonView[];
}
