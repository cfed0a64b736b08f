import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ChangeStatus } from '@generated/prisma/enums';
import type { OrganizationFactChange } from '@generated/prisma/client';

/** 登记事项变更申请: the new registered name, why, and (as the multipart file) the evidence. */
export class RequestFactChangeDto {
  /** 变更后的组织名称（须与登记机关核准的名称一致） */
  @IsString()
  @MinLength(2)
  @MaxLength(100)
  name!: string;

  /** 变更说明 */
  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export const FACT_CHANGE_DECISIONS = ['APPROVE', 'REJECT'] as const;

export class FactChangeDecisionDto {
  @ApiProperty({ enum: FACT_CHANGE_DECISIONS })
  @IsIn(FACT_CHANGE_DECISIONS)
  decision!: (typeof FACT_CHANGE_DECISIONS)[number];

  @IsString()
  @MinLength(2)
  @MaxLength(500)
  reason!: string;
}

export class FactChangeEvidenceView {
  filename!: string;
  mimeType!: string;
  size!: number;
  sha256!: string;
}

export class FactChangeView {
  id!: string;
  organizationId!: string;
  name!: string;
  reason!: string;
  @ApiProperty({ enum: Object.values(ChangeStatus) })
  status!: OrganizationFactChange['status'];
  evidence!: FactChangeEvidenceView;
  requestedById!: string;
  requestedAt!: string;
  decidedById!: string | null;
  decidedAt!: string | null;
  decisionReason!: string | null;
}

export function mapFactChange(c: OrganizationFactChange): FactChangeView {
  return {
    id: c.id,
    organizationId: c.organizationId,
    name: c.name,
    reason: c.reason,
    status: c.status,
    evidence: { filename: c.evidenceFilename, mimeType: c.evidenceMimeType, size: c.evidenceSize, sha256: c.evidenceSha256 },
    requestedById: c.requestedById,
    requestedAt: c.requestedAt.toISOString(),
    decidedById: c.decidedById,
    decidedAt: c.decidedAt?.toISOString() ?? null,
    decisionReason: c.decisionReason,
  };
}
