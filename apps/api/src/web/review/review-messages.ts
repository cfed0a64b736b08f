import { FormErrors, formErrors, FormPage } from '../forms';
import { RULES } from '../web-errors';
import { criterionMax, criterionName } from './review-labels';
import type { FieldError } from '../../common/errors';
import type { Translate } from '../web-context';
import type { WebLang } from '../web-i18n';
import type { RubricCriterion } from '@workflows/rules';

/** Rules the review forms explain in their own words (review.validation.*); the generic ones come from web.validation. */
const OWN_RULES = new Set([
  'inFuture',
  'isDateString',
  'number',
  'min',
  'max',
  'decimals',
  'unknownCriterion',
  'arrayMinSize',
  'sameApplication',
]);

export interface ReviewWording {
  /** The form's element ids: `<idPrefix><field>` (a criterion's score is `score-<key>`). */
  idPrefix: string;
  rubric?: ReadonlyArray<RubricCriterion>;
  lang?: WebLang;
  bounds?: Record<string, { min?: unknown; max?: unknown }>;
}

/**
 * Field errors of a review form, whoever found them — the API's DTO, the service or the
 * workflow's validator — in the page's language: the field's caption from review.fields.*, or a
 * criterion's name for `scores.<key>`; never the rule's own Chinese message.
 */
export function reviewErrors(errors: FieldError[], t: Translate, opts: ReviewWording): FormErrors {
  return formErrors(errors, (e) => {
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
    return { key: e.field, message, anchor: criterion ? `score-${criterion.key}` : `${opts.idPrefix}${e.field}` };
  });
}

/** A review form (review.fields, review.validation); a page with no form passes no wording and shows any field error in the refusal box. */
export function reviewForm(lang: WebLang, t: Translate, wording: Omit<ReviewWording, 'lang'> = { idPrefix: '' }): FormPage {
  return { lang, t, errors: (found) => reviewErrors(found, t, { ...wording, lang }) };
}
