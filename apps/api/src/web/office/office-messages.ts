import { DtoClass, dtoConstraint, FormErrors, formErrors, FormPage } from '../forms';
import type { FieldError } from '../../common/errors';
import type { Translate } from '../web-context';
import type { WebLang } from '../web-i18n';

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
  'reminderLeadDays',
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
  return formErrors(errors, (e) => {
    const { path, row, id } = splitField(e.field);
    const known = (OFFICE_FIELDS as readonly string[]).includes(path);
    const property = path.split('.').pop() ?? path;
    const field = known ? t(`office.fields.${path.replace(/\./g, '_')}`) : t('office.fields.unknown');
    const limit = dtoConstraint(dtoOf(path), property, e.rule);
    const sentence = t(`office.rules.${KNOWN.has(e.rule) ? e.rule : 'invalid'}`, { field, min: limit, max: limit, ...args });
    return { key: id, message: row === undefined ? sentence : t('office.form.rowMessage', { row: row + 1, message: sentence }) };
  });
}

/**
 * An office form (office.fields, office.rules): `dtoOf` names the DTO class that declares a
 * path's bounds, `args` adds numbers the rules compute (the current sum of weights). Pages with no
 * form pass neither, and show what the workflow refused in the refusal box (refusalBox).
 */
export function officeForm(
  lang: WebLang,
  t: Translate,
  dtoOf: (path: string) => DtoClass | undefined = () => undefined,
  args: Record<string, unknown> = {},
): FormPage {
  return { lang, t, errors: (found) => officeErrors(found, t, dtoOf, args), wording: { stale: () => t('office.refusal.stale') } };
}
