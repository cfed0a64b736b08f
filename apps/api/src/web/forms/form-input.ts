import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { flattenValidationErrors, VALIDATION_OPTIONS } from '../../common/validation';
import type { FieldError } from '../../common/errors';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/**
 * Checks what a form posted, shaped as the API's JSON, with the DTO class and the options of the
 * API's ValidationPipe, so that a rule is written once; nested rows are checked too and errors
 * carry the API's paths (`budgetLines.0.amount`).
 */
export async function validateDto<T extends object>(dto: new () => T, input: object): Promise<Checked<T>> {
  const instance = plainToInstance(dto, input);
  const errors = flattenValidationErrors(await validate(instance, VALIDATION_OPTIONS));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: instance };
}

/**
 * The named fields of a posted form: as typed, '' when absent (to show again), and those filled
 * in — a blank optional field is "not given", as it would be absent from the API's JSON. Anything
 * else posted (the CSRF token, a button's name) is left out.
 */
export function postedFields<F extends string>(
  body: unknown,
  fields: readonly F[],
): { typed: Record<F, string>; given: Partial<Record<F, string>> } {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const typed = {} as Record<F, string>;
  const given: Partial<Record<F, string>> = {};
  for (const f of fields) {
    const value = raw[f];
    typed[f] = typeof value === 'string' ? value : '';
    if (typed[f].trim() !== '') given[f] = typed[f];
  }
  return { typed, given };
}

/**
 * A date input's YYYY-MM-DD as the end of that day in China, the moment a deadline on that date
 * expires; anything else as typed, for the DTO to judge.
 */
export function endOfChinaDay(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+08:00` : value;
}
