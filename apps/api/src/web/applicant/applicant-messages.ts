import { FormErrors, formErrors, FormPage } from '../forms';
import { RULES, stageLabel } from '../web-errors';
import { pickLanguage, WebLang } from '../web-i18n';
import { APPLICANT_STATUS_KINDS } from './applicant-labels';
import type { FieldError } from '../../common/errors';
import type { Translate } from '../web-context';

/** Field names of the applicant's forms with a label in applicant.fields (the spec checks both dictionaries). */
export const FIELD_NAMES = [
  'name',
  'creditCode',
  'regionCode',
  'registeredAt',
  'rating',
  'contactName',
  'contactPhone',
  'contactEmail',
  'address',
  'version',
  'roundId',
  'organizationId',
  'title',
  'category',
  'summary',
  'beneficiaries',
  'requestedAmount',
  'matchingFunds',
  'budgetLines',
  'indicators',
  'milestones',
  'type',
  'description',
  'amount',
  'unit',
  'target',
  'dueOn',
  'deliverable',
  'file',
  'kind',
  'narrative',
  'spending',
  'planned',
  'achieved',
  'spent',
  'budgeted',
  'attachmentIds',
  'newEndsAt',
  'reason',
  'scores',
  'comments',
] as const;

/** Row groups of the forms (`budget-0-amount`), each with a row caption in applicant.rows. */
export const ROW_GROUPS = ['budget', 'indicator', 'milestone', 'rind', 'spend', 'cbudget'] as const;

/** Rules with a message of their own in applicant.validation; the spec checks both dictionaries. */
export const OWN_RULES = [
  'isInt',
  'min',
  'max',
  'isDateString',
  'arrayMinSize',
  'arrayMaxSize',
  'isEmail',
  'matches',
  'isMoney',
  'isPositiveMoney',
  'isCreditCode',
  'isRegionCode',
  'openRound',
  'roundCategory',
  'maxSize',
  'fileType',
  'maxCount',
  'maxTotalSize',
  'projectEvidence',
  'number',
  'decimals',
  'totalUnchanged',
  'later',
  'maxExtension',
  'instant',
  'money',
  'type',
  'inFuture',
  'whitelistValidation',
  'duplicate',
  'unreadable',
] as const;

const CJK = /[\u3400-\u9fff]/;
// Rules whose Chinese message speaks of the API's shapes ("字符串") rather than the field: the dictionary says it better.
const GENERIC = new Set(['isMoney', 'isPositiveMoney', 'matches']);

/** "预算第 2 行：金额" for a row field, the field's own label otherwise. */
export function fieldLabel(key: string, t: Translate, labels: Record<string, string> = {}): string {
  if (labels[key]) return labels[key];
  const row = /^([a-z]+)-(\d+)(?:-(\w+))?$/.exec(key);
  if (row && (ROW_GROUPS as readonly string[]).includes(row[1])) {
    const caption = t(`applicant.rows.${row[1]}`, { n: Number(row[2]) + 1 });
    return row[3] ? t('applicant.rows.field', { row: caption, field: fieldLabel(row[3], t, labels) }) : caption;
  }
  return (FIELD_NAMES as readonly string[]).includes(key) ? t(`applicant.fields.${key}`) : t('applicant.fields.other');
}

/**
 * One error in the page's language. The shared rules speak Chinese with the exact figures (a
 * credit code's expected check character, a score's maximum), so a Chinese page quotes them;
 * an English page gets the dictionary's sentence for the rule.
 */
export function errorMessage(e: FieldError, t: Translate, lang: WebLang, labels: Record<string, string> = {}): string {
  const field = fieldLabel(e.field, t, labels);
  const own = pickLanguage(e.message.replace(/^[\w.[\]-]+:\s*/, ''), lang);
  if (lang === 'zh-CN' && own && CJK.test(own) && !GENERIC.has(e.rule)) return own;
  const bound = /(\d+)/.exec(e.message)?.[1];
  const args = { field, min: bound, max: bound };
  if ((OWN_RULES as readonly string[]).includes(e.rule)) return t(`applicant.validation.${e.rule}`, args);
  if (RULES.has(e.rule) && (!['minLength', 'maxLength'].includes(e.rule) || bound)) return t(`web.validation.${e.rule}`, args);
  return t('web.validation.invalid', args);
}

/** Errors keyed by the form's field names (map: API path → form name), first problem of each field. */
export function applicantErrors(
  errors: FieldError[],
  t: Translate,
  lang: WebLang,
  map: (path: string) => string = (p) => p,
  labels: Record<string, string> = {},
): FormErrors {
  return formErrors(errors, (e) => {
    const key = map(e.field);
    return { key, message: errorMessage({ ...e, field: key }, t, lang, labels) };
  });
}

/** A status the refusal names: a project stage or round status from the rules, else a report/tranche/change status. */
function statusLabel(status: string, lang: WebLang, t: Translate): string {
  const label = stageLabel(status, lang);
  if (label !== status) return label;
  for (const kind of APPLICANT_STATUS_KINDS) {
    if (kind.values.includes(status)) return t(`applicant.${kind.key}.${status}`);
  }
  return status;
}

/**
 * An applicant's form: errors in applicant.fields and applicant.validation, placed by `map` on the
 * form's own field names; a refusal names report statuses too, and a stale write keeps what was typed.
 */
export function applicantForm(lang: WebLang, t: Translate, map?: (path: string) => string, labels?: Record<string, string>): FormPage {
  return {
    lang,
    t,
    errors: (found) => applicantErrors(found, t, lang, map, labels),
    wording: { stage: (code) => statusLabel(code, lang, t), stale: (e) => t('applicant.refusal.stale', { version: e.actual }) },
  };
}
