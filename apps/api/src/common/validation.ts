import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationFailedError } from './errors';
import type { ValidatorOptions } from 'class-validator';

/**
 * How a DTO judges a request, for the API's pipe and the portal's forms alike: unknown fields are
 * refused so a typo never passes silently, and every rule a field breaks is reported.
 */
export const VALIDATION_OPTIONS: ValidatorOptions = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

/** class-validator's nested errors as field errors named by their path (`budgetLines.2.amount`), every rule of each. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

// NUL cannot be stored in PostgreSQL text and a lone surrogate is not text at all: either would
// pass the DTO's checks and then fail in an activity on every retry, blocking the project.
// eslint-disable-next-line no-control-regex -- NUL is exactly what this pattern looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Fields of a request body that hold null or unstorable text, with their dotted paths. */
export function unstorableFields(value: unknown, path = ''): FieldError[] {
  if (typeof value === 'string') {
    return UNSTORABLE.test(value)
      ? [
          {
            field: path || 'body',
            rule: 'storableText',
            message: `${path || 'body'}: 含有无法保存的字符（如 NUL）/ contains characters that cannot be stored`,
          },
        ]
      : [];
  }
  if (value === null) {
    // An optional field is left out, never sent as null: null would pass @IsOptional() unchecked.
    return path
      ? [
          {
            field: path,
            rule: 'notNull',
            message: `${path}: 不能为 null，不填写请省略该字段 / must not be null; leave the field out instead`,
          },
        ]
      : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => unstorableFields(v, `${path}${path ? '.' : ''}${i}`));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => unstorableFields(v, `${path}${path ? '.' : ''}${k}`));
  }
  return [];
}

class DomainValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const bad = unstorableFields(value);
      if (bad.length > 0) throw new ValidationFailedError(bad);
    }
    return super.transform(value, metadata);
  }
}

/** Validates every body and query with VALIDATION_OPTIONS; what a DTO refuses is a 400 with its fields. */
export function createValidationPipe(): ValidationPipe {
  return new DomainValidationPipe({
    ...VALIDATION_OPTIONS,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(flattenValidationErrors(errors)),
  });
}
