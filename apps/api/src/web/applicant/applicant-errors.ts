import {
  ConflictError,
  FieldError,
  ForbiddenError,
  InvalidTransitionError,
  StaleVersionError,
  ValidationFailedError,
} from '../../common/errors';
import { RULES, stageLabel } from '../web-errors';
import { pickLanguage, WebLang } from '../web-i18n';
import { APPLICANT_STATUS_KINDS } from './applicant-labels';
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

export interface PageErrors {
  byField: Record<string, string>;
  list: { field: string; message: string }[];
}

export interface Refusal {
  message?: string;
  stage?: string;
}

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
export function pageErrors(
  errors: FieldError[],
  t: Translate,
  lang: WebLang,
  map: (path: string) => string = (p) => p,
  labels: Record<string, string> = {},
): PageErrors {
  const byField: Record<string, string> = {};
  for (const e of errors) {
    const field = map(e.field);
    byField[field] ??= errorMessage({ ...e, field }, t, lang, labels);
  }
  return { byField, list: Object.entries(byField).map(([field, message]) => ({ field, message })) };
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

/** A refusal of the workflow or the service (409 stage, stale version, 403) as the page shows it; undefined for anything else. */
export function refusalOf(e: unknown, lang: WebLang, t: Translate): { status: number; refusal: Refusal } | undefined {
  if (e instanceof InvalidTransitionError) {
    return {
      status: 409,
      refusal: { message: pickLanguage(e.message, lang) ?? t('web.errors.detail.409'), stage: statusLabel(e.currentStage, lang, t) },
    };
  }
  if (e instanceof StaleVersionError) return { status: 409, refusal: { message: t('applicant.refusal.stale', { version: e.actual }) } };
  if (e instanceof ConflictError) return { status: 409, refusal: { message: pickLanguage(e.message, lang) ?? t('web.errors.detail.409') } };
  if (e instanceof ForbiddenError)
    return { status: 403, refusal: { message: pickLanguage(e.message, lang) ?? t('web.errors.detail.403') } };
  return undefined;
}

export type Attempt<T> = { ok: true; value: T } | { ok: false; status: number; errors?: PageErrors; refusal?: Refusal };

/**
 * Runs a decision through its service and turns what the API would answer with 400, 403 or 409
 * into what the page shows beside the form; anything else (404, outages) goes to the error page.
 */
export async function attempt<T>(
  fn: () => Promise<T>,
  t: Translate,
  lang: WebLang,
  map?: (path: string) => string,
  labels?: Record<string, string>,
): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof ValidationFailedError) return { ok: false, status: 400, errors: pageErrors(e.errors, t, lang, map, labels) };
    const refused = refusalOf(e, lang, t);
    if (refused) return { ok: false, ...refused };
    throw e;
  }
}
