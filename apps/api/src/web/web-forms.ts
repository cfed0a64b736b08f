import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FieldError } from '../common/errors';

export type FormResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[]; values: Record<string, string> };

function flatten(errors: ValidationError[]): FieldError[] {
  return errors.flatMap((e) => Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field: e.property, rule, message })));
}

/**
 * Checks a posted form against the same DTO class the JSON API validates with, so a rule is
 * written once. Only the named fields are taken (the CSRF token and anything else is left out);
 * what the visitor typed comes back for the form to show again.
 */
export async function validateForm<T extends object>(
  dto: new () => T,
  body: unknown,
  fields: readonly (keyof T & string)[],
): Promise<FormResult<T>> {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values: Record<string, string> = {};
  for (const f of fields) values[f] = typeof raw[f] === 'string' ? raw[f] : '';
  const instance = plainToInstance(dto, values);
  const errors = flatten(await validate(instance, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true }));
  return errors.length > 0 ? { ok: false, errors, values } : { ok: true, value: instance };
}
