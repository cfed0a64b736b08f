import { getMetadataStorage } from 'class-validator';
import type { FieldError } from '../../common/errors';

export type DtoClass = new () => object;

/**
 * Field errors as a form shows them: the first problem of each field, keyed as the form names
 * its input (`budget-2-amount`, `rubric-2-weight`, `reason`), and the error summary's list in the
 * order found, each entry naming the element id it links to.
 */
export interface FormErrors {
  byField: Record<string, string>;
  list: { field: string; message: string }[];
}

/**
 * One field error in an area's words: the key the form shows it under, the sentence, and the id
 * the summary links to (the key when absent).
 */
export interface WordedError {
  key: string;
  message: string;
  anchor?: string;
}

/**
 * Field errors, whoever found them (the DTO, a service, a workflow's validator), as the form
 * shows them; `word` is the area's vocabulary (applicant, office, review, public pages).
 */
export function formErrors(errors: readonly FieldError[], word: (error: FieldError) => WordedError): FormErrors {
  const byField: Record<string, string> = {};
  const list: FormErrors['list'] = [];
  for (const error of errors) {
    const worded = word(error);
    if (Object.prototype.hasOwnProperty.call(byField, worded.key)) continue;
    byField[worded.key] = worded.message;
    list.push({ field: worded.anchor ?? worded.key, message: worded.message });
  }
  return { byField, list };
}

/**
 * The constraint a DTO declares for one rule of a property (MinLength(10) → 10), read from
 * class-validator's own metadata so that a message or a hint names the number the rule checks.
 */
export function dtoConstraint(dto: DtoClass | undefined, property: string, rule: string): unknown {
  if (!dto) return undefined;
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .find((m) => m.propertyName === property && m.name === rule);
  return (meta?.constraints as unknown[] | undefined)?.[0];
}

/** A text field's length bounds, for hints such as "at least 10 characters". */
export function fieldBounds(dto: DtoClass, field: string): { min?: unknown; max?: unknown } {
  return { min: dtoConstraint(dto, field, 'minLength'), max: dtoConstraint(dto, field, 'maxLength') };
}
