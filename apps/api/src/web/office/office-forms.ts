import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import type { FieldError } from '../../common/errors';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

// Nested errors named by their path (rubric.2.weight), as the JSON API's ValidationPipe names them.
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    return [
      ...Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field, rule, message })),
      ...flatten(e.children ?? [], field),
    ];
  });
}

/**
 * Checks an object built from a posted form against the DTO class the JSON API validates the
 * same request with — nested rows and arrays included, which web-forms' validateForm (flat
 * strings) does not cover — with the API pipe's options, so a rule is written once.
 */
export async function validateObject<T extends object>(dto: new () => T, plain: Record<string, unknown>): Promise<Checked<T>> {
  const instance = plainToInstance(dto, plain);
  const errors = flatten(await validate(instance, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: instance };
}

/** A posted field that may repeat (checkboxes, table rows): always a list of strings. */
export function many(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.map((v) => (typeof v === 'string' ? v : ''));
  return typeof raw === 'string' ? [raw] : [];
}

export function one(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** A whole number as typed, or the text itself so that the DTO's IsInt names the field; blank → undefined. */
export function intOrText(raw: string): number | string | undefined {
  const v = raw.trim();
  if (v === '') return undefined;
  return /^-?\d{1,9}$/.test(v) ? Number(v) : v;
}
