import { getMetadataStorage } from 'class-validator';
import {
  DomainError,
  FieldError,
  ForbiddenError,
  InvalidTransitionError,
  StaleVersionError,
  ValidationFailedError,
} from '../../common/errors';
import { stageLabel } from '../web-errors';
import { pickLanguage, WebLang } from '../web-i18n';
import type { Translate } from '../web-context';

type DtoClass = new () => object;

/**
 * Rules with their own sentence in office.rules.*: class-validator's names for the DTOs of the
 * office forms, and the rule names workflows/rules and the workflows' validators give their
 * field errors. Any other rule reads office.rules.invalid ("… is not valid").
 */
export const OFFICE_RULES = [
  'required',
  'isNotEmpty',
  'isString',
  'minLength',
  'maxLength',
  'min',
  'max',
  'isInt',
  'isIn',
  'isUuid',
  'isDateString',
  'isRegionCode',
  'isMoney',
  'money',
  'positive',
  'ceilingWithinPool',
  'arrayMinSize',
  'arrayMaxSize',
  'isArray',
  'matches',
  'key',
  'name',
  'weight',
  'uniqueKeys',
  'weightsSum100',
  'stage',
  'percent',
  'label',
  'uniqueStages',
  'stageOrder',
  'percentsSum100',
  'date',
  'windowOrder',
  'range',
  'rating',
  'type',
  'isBoolean',
  'inFuture',
  'activeExperts',
  'notAboveRequested',
  'activeEvaluator',
  'invalid',
] as const;
const KNOWN = new Set<string>(OFFICE_RULES);

/** Field paths as the office forms name them, e.g. `rubric.weight` for every row's weight (dictionary key office.fields.rubric_weight). */
export const OFFICE_FIELDS = [
  'name',
  'kind',
  'regionCode',
  'categories',
  'budgetPool',
  'projectCeiling',
  'opensAt',
  'closesAt',
  'eligibility',
  'eligibility.minYearsRegistered',
  'eligibility.minRating',
  'eligibility.excludeDishonest',
  'rubric',
  'rubric.key',
  'rubric.name',
  'rubric.nameEn',
  'rubric.weight',
  'tranchePlan',
  'tranchePlan.stage',
  'tranchePlan.percent',
  'tranchePlan.label',
  'expertsPerApplication',
  'passMark',
  'managementCapPercent',
  'matchingFundsPercent',
  'noticeWorkingDays',
  'projectTermMonths',
  'periodicReports',
  'dishonestMonths',
  'issuingBureau',
  'version',
  'expertIds',
  'applicationId',
  'amount',
  'reason',
  'evaluatorId',
] as const;

/** `rubric[2].weight` (workflows/rules) and `rubric.2.weight` (class-validator) → path `rubric.weight`, row 2. */
export function splitField(field: string): { path: string; row?: number; id: string } {
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .filter(Boolean);
  const index = parts.find((p) => /^\d+$/.test(p));
  return {
    path: parts.filter((p) => !/^\d+$/.test(p)).join('.'),
    row: index === undefined ? undefined : Number(index),
    id: parts.join('-'),
  };
}

/** The constraint a DTO declares for a field (Min(1) → 1), so that a message names the number the rule checks. */
function bound(dto: DtoClass | undefined, property: string, rule: string): unknown {
  if (!dto) return undefined;
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(dto, '', true, false)
    .find((m) => m.propertyName === property && m.name === rule);
  return (meta?.constraints as unknown[] | undefined)?.[0];
}

export interface FormErrors {
  byField: Record<string, string>;
  list: { field: string; message: string }[];
}

/**
 * Field errors of an office form in the page's language, keyed by the input's id suffix
 * (`rubric-2-weight`), first problem of each field only. `dtoOf` names the DTO class that
 * declares a path's bounds; `args` adds numbers the rules compute (the current sum of weights).
 */
export function officeErrors(
  errors: FieldError[],
  t: Translate,
  dtoOf: (path: string) => DtoClass | undefined,
  args: Record<string, unknown> = {},
): FormErrors {
  const byField: Record<string, string> = {};
  for (const e of errors) {
    const { path, row, id } = splitField(e.field);
    if (byField[id]) continue;
    const known = (OFFICE_FIELDS as readonly string[]).includes(path);
    const property = path.split('.').pop() ?? path;
    const field = known ? t(`office.fields.${path.replace(/\./g, '_')}`) : t('office.fields.unknown');
    const limit = bound(dtoOf(path), property, e.rule);
    const sentence = t(`office.rules.${KNOWN.has(e.rule) ? e.rule : 'invalid'}`, { field, min: limit, max: limit, ...args });
    byField[id] = row === undefined ? sentence : t('office.form.rowMessage', { row: row + 1, message: sentence });
  }
  return { byField, list: Object.entries(byField).map(([field, message]) => ({ field, message })) };
}

export interface Refusal {
  status: number;
  message?: string;
  stage?: string;
  errors?: string[];
}

/**
 * A decision the workflow or the service refused, as a box on the page the decision was made
 * from: 409 with the current stage, 403 with the workflow's reason, 400 with its field errors.
 * Anything else (404, an outage, a bug) is not a refusal and goes to the error page.
 */
export function refusalOf(e: unknown, lang: WebLang, t: Translate): Refusal | undefined {
  if (e instanceof StaleVersionError) return { status: 409, message: t('office.refusal.stale') };
  if (e instanceof InvalidTransitionError)
    return { status: 409, message: pickLanguage(e.message, lang) ?? t('web.errors.detail.409'), stage: stageLabel(e.currentStage, lang) };
  if (e instanceof ForbiddenError) return { status: 403, message: pickLanguage(e.message, lang) ?? t('web.errors.detail.403') };
  if (e instanceof ValidationFailedError)
    return { status: 400, errors: officeErrors(e.errors, t, () => undefined).list.map((x) => x.message) };
  if (e instanceof DomainError && e.status === 409)
    return { status: 409, message: pickLanguage(e.message, lang) ?? t('web.errors.detail.409') };
  return undefined;
}
