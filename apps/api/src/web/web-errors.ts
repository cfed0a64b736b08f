import { HttpException } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { PROJECT_STAGE_LABELS, ProjectStage, ROUND_STATUS_LABELS, RoundStatus } from '../../../../workflows/rules';
import { DomainError, FieldError, InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { labelText, pickLanguage, WebLang } from './web-i18n';
import type { Translate } from './web-context';

/** Rules with their own message in the dictionaries (web.validation.*); any other reads "invalid". */
export const RULES = new Set(['required', 'isNotEmpty', 'isString', 'minLength', 'maxLength', 'isUuid', 'isIn']);
export const TITLED = new Set([400, 403, 404, 409, 500, 503]);

export type DtoClass = new () => object;

export interface ErrorView {
  status: number;
  title: string;
  detail?: string;
  stage?: string;
  errors?: string[];
}

/**
 * The bounds a DTO declares for a field (MinLength(10) → { min: 10 }), read from class-validator's
 * own metadata so that a message names the same number the rule checks.
 */
function ruleArgs(dto: DtoClass | undefined, field: string, rule: string): Record<string, unknown> {
  if (!dto) return {};
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .find((m) => m.propertyName === field && m.name === rule);
  const [first] = (meta?.constraints ?? []) as unknown[];
  if (rule === 'minLength') return { min: first };
  if (rule === 'maxLength') return { max: first };
  return {};
}

/** A field's length bounds, for hints such as "at least 10 characters". */
export function fieldBounds(dto: DtoClass, field: string): { min?: unknown; max?: unknown } {
  return { ...ruleArgs(dto, field, 'minLength'), ...ruleArgs(dto, field, 'maxLength') };
}

/** One field error in the page's language: which field, what is wrong. */
export function fieldMessage(error: FieldError, t: Translate, dto?: DtoClass): string {
  const field = t(`web.fields.${error.field}`);
  const args: Record<string, unknown> = { field, ...ruleArgs(dto, error.field, error.rule) };
  const known =
    RULES.has(error.rule) &&
    (error.rule !== 'minLength' || args.min !== undefined) &&
    (error.rule !== 'maxLength' || args.max !== undefined);
  return t(`web.validation.${known ? error.rule : 'invalid'}`, args);
}

/** Field → message (first problem of each field) and the ordered list for the error summary. */
export function formErrors(errors: FieldError[], t: Translate, dto?: DtoClass) {
  const byField: Record<string, string> = {};
  for (const e of errors) byField[e.field] ??= fieldMessage(e, t, dto);
  return { byField, list: Object.entries(byField).map(([field, message]) => ({ field, message })) };
}

export function stageLabel(stage: string, lang: WebLang): string {
  const label = PROJECT_STAGE_LABELS[stage as ProjectStage] ?? ROUND_STATUS_LABELS[stage as RoundStatus];
  return labelText(label, lang) ?? stage;
}

function httpCode(error: HttpException): string | undefined {
  const body = error.getResponse();
  return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string'
    ? (body as { code: string }).code
    : undefined;
}

/**
 * What an error page says, in the page's language. Never the exception's internals: unknown
 * errors become a plain "something went wrong" (the filter logs them).
 */
export function describeError(error: unknown, lang: WebLang, t: Translate): ErrorView {
  const view = (status: number, detail?: string): ErrorView => ({
    status,
    title: t(`web.errors.title.${TITLED.has(status) ? status : 500}`),
    detail,
  });
  if (error instanceof ValidationFailedError)
    return { ...view(400, t('web.errors.detail.400')), errors: formErrors(error.errors, t).list.map((e) => e.message) };
  if (error instanceof InvalidTransitionError)
    return { ...view(409, pickLanguage(error.message, lang) ?? t('web.errors.detail.409')), stage: stageLabel(error.currentStage, lang) };
  if (error instanceof NotFoundError) return view(404, t('web.errors.detail.404'));
  if (error instanceof DomainError)
    return view(
      error.status,
      pickLanguage(error.message, lang) ?? (TITLED.has(error.status) ? t(`web.errors.detail.${error.status}`) : undefined),
    );
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = httpCode(error);
    if (code === 'CSRF') return view(403, t('web.errors.detail.csrf'));
    if (status === 403) return view(403, t('web.errors.detail.403'));
    if (status === 404) return view(404, t('web.errors.detail.404'));
    if (status < 500) return view(status, TITLED.has(status) ? t(`web.errors.detail.${status}`) : undefined);
  }
  return view(500, t('web.errors.detail.500'));
}
