import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import {
  MAX_OBJECTIONS_PER_RULING,
  OBJECTION_RULINGS,
  OBJECTION_STATUSES,
  type ObjectionRuling,
  type ObjectionStatus,
} from '@workflows/messages';
import { NOTICED_ROUND_STATUSES } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import type { Objection } from '@generated/prisma/client';

export class ObjectionDto {
  /** 异议所针对的公示项目 */
  @IsUUID()
  applicationId!: string;

  /** 异议人姓名（实名） */
  @IsString()
  @MinLength(2)
  @MaxLength(50)
  name!: string;

  /** 联系方式（手机号码或电子邮箱），确认码发送至此，确认后异议方计入 */
  @IsString()
  @MinLength(5)
  @MaxLength(100)
  @Matches(/^\s*(\+?[\d\s()-]{7,20}|[^@\s]+@[^@\s]+\.[^@\s]+)\s*$/, {
    message: 'contact: 须为电子邮箱或手机号码 / an email address or a phone number',
  })
  contact!: string;

  /** 异议事实与理由 */
  @IsString()
  @MinLength(10)
  @MaxLength(5000)
  reason!: string;
}

export class RulingDto {
  /** UPHELD 异议成立 / DISMISSED 异议不成立 */
  @ApiProperty({ enum: OBJECTION_RULINGS })
  @IsIn(OBJECTION_RULINGS)
  decision!: ObjectionRuling;

  /** 书面处理意见 */
  @IsString()
  @MinLength(2)
  @MaxLength(5000)
  ruling!: string;
}

/** 查询异议处理进度: the receipt number and the contact the filer gave, both needed so no one reads another's objection. */
export class ObjectionLookupDto {
  /** 异议受理编号（提交异议后页面显示的编号） */
  @IsUUID('all', { message: 'receipt: 须为提交异议后显示的36位受理编号 / the 36-character receipt number shown after filing' })
  receipt!: string;

  /** 提交异议时留下的联系方式 */
  @IsString()
  @MinLength(5)
  @MaxLength(100)
  contact!: string;
}

export class ConfirmDto {
  /** 发送至联系方式的6位确认码 */
  @IsString()
  @Matches(/^\d{6}$/, { message: 'code: 须为6位数字 / six digits' })
  code!: string;
}

/** 一次书面处理意见，针对同一项目、同一事由的一件或多件异议 */
export class GroupRulingDto extends RulingDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OBJECTIONS_PER_RULING)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  objectionIds!: string[];
}

export class ObjectionQuery extends PageQuery {
  @IsOptional()
  @ApiPropertyOptional({ enum: OBJECTION_STATUSES })
  @IsIn(OBJECTION_STATUSES)
  status?: ObjectionStatus;

  @IsOptional()
  @IsUUID()
  roundId?: string;

  /** 只看针对该项目（申报书）的异议 / only the objections against this project */
  @IsOptional()
  @IsUUID()
  applicationId?: string;
}

/** 异议已提交，待以确认码确认 / the objection is filed and waits for its confirmation code. */
export class ObjectionFiledView {
  @ApiProperty({ format: 'uuid' })
  objectionId!: string;
  @ApiProperty({ enum: ['UNCONFIRMED'] })
  status!: 'UNCONFIRMED';
  @ApiProperty({ format: 'date-time', description: '确认码的有效期 / the code is valid until' })
  confirmBy!: string;
}

/** 异议已确认，计入待处理 / the objection is confirmed and counts. */
export class ObjectionConfirmedView {
  @ApiProperty({ format: 'uuid' })
  objectionId!: string;
  @ApiProperty({ enum: ['FILED'] })
  status!: 'FILED';
}

/** 公示公告列表中的一项 / A round in the list of public notices. */
export class PublicNoticeSummaryView {
  roundId!: string;
  /** 轮次名称 */
  name!: string;
  @ApiProperty({ enum: NOTICED_ROUND_STATUSES })
  status!: string;
  /** 公示期起（ISO 8601） */
  startsAt?: string;
  /** 公示期止（ISO 8601） */
  endsAt?: string;
  /** 公示期（工作日） */
  workingDays!: number;
}

/** 公示期 / The notice period. */
export class NoticePeriodView {
  startsAt?: string;
  endsAt?: string;
  workingDays!: number;
}

/** 公示名单中的一个项目 / An entry of the provisional list. */
export class NoticeEntryView {
  applicationId!: string;
  /** 排名 */
  rank!: number | null;
  /** 申报组织（申报时登记的名称） */
  organizationName!: string;
  /** 项目名称 */
  title!: string;
  /** 服务类别 */
  category!: string;
  /** 最终得分，两位小数 */
  finalScore?: string;
  /** 拟资助金额（元，两位小数） */
  award!: string;
}

/** 公示公告文书 / The notice's document. */
export class NoticeDocumentRef {
  id!: string;
  /** 文书内容的 SHA-256 */
  sha256!: string;
}

/** 一个轮次的公示 / A round's public notice: the provisional list in rank order, with the period. */
export class PublicNoticeView {
  roundId!: string;
  name!: string;
  /** 出具机关 */
  issuingBureau!: string;
  @ApiProperty({ enum: NOTICED_ROUND_STATUSES })
  status!: string;
  period!: NoticePeriodView;
  /** 公示期内、可提出异议 */
  open!: boolean;
  entries!: NoticeEntryView[];
  document!: NoticeDocumentRef | null;
}

/** 一件异议，供审核人员处理（不含确认码） / an objection as staff read it, without its confirmation code. */
export class ObjectionView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  roundId!: string;
  @ApiProperty({ format: 'uuid' })
  applicationId!: string;
  /** 异议人姓名 / the objector's name */
  name!: string;
  /** 联系方式 / the objector's contact */
  contact!: string;
  /** 异议事实与理由 / the facts and reasons */
  reason!: string;
  @ApiProperty({ enum: OBJECTION_STATUSES })
  status!: ObjectionStatus;
  /** 确认码有效期（确认后仍保留）/ until when the code was valid */
  codeExpiresAt!: Date | null;
  @ApiProperty({ type: 'integer' })
  confirmAttempts!: number;
  confirmedAt!: Date | null;
  /** 书面处理意见 / the written ruling */
  ruling!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  ruledById!: string | null;
  ruledAt!: Date | null;
  createdAt!: Date;
  /** 项目名称 / the project's title */
  title!: string;
}

/** An objection row with its project's title, as staff read it: without the code's hash and the comparison key. */
export function mapObjection(o: Objection & { application: { title: string } }): ObjectionView {
  return {
    id: o.id,
    roundId: o.roundId,
    applicationId: o.applicationId,
    name: o.name,
    contact: o.contact,
    reason: o.reason,
    status: o.status,
    codeExpiresAt: o.codeExpiresAt,
    confirmAttempts: o.confirmAttempts,
    confirmedAt: o.confirmedAt,
    ruling: o.ruling,
    ruledById: o.ruledById,
    ruledAt: o.ruledAt,
    createdAt: o.createdAt,
    title: o.application.title,
  };
}

/** 处理结果 / the ruling's result: the objections it covered and how many of the project's remain to rule. */
export class RulingResultView {
  @ApiProperty({ type: 'string', format: 'uuid', isArray: true })
  objectionIds!: string[];
  @ApiProperty({ enum: OBJECTION_RULINGS })
  status!: ObjectionRuling;
  @ApiProperty({ type: 'integer', description: '该项目尚待处理的异议数 / objections of the project still to rule' })
  pending!: number;
}
