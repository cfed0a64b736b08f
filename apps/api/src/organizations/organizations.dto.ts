import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CreditStatus, FactsStatus } from '@generated/prisma/enums';
import { RATINGS, type Rating } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsCreditCode, IsRegionCode } from '../common/validators';
import { ANNUAL_INSPECTION_RESULTS } from './organization-facts.dto';
import type { Organization } from '@generated/prisma/client';

export class CreateOrganizationDto {
  /** 组织名称 */
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  /** 统一社会信用代码（18位，GB 32100-2015，社会组织以5开头） */
  @IsCreditCode()
  creditCode!: string;

  /** 行政区划代码（GB/T 2260，6位） */
  @IsRegionCode()
  regionCode!: string;

  /** 登记日期 (YYYY-MM-DD) */
  @IsDateString({ strict: true })
  registeredAt!: string;

  /** 评估等级 1A–5A；未评估则省略 */
  @IsOptional()
  @ApiPropertyOptional({ enum: RATINGS })
  @IsIn(RATINGS)
  rating?: Rating;

  /** 评估等级有效期至（申报值，待核验） */
  @IsOptional()
  @IsDateString({ strict: true })
  ratingValidUntil?: string;

  /** 法定代表人 */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  legalRepresentative?: string;

  /** 登记管理机关 */
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  registrationAuthority?: string;

  /** 年检结果 */
  @IsOptional()
  @ApiPropertyOptional({ enum: ANNUAL_INSPECTION_RESULTS })
  @IsIn(ANNUAL_INSPECTION_RESULTS)
  annualInspection?: string;

  /** 登记证书（附件编号或证书编号）；主张一个已被登记的信用代码时必填 */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  certificateRef?: string;

  @IsString()
  @MinLength(1)
  @MaxLength(50)
  contactName!: string;

  @Matches(/^[0-9+\- ]{7,20}$/, { message: 'contactPhone: 联系电话格式不正确 / phone number format' })
  contactPhone!: string;

  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
}

export class UpdateOrganizationDto {
  /** 读取时的版本号；过期则 409 */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version!: number;

  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  contactName?: string;

  @IsOptional()
  @Matches(/^[0-9+\- ]{7,20}$/, { message: 'contactPhone: 联系电话格式不正确 / phone number format' })
  contactPhone?: string;

  @IsOptional()
  @IsEmail()
  contactEmail?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  address?: string;
}

export class OrganizationQuery extends PageQuery {
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  /** UNVERIFIED lists the organizations awaiting a reviewer's verification. */
  @IsOptional()
  @ApiPropertyOptional({ enum: Object.values(FactsStatus) })
  @IsIn(Object.values(FactsStatus))
  factsStatus?: FactsStatus;
}

export class DisputeOpenedDetail {
  @ApiProperty({ format: 'uuid' })
  disputeId!: string;
  status!: string;
  /** 中文 / English */
  message!: string;
}

/** 202: 信用代码已被登记，争议已提交审核人员 / the credit code is taken: a dispute is open for a reviewer. */
export class DisputeOpened {
  disputeOpened!: DisputeOpenedDetail;
}

export class OrganizationView {
  id!: string;
  name!: string;
  creditCode!: string;
  regionCode!: string;
  registeredAt!: string;
  rating!: string | null;
  ratingValidUntil!: string | null;
  legalRepresentative!: string | null;
  registrationAuthority!: string | null;
  annualInspection!: string | null;
  certificateRef!: string | null;
  /** Only VERIFIED facts count for the automatic eligibility rules. */
  @ApiProperty({ enum: Object.keys(FactsStatus) })
  factsStatus!: FactsStatus;
  @ApiProperty({ enum: Object.keys(CreditStatus) })
  creditStatus!: CreditStatus;
  dishonestUntil!: string | null;
  contactName!: string;
  contactPhone!: string;
  contactEmail!: string | null;
  address!: string | null;
  version!: number;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export function mapOrganization(o: Organization): OrganizationView {
  return {
    id: o.id,
    name: o.name,
    creditCode: o.creditCode,
    regionCode: o.regionCode,
    registeredAt: day(o.registeredAt),
    rating: o.rating,
    ratingValidUntil: o.ratingValidUntil ? day(o.ratingValidUntil) : null,
    legalRepresentative: o.legalRepresentative,
    registrationAuthority: o.registrationAuthority,
    annualInspection: o.annualInspection,
    certificateRef: o.certificateRef,
    factsStatus: o.factsStatus,
    creditStatus: o.creditStatus,
    dishonestUntil: o.dishonestUntil ? day(o.dishonestUntil) : null,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    contactEmail: o.contactEmail,
    address: o.address,
    version: o.version,
  };
}

/** 信用记录 / one entry of the organization's credit record. */
export class CreditHistoryEntryView {
  applicationId!: string;
  projectTitle!: string;
  kind!: string;
  grade!: string | null;
  gradeLabel!: string | null;
  note!: string;
  recordedAt!: string;
}

/** 社会组织及其信用记录 / an organization with its credit record. */
export class OrganizationDetailView extends OrganizationView {
  creditHistory!: CreditHistoryEntryView[];
}
