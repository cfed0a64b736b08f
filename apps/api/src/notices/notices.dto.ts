import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { OBJECTION_RULINGS, OBJECTION_STATUSES, type ObjectionRuling, type ObjectionStatus } from '@workflows/messages';
import { PageQuery } from '../common/pagination';

export class ObjectionDto {
  /** 异议所针对的公示项目 */
  @IsUUID()
  applicationId!: string;

  /** 异议人姓名（实名） */
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name!: string;

  /** 联系方式（电话或邮箱） */
  @IsString()
  @MinLength(5)
  @MaxLength(100)
  contact!: string;

  /** 异议事实与理由 */
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  reason!: string;
}

export class RulingDto {
  /** UPHELD 异议成立 / DISMISSED 异议不成立 */
  @IsIn(OBJECTION_RULINGS)
  decision!: ObjectionRuling;

  /** 书面处理意见 */
  @IsString()
  @MinLength(2)
  @MaxLength(5000)
  ruling!: string;
}

export class ObjectionQuery extends PageQuery {
  @IsOptional()
  @IsIn(OBJECTION_STATUSES)
  status?: ObjectionStatus;

  @IsOptional()
  @IsUUID()
  roundId?: string;
}
