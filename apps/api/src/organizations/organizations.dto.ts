import { Type } from 'class-transformer';
import { IsDateString, IsEmail, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CreditStatus } from '@generated/prisma/enums';
import { RATINGS, type Rating } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsCreditCode, IsRegionCode } from '../common/validators';
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
  @IsIn(RATINGS)
  rating?: Rating;

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

export class SetCreditStatusDto {
  @IsIn(Object.values(CreditStatus))
  creditStatus!: CreditStatus;

  /** 列入失信名单截止日期（creditStatus 为 DISHONEST 时必填） */
  @IsOptional()
  @IsDateString({ strict: true })
  dishonestUntil?: string;

  /** 理由（必填，记入审计） */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class OrganizationQuery extends PageQuery {
  @IsOptional()
  @IsRegionCode()
  regionCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export interface OrganizationView {
  id: string;
  name: string;
  creditCode: string;
  regionCode: string;
  registeredAt: string;
  rating: string | null;
  creditStatus: CreditStatus;
  dishonestUntil: string | null;
  contactName: string;
  contactPhone: string;
  contactEmail: string | null;
  address: string | null;
  version: number;
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
    creditStatus: o.creditStatus,
    dishonestUntil: o.dishonestUntil ? day(o.dishonestUntil) : null,
    contactName: o.contactName,
    contactPhone: o.contactPhone,
    contactEmail: o.contactEmail,
    address: o.address,
    version: o.version,
  };
}
