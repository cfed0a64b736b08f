import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Why one application of a batch was not passed. */
export const PASS_REFUSALS = ['checksFailed', 'checksMissing', 'notFound', 'refused'] as const;
export type PassRefusal = (typeof PASS_REFUSALS)[number];

/** 已通过资格审查的一件 / one application of the batch that passed. */
export class PassedApplicationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  title!: string;
}

/** 未通过的一件及原因 / one application of the batch that was not passed, and why. */
export class RefusedApplicationView {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** 项目名称；未找到（或他人辖区的）为 null / null when not found */
  title!: string | null;
  @ApiProperty({
    enum: PASS_REFUSALS,
    description:
      'checksFailed 自动校验未通过 / checksMissing 尚无自动校验 / notFound 不存在或无权访问 / refused 流程拒绝（见 message）' +
      ' / checks failed, no checks yet, not found, or refused by the workflow (see message)',
  })
  reason!: PassRefusal;
  /** 未通过的自动校验规则 / the automatic checks that failed */
  failedRules!: string[];
  @ApiPropertyOptional({ description: '流程拒绝的说明（reason 为 refused 时）/ the refusal, when reason is refused' })
  message?: string;
}

/** 批量通过资格审查的结果 / the outcome of a bulk eligibility pass: each application passed or refused by name. */
export class EligibilityPassesView {
  passed!: PassedApplicationView[];
  refused!: RefusedApplicationView[];
}
