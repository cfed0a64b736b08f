import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One problem of a refused request: which field, which rule, and the message in Chinese and English. */
export class FieldErrorDto {
  @ApiProperty({ description: '字段路径 / field path (`budgetLines.2.amount`)', example: 'title' })
  field!: string;

  @ApiProperty({ description: '违反的规则 / the rule it broke (class-validator constraint or domain rule)', example: 'isNotEmpty' })
  rule!: string;

  @ApiProperty({
    description: '说明，中文在前、英文在后 / message, Chinese first with English beside',
    example: 'title: 不能为空 / must not be empty',
  })
  message!: string;
}

/** An application that stands in the way of a step (409). */
export class BlockingApplicationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: '项目阶段 / stage' }) stage!: string;
}

/**
 * The one JSON shape of every refusal of the API (DomainExceptionFilter): a 4xx or 503 always has
 * statusCode, code and message; the other fields appear when the refusal has them.
 */
export class ErrorBodyDto {
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 400 })
  statusCode!: number;

  @ApiProperty({
    description:
      '机器可读的错误码 / machine-readable code: VALIDATION_FAILED, BAD_REQUEST, UNAUTHENTICATED, FORBIDDEN, ' +
      'PASSWORD_CHANGE_REQUIRED, NOT_FOUND, INVALID_TRANSITION, STALE_VERSION, CONFLICT, DUPLICATE, TOO_MANY_REQUESTS, ' +
      'PAYLOAD_TOO_LARGE, DEPENDENCY_UNAVAILABLE',
    example: 'VALIDATION_FAILED',
  })
  code!: string;

  @ApiProperty({ description: '说明，中文在前、英文在后 / message, Chinese first with English beside' })
  message!: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: '400/409/413：每个有问题的字段与规则 / every field and rule at once' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ type: [String], description: '403：允许执行此操作的角色 / the roles that may do this' })
  allowedRoles?: string[];

  @ApiPropertyOptional({ description: '409 INVALID_TRANSITION：当前阶段 / the current stage' })
  currentStage?: string;

  @ApiPropertyOptional({ type: [BlockingApplicationDto], description: '409：阻碍此操作的申报 / applications in the way' })
  applications?: BlockingApplicationDto[];

  @ApiPropertyOptional({ type: 'integer', description: '409：阻碍此操作的申报总数 / how many are in the way' })
  applicationCount?: number;

  @ApiPropertyOptional({ format: 'date-time', description: '409：在此时刻之前不可操作 / refused before this instant' })
  until?: string;

  @ApiPropertyOptional({ type: 'integer', description: '409 STALE_VERSION：当前版本 / the stored version' })
  currentVersion?: number;

  @ApiPropertyOptional({ enum: ['database', 'temporal'], description: '503：不可用的依赖 / the dependency out of reach' })
  dependency?: 'database' | 'temporal';

  @ApiPropertyOptional({ type: 'integer', description: '429：多少秒后重试（亦见 Retry-After）/ seconds to wait' })
  retryAfterSeconds?: number;
}

/** Name of the shared schema in components.schemas, for new controllers and for the contract test. */
export const ERROR_SCHEMA_NAME = ErrorBodyDto.name;
