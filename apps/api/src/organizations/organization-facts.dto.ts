import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { RATINGS, type Rating } from '@workflows/rules';
import { PageQuery } from '../common/pagination';
import { IsCreditCode, IsRegionCode } from '../common/validators';
import type { OrganizationDispute, OrganizationVerification } from '@generated/prisma/client';

export const ANNUAL_INSPECTION_RESULTS = ['合格', '基本合格', '不合格', '未参检'] as const;
const verified = (o: VerifyOrganizationDto) => o.result === 'VERIFIED';

/** 登记信息核验: what the reviewer read on the registration certificate, and the verdict. */
export class VerifyOrganizationDto {
  /** 读取时的版本号；过期则 409 */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2147483647)
  version!: number;

  @ApiProperty({ enum: ['VERIFIED', 'REJECTED'] })
  @IsIn(['VERIFIED', 'REJECTED'])
  result!: 'VERIFIED' | 'REJECTED';

  /** 核验所依据的登记证书（附件编号或证书编号） */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  evidenceRef!: string;

  /** 核验意见（必填，记入审计） */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;

  @ValidateIf(verified)
  @IsCreditCode()
  creditCode!: string;

  @ValidateIf(verified)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  @ValidateIf(verified)
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  legalRepresentative!: string;

  @ValidateIf(verified)
  @IsDateString({ strict: true })
  registeredAt!: string;

  @ValidateIf(verified)
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  registrationAuthority!: string;

  @ValidateIf(verified)
  @IsRegionCode()
  regionCode!: string;

  /** 评估等级；未评估则省略 */
  @IsOptional()
  @ApiPropertyOptional({ enum: RATINGS })
  @IsIn(RATINGS)
  rating?: Rating;

  /** 评估等级有效期至（有等级时必填，通常为评估后5年） */
  @ValidateIf((o: VerifyOrganizationDto) => verified(o) && o.rating !== undefined)
  @IsDateString({ strict: true })
  ratingValidUntil?: string;

  @ValidateIf(verified)
  @ApiProperty({ enum: ANNUAL_INSPECTION_RESULTS })
  @IsIn(ANNUAL_INSPECTION_RESULTS)
  annualInspection!: string;
}

export class SettleDisputeDto {
  /** HOLDER: the organization stays with those who act for it; CLAIMANT: it moves to the claimant. */
  @ApiProperty({ enum: ['HOLDER', 'CLAIMANT'] })
  @IsIn(['HOLDER', 'CLAIMANT'])
  winner!: 'HOLDER' | 'CLAIMANT';

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class DisputeQuery extends PageQuery {
  @IsOptional()
  @ApiPropertyOptional({ enum: ['OPEN', 'SETTLED'] })
  @IsIn(['OPEN', 'SETTLED'])
  status?: 'OPEN' | 'SETTLED';
}

/**
 * 核验时读取的登记信息 / the facts as read from the registration certificate; a failed verification
 * (REJECTED) records none, so its `facts` is an empty object.
 */
export class VerifiedFactsView {
  creditCode?: string;
  name?: string;
  legalRepresentative?: string;
  @ApiPropertyOptional({ format: 'date' })
  registeredAt?: string;
  registrationAuthority?: string;
  regionCode?: string;
  @ApiPropertyOptional({ enum: RATINGS, nullable: true, description: '评估等级；未评估为 null / rating, null when unrated' })
  rating?: Rating | null;
  @ApiPropertyOptional({ format: 'date', nullable: true, type: String })
  ratingValidUntil?: string | null;
  @ApiPropertyOptional({ enum: ANNUAL_INSPECTION_RESULTS })
  annualInspection?: string;
}

/** 一次登记信息核验 / one verification of an organization's registered facts. */
export class OrganizationVerificationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;
  /** 核验人 / the reviewer who verified */
  @ApiProperty({ format: 'uuid' })
  reviewerId!: string;
  @ApiProperty({ enum: ['VERIFIED', 'REJECTED'] })
  result!: string;
  reason!: string;
  evidenceRef!: string;
  facts!: VerifiedFactsView;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export function mapVerification(v: OrganizationVerification): OrganizationVerificationView {
  return {
    id: v.id,
    organizationId: v.organizationId,
    reviewerId: v.reviewerId,
    result: v.result,
    reason: v.reason,
    evidenceRef: v.evidenceRef,
    facts: v.facts as VerifiedFactsView,
    createdAt: v.createdAt.toISOString(),
  };
}

/** 信用代码争议 / a dispute over a registered credit code. */
export class DisputeView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid' })
  organizationId!: string;
  creditCode!: string;
  /** 主张方登记的名称 / the name the claimant registers */
  claimedName!: string;
  claimantEvidenceRef!: string;
  holderEvidenceRef!: string | null;
  @ApiProperty({ enum: ['OPEN', 'SETTLED'] })
  status!: string;
  @ApiProperty({ enum: ['HOLDER', 'CLAIMANT'], nullable: true, type: String, description: '裁决结果；未裁决为 null / null until settled' })
  winner!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  settledAt!: string | null;
  /** 裁决理由 / the reason of the settlement */
  reason!: string | null;
  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export function mapDispute(d: OrganizationDispute): DisputeView {
  return {
    id: d.id,
    organizationId: d.organizationId,
    creditCode: d.creditCode,
    claimedName: d.claimedName,
    claimantEvidenceRef: d.claimantEvidenceRef,
    holderEvidenceRef: d.holderEvidenceRef,
    status: d.status,
    winner: d.winner,
    settledAt: d.settledAt?.toISOString() ?? null,
    reason: d.reason,
    createdAt: d.createdAt.toISOString(),
  };
}
