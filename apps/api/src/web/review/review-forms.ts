import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FieldError, ForbiddenError, InvalidTransitionError } from '../../common/errors';
import { RULES, stageLabel } from '../web-errors';
import { pickLanguage, WebLang } from '../web-i18n';
import { criterionMax, criterionName } from './review-labels';
import type { RubricCriterion } from '../../../../../workflows/rules';
import type { Translate } from '../web-context';

/** Rules the review forms explain in their own words (review.validation.*); the generic ones come from web.validation. */
const OWN_RULES = new Set(['inFuture', 'isDateString', 'number', 'min', 'max', 'decimals', 'unknownCriterion']);

export interface FormErrors {
  byField: Record<string, string>;
  /** For the error summary: the element id each message links to. */
  list: { field: string; message: string }[];
}

/**
 * Field errors of a review form, whoever found them — the API's DTO, the service or the
 * workflow's validator — in the page's language: the field's caption from review.fields.*, or a
 * criterion's name for `scores.<key>`; never the rule's own Chinese message.
 */
export function reviewErrors(
  errors: FieldError[],
  t: Translate,
  opts: {
    idPrefix: string;
    rubric?: ReadonlyArray<RubricCriterion>;
    lang?: WebLang;
    bounds?: Record<string, { min?: unknown; max?: unknown }>;
  },
): FormErrors {
  const byField: Record<string, string> = {};
  const list: FormErrors['list'] = [];
  for (const e of errors) {
    if (byField[e.field]) continue;
    const criterion = e.field.startsWith('scores.') ? opts.rubric?.find((c) => `scores.${c.key}` === e.field) : undefined;
    const field = criterion ? criterionName(criterion, opts.lang ?? 'zh-CN').plainName : t(`review.fields.${e.field.split('.')[0]}`);
    const args: Record<string, unknown> = {
      field,
      ...(opts.bounds?.[e.field] ?? {}),
      ...(criterion ? { max: criterionMax(criterion) } : {}),
    };
    const generic =
      RULES.has(e.rule) && (e.rule !== 'minLength' || args.min !== undefined) && (e.rule !== 'maxLength' || args.max !== undefined);
    const message = OWN_RULES.has(e.rule)
      ? t(`review.validation.${e.rule}`, args)
      : t(`web.validation.${generic ? e.rule : 'invalid'}`, args);
    byField[e.field] = message;
    list.push({ field: criterion ? `score-${criterion.key}` : `${opts.idPrefix}${e.field}`, message });
  }
  return { byField, list };
}

/** The options of a decision's radio group, labelled (and explained) from review.<group>.<value>[hint]. */
export function choices(t: Translate, group: string, values: readonly string[], hints = false) {
  return values.map((value) => ({
    value,
    label: t(`review.${group}.${value}`),
    hint: hints ? t(`review.${group}.${value}hint`) : undefined,
  }));
}

export interface Refusal {
  status: number;
  message?: string;
  stage?: string;
}

/**
 * A decision the workflow or the service refused for the stage (409) or the person (403), as a
 * readable message for the page; anything else is not a refusal and is thrown on to the error page.
 */
export function refusalOf(e: unknown, lang: WebLang, t: Translate): Refusal | undefined {
  if (e instanceof InvalidTransitionError) {
    return { status: 409, message: pickLanguage(e.message, lang) ?? t('web.errors.detail.409'), stage: stageLabel(e.currentStage, lang) };
  }
  if (e instanceof ForbiddenError) return { status: 403, message: pickLanguage(e.message, lang) ?? t('web.errors.detail.403') };
  return undefined;
}

/** A date input's YYYY-MM-DD as the end of that day in China, the moment a deadline on that date expires. */
export function endOfChinaDay(value: unknown): unknown {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+08:00` : value;
}

export type RubricForm = {
  scores: Record<string, number>;
  comments: Record<string, string>;
  typed: { scores: Record<string, string>; comments: Record<string, string> };
};

const NUMBER = /^\d{1,6}(\.\d{1,6})?$/;

/**
 * The rubric part of a posted form (`scores[key]`, `comments[key]`) as the API's JSON would carry
 * it. Only the rubric's keys are read; what is not a plain number is passed on as typed, so the
 * scoring rule itself (rules/scoring.ts, in the workflow's validator) names what is wrong.
 */
export function readRubric(rubric: ReadonlyArray<RubricCriterion>, body: unknown): RubricForm {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as { scores?: unknown; comments?: unknown };
  const pick = (o: unknown, key: string) => {
    const v =
      typeof o === 'object' && o !== null && Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
    return typeof v === 'string' ? v.trim() : '';
  };
  const form: RubricForm = { scores: {}, comments: {}, typed: { scores: {}, comments: {} } };
  for (const c of rubric) {
    const score = pick(raw.scores, c.key);
    const comment = pick(raw.comments, c.key);
    form.typed.scores[c.key] = score;
    form.typed.comments[c.key] = comment;
    if (score !== '') form.scores[c.key] = (NUMBER.test(score) ? Number(score) : score) as number;
    if (comment !== '') form.comments[c.key] = comment;
  }
  return form;
}

/**
 * The named fields of a posted form: what was typed (to show again), and the fields that were
 * filled in — a blank optional field is "not given", as it would be absent from the API's JSON.
 */
export function postedFields(body: unknown, fields: readonly string[]): { typed: Record<string, string>; given: Record<string, string> } {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const typed: Record<string, string> = {};
  const given: Record<string, string> = {};
  for (const f of fields) {
    typed[f] = typeof raw[f] === 'string' ? raw[f] : '';
    if (typed[f].trim() !== '') given[f] = typed[f];
  }
  return { typed, given };
}

/** Validates a plain object with the API's DTO class (nested objects, unlike validateForm's flat strings). */
export async function validateDto<T extends object>(
  dto: new () => T,
  value: Record<string, unknown>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldError[] }> {
  const instance = plainToInstance(dto, value);
  const found = await validate(instance, { whitelist: true, forbidUnknownValues: true, stopAtFirstError: true });
  const errors = found.flatMap((e) => Object.entries(e.constraints ?? {}).map(([rule, message]) => ({ field: e.property, rule, message })));
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: instance };
}
