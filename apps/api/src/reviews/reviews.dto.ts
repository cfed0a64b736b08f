import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { PANEL_SLOT_STATUSES } from '@workflows/messages';
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
