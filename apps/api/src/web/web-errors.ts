import { HttpException } from '@nestjs/common';
import { PROJECT_STAGE_LABELS, ProjectStage, ROUND_STATUS_LABELS, RoundStatus } from '@workflows/rules';
import { DomainError, FieldError, InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { DtoClass, dtoConstraint, FormErrors, formErrors } from './forms/form-errors';
import { labelText, pickLanguage, WebLang } from './web-i18n';
import type { FormPage } from './forms/form-outcome';
import type { Translate } from './web-context';

/** Rules with their own message in the dictionaries (web.validation.*); any other reads "invalid". */
export const RULES = new Set(['required', 'isNotEmpty', 'isString', 'minLength', 'maxLength', 'isUuid', 'isIn']);
export const TITLED = new Set([400, 403, 404, 409, 429, 500, 503]);

export interface ErrorView {
  status: number;
  title: string;
  detail?: string;
  stage?: string;
  errors?: string[];
}

/** The bound a length rule names (MinLength(10) → { min: 10 }), as the DTO declares it. */
function lengthBound(dto: DtoClass | undefined, field: string, rule: string): Record<string, unknown> {
  if (!dto) return {};
  if (rule === 'minLength') return { min: dtoConstraint(dto, field, rule) };
  if (rule === 'maxLength') return { max: dtoConstraint(dto, field, rule) };
  return {};
}

/** One field error of the public pages (sign-in, objections) in the page's language: which field, what is wrong. */
export function fieldMessage(error: FieldError, t: Translate, dto?: DtoClass): string {
  const field = t(`web.fields.${error.field}`);
  const args: Record<string, unknown> = { field, ...lengthBound(dto, error.field, error.rule) };
  const known =
    RULES.has(error.rule) &&
    (error.rule !== 'minLength' || args.min !== undefined) &&
    (error.rule !== 'maxLength' || args.max !== undefined);
  return t(`web.validation.${known ? error.rule : 'invalid'}`, args);
}

/** Field errors of the public pages' forms, keyed by the DTO's field names. */
export function webErrors(errors: FieldError[], t: Translate, dto?: DtoClass): FormErrors {
  return formErrors(errors, (e) => ({ key: e.field, message: fieldMessage(e, t, dto) }));
}

/** A public page's form (web.fields, web.validation): field bounds from `dto`. */
export function webForm(lang: WebLang, t: Translate, dto?: DtoClass): FormPage {
  return { lang, t, errors: (found) => webErrors(found, t, dto) };
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
    return { ...view(400, t('web.errors.detail.400')), errors: webErrors(error.errors, t).list.map((e) => e.message) };
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
