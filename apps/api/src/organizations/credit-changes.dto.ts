import { ApiProperty } from '@nestjs/swagger';
import { IsDateString, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CreditStatus } from '@generated/prisma/enums';
import type { CreditChange } from '@generated/prisma/client';

/** 列入或移出失信名单的提议: it changes nothing until a second reviewer confirms it. */
export class ProposeCreditChangeDto {
  @ApiProperty({ enum: Object.values(CreditStatus) })
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

export const CREDIT_CHANGE_DECISIONS = ['CONFIRM', 'REFUSE'] as const;

/** 复核: the second reviewer confirms or refuses, with a reason either way. */
export class CreditChangeDecisionDto {
  @ApiProperty({ enum: CREDIT_CHANGE_DECISIONS })
  @IsIn(CREDIT_CHANGE_DECISIONS)
  decision!: (typeof CREDIT_CHANGE_DECISIONS)[number];

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class CreditChangeView {
  id!: string;
  organizationId!: string;
  @ApiProperty({ enum: Object.values(CreditStatus) })
  creditStatus!: CreditStatus;
  dishonestUntil!: string | null;
  reason!: string;
  @ApiProperty({ enum: ['PENDING', 'CONFIRMED', 'REFUSED'] })
  status!: CreditChange['status'];
  proposedById!: string;
  proposedAt!: string;
  decidedById!: string | null;
  decidedAt!: string | null;
  decisionReason!: string | null;
}

export function mapCreditChange(c: CreditChange): CreditChangeView {
  return {
    id: c.id,
    organizationId: c.organizationId,
    creditStatus: c.creditStatus,
    dishonestUntil: c.dishonestUntil ? c.dishonestUntil.toISOString().slice(0, 10) : null,
    reason: c.reason,
    status: c.status,
    proposedById: c.proposedById,
    proposedAt: c.proposedAt.toISOString(),
    decidedById: c.decidedById,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decisionReason: c.decisionReason,
  };
}
