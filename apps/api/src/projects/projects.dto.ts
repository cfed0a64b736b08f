import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { REPORT_REVIEW_DECISIONS, type ReportReviewDecision } from '@workflows/messages';
import {
  BUDGET_LINE_TYPE_VALUES,
  CHANGE_KINDS,
  type ChangeKind,
  EVALUATION_KINDS,
  type EvaluationKind,
  TRANCHE_STATUSES,
  type TrancheStatus,
} from '@workflows/rules';
import { BudgetLineDto } from '../applications/applications.dto';
import { PageQuery } from '../common/pagination';
import { IsMoney } from '../common/validators';

export class ReportIndicatorDto {
  @IsString() @MinLength(1) @MaxLength(50) name!: string;
  @IsString() @MinLength(1) @MaxLength(10) unit!: string;
  @IsInt() @Min(0) planned!: number;
  @IsInt() @Min(0) achieved!: number;
}

export class ReportSpendingDto {
  @ApiProperty({ enum: BUDGET_LINE_TYPE_VALUES })
  @IsIn(BUDGET_LINE_TYPE_VALUES)
  type!: string;
  /** 预算金额 */
  @IsMoney() budgeted!: string;
  /** 累计实际支出 */
  @IsMoney() spent!: string;
}

export class ReportDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ReportIndicatorDto)
  indicators!: ReportIndicatorDto[];

  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ReportSpendingDto)
  spending!: ReportSpendingDto[];

  /** 报告正文 */
  @IsString()
  @MinLength(10)
  @MaxLength(20000)
  narrative!: string;

  /** 佐证材料：先以 REPORT_EVIDENCE / FINANCIAL_VOUCHER 类型上传为项目附件，再在此引用其 id */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

export class ReportReviewDto {
  @ApiProperty({ enum: REPORT_REVIEW_DECISIONS })
  @IsIn(REPORT_REVIEW_DECISIONS)
  decision!: ReportReviewDecision;
  @IsOptional() @IsString() @MaxLength(2000) note?: string;
  @IsOptional() @IsDateString() revisionDeadline?: string;
}

export class ChangeDto {
  /** REALLOCATION 预算调整 / EXTENSION 延期 */
  @ApiProperty({ enum: CHANGE_KINDS })
  @IsIn(CHANGE_KINDS)
  kind!: ChangeKind;

  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => BudgetLineDto)
  budgetLines?: BudgetLineDto[];

  @IsOptional() @IsDateString() newEndsAt?: string;

  @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
}

/** A reviewer approves a change request or rejects it (the workflow takes `approve: boolean`). */
export const CHANGE_DECISIONS = ['APPROVE', 'REJECT'] as const;

export class ChangeDecisionDto {
  @ApiProperty({ enum: CHANGE_DECISIONS })
  @IsIn(CHANGE_DECISIONS)
  decision!: (typeof CHANGE_DECISIONS)[number];
  @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
}

export class EvaluatorDto {
  @IsUUID() evaluatorId!: string;
}

export class EvaluationDto {
  /** MIDTERM 中期评估 / FINAL_THIRD_PARTY 第三方结项评估 / GOV_ON_ORG 政府方评承接方 / ORG_ON_GOV 承接方评政府方 */
  @ApiProperty({ enum: EVALUATION_KINDS })
  @IsIn(EVALUATION_KINDS)
  kind!: EvaluationKind;
  @IsObject() scores!: Record<string, number>;
  @IsOptional() @IsObject() comments?: Record<string, string>;
  @IsString() @MinLength(2) @MaxLength(5000) summary!: string;
}

export class TerminationDto {
  @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
}

export class TrancheCancelDto {
  /** 取消理由，写入审计记录并通知财务人员和承接单位 */
  @IsString() @MinLength(2) @MaxLength(2000) reason!: string;
}

export class TrancheQuery extends PageQuery {
  @ApiPropertyOptional({ enum: TRANCHE_STATUSES })
  @IsOptional()
  @IsIn(TRANCHE_STATUSES)
  status?: TrancheStatus;
  @IsOptional() @IsUUID() roundId?: string;
}

export class SeqParam {
  @Type(() => Number) @IsInt() @Min(1) @Max(100) seq!: number;
}

export { IsMoney };
