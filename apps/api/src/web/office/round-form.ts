import { RoundKind } from '@generated/prisma/enums';
import { DEFAULT_RUBRIC, DEFAULT_TRANCHE_PLAN, RATINGS, TRANCHE_STAGE_ORDER, TRANCHE_STAGES } from '@workflows/rules';
import { CreateRoundDto, EligibilityDto, RoundView, RubricCriterionDto, TrancheDto } from '../../rounds/rounds.dto';
import { labelText, WebLang } from '../web-i18n';
import { intOrText, many, one } from './office-forms';
import type { AuthUser } from '../../common/auth/auth-user';
import type { FormErrors } from '../forms';

/**
 * The round set-up form (轮次设置) as the page shows it: every value a string as typed, rubric
 * and tranche plan as rows. It turns into the body of POST /api/rounds, which CreateRoundDto and
 * validateRoundConfig then check exactly as for the JSON API.
 */
export interface RubricRow {
  key: string;
  name: string;
  nameEn: string;
  weight: string;
}
export interface TrancheRow {
  stage: string;
  percent: string;
  label: string;
}

export const OPTIONAL_INTS = [
  'expertsPerApplication',
  'passMark',
  'managementCapPercent',
  'matchingFundsPercent',
  'noticeWorkingDays',
  'projectTermMonths',
  'periodicReports',
  'dishonestMonths',
] as const;
const TEXTS = [
  'name',
  'kind',
  'regionCode',
  'categories',
  'budgetPool',
  'projectCeiling',
  'opensAt',
  'closesAt',
  'minYearsRegistered',
  'minRating',
  'issuingBureau',
  'reminderLeadDays',
  'version',
] as const;

export type RoundFormValues = Record<(typeof TEXTS)[number] | (typeof OPTIONAL_INTS)[number], string> & {
  excludeDishonest: boolean;
  rubric: RubricRow[];
  tranchePlan: TrancheRow[];
};

const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** An instant as the `datetime-local` input shows it: China time, to the second. */
export function toChinaLocal(iso: string): string {
  return new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString().slice(0, 19);
}

/** What a `datetime-local` input posts, read as China time; anything else is left for IsDateString to refuse. */
export function fromChinaLocal(local: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?$/.exec(local.trim());
  return m ? `${m[1]}T${m[2]}${m[3] ?? ':00'}+08:00` : local.trim();
}

const blankRubric = (): RubricRow => ({ key: '', name: '', nameEn: '', weight: '' });
const blankTranche = (): TrancheRow => ({ stage: '', percent: '', label: '' });
const filled = (row: object) => Object.values(row).some((v) => String(v).trim() !== '');

/** A new round: the bureau's region, the default rubric and tranche plan of workflows/rules, a window from tomorrow. */
export function newRoundValues(user: AuthUser, now = Date.now()): RoundFormValues {
  const day = 24 * 3600 * 1000;
  const values = Object.fromEntries([...TEXTS, ...OPTIONAL_INTS].map((k) => [k, ''])) as Record<
    (typeof TEXTS)[number] | (typeof OPTIONAL_INTS)[number],
    string
  >;
  return {
    ...values,
    kind: 'VENTURE',
    regionCode: user.regionCode ?? '',
    minYearsRegistered: '0',
    excludeDishonest: true,
    opensAt: `${toChinaLocal(new Date(now + day).toISOString()).slice(0, 10)}T09:00:00`,
    closesAt: `${toChinaLocal(new Date(now + 31 * day).toISOString()).slice(0, 10)}T17:00:00`,
    rubric: DEFAULT_RUBRIC.map((c) => ({ key: c.key, name: c.name, nameEn: c.nameEn ?? '', weight: String(c.weight) })),
    tranchePlan: DEFAULT_TRANCHE_PLAN.map((s) => ({ stage: s.stage, percent: String(s.percent), label: s.label ?? '' })),
  };
}

/** A stored draft, for editing. */
export function roundValues(r: RoundView): RoundFormValues {
  const eligibility = r.eligibility as { minYearsRegistered: number; minRating?: string | null; excludeDishonest: boolean };
  const str = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return {
    name: r.name,
    kind: r.kind,
    regionCode: r.regionCode,
    categories: r.categories.join('\n'),
    budgetPool: r.budgetPool,
    projectCeiling: r.projectCeiling,
    opensAt: toChinaLocal(r.opensAt),
    closesAt: toChinaLocal(r.closesAt),
    minYearsRegistered: str(eligibility.minYearsRegistered),
    minRating: str(eligibility.minRating),
    excludeDishonest: eligibility.excludeDishonest,
    issuingBureau: r.issuingBureau,
    reminderLeadDays: r.reminderLeadDays.join(', '),
    version: String(r.version),
    expertsPerApplication: str(r.expertsPerApplication),
    passMark: str(Number.parseInt(r.passMark, 10)),
    managementCapPercent: str(r.managementCapPercent),
    matchingFundsPercent: str(r.matchingFundsPercent),
    noticeWorkingDays: str(r.noticeWorkingDays),
    projectTermMonths: str(r.projectTermMonths),
    periodicReports: str(r.periodicReports),
    dishonestMonths: str(r.dishonestMonths),
    rubric: (r.rubric as { key: string; name: string; nameEn?: string; weight: number }[]).map((c) => ({
      key: c.key,
      name: c.name,
      nameEn: c.nameEn ?? '',
      weight: String(c.weight),
    })),
    tranchePlan: (r.tranchePlan as { stage: string; percent: number; label?: string }[]).map((s) => ({
      stage: s.stage,
      percent: String(s.percent),
      label: s.label ?? '',
    })),
  };
}

/** The posted form, rows without any value left out (clearing a row removes it without JavaScript). */
export function readRoundForm(body: unknown): RoundFormValues {
  const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values = Object.fromEntries([...TEXTS, ...OPTIONAL_INTS].map((k) => [k, one(body, k)])) as Record<
    (typeof TEXTS)[number] | (typeof OPTIONAL_INTS)[number],
    string
  >;
  const col = (name: string) => many(raw[name]);
  const [keys, names, namesEn, weights] = ['rubricKey', 'rubricName', 'rubricNameEn', 'rubricWeight'].map(col);
  const [stages, percents, labels] = ['trancheStage', 'tranchePercent', 'trancheLabel'].map(col);
  const rubric = keys.map((key, i) => ({ key, name: names[i] ?? '', nameEn: namesEn[i] ?? '', weight: weights[i] ?? '' })).filter(filled);
  const tranchePlan = stages.map((stage, i) => ({ stage, percent: percents[i] ?? '', label: labels[i] ?? '' })).filter(filled);
  return { ...values, excludeDishonest: one(body, 'excludeDishonest') === 'true', rubric, tranchePlan };
}

/** One more empty row, for the no-JavaScript "add a row" button. */
export function withBlankRow(v: RoundFormValues, which: string): RoundFormValues {
  if (which === 'rubric') return { ...v, rubric: [...v.rubric, blankRubric()] };
  if (which === 'tranchePlan') return { ...v, tranchePlan: [...v.tranchePlan, blankTranche()] };
  return v;
}

const optional = (s: string) => (s.trim() === '' ? undefined : s.trim());
const moneyText = (s: string) => s.replace(/[\s,，]/g, '');
const intSum = (xs: string[]) => xs.reduce((acc, x) => acc + (/^\d{1,3}$/.test(x.trim()) ? Number(x.trim()) : 0), 0);

/** The request body of POST /api/rounds (plus `version` when editing), and the sums its messages quote. */
export function roundBody(
  v: RoundFormValues,
  withVersion: boolean,
): { body: Record<string, unknown>; sums: { weights: number; percents: number } } {
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    kind: v.kind,
    regionCode: v.regionCode.trim(),
    categories: v.categories
      .split(/[\n\r,，、;；]+/)
      .map((s) => s.trim())
      .filter(Boolean),
    budgetPool: moneyText(v.budgetPool),
    projectCeiling: moneyText(v.projectCeiling),
    opensAt: fromChinaLocal(v.opensAt),
    closesAt: fromChinaLocal(v.closesAt),
    eligibility: {
      minYearsRegistered: intOrText(v.minYearsRegistered),
      minRating: optional(v.minRating) ?? null,
      excludeDishonest: v.excludeDishonest,
    },
    rubric: v.rubric.map((r) => ({ key: r.key.trim(), name: r.name.trim(), nameEn: optional(r.nameEn), weight: intOrText(r.weight) })),
    tranchePlan: v.tranchePlan.map((s) => ({ stage: s.stage, percent: intOrText(s.percent), label: optional(s.label) })),
    issuingBureau: optional(v.issuingBureau),
    // "3, 1" (or 3，1 or 3 1): each a whole number, else left as typed for the DTO to refuse by name.
    reminderLeadDays: optional(v.reminderLeadDays)
      ?.split(/[\s,，、;；]+/)
      .filter(Boolean)
      .map((d) => intOrText(d)),
  };
  for (const k of OPTIONAL_INTS) body[k] = intOrText(v[k]);
  if (withVersion) body.version = intOrText(v.version);
  return { body, sums: { weights: intSum(v.rubric.map((r) => r.weight)), percents: intSum(v.tranchePlan.map((s) => s.percent)) } };
}

/** Which DTO class declares the bounds of a field path, for messages that quote them. */
export function roundDtoOf(path: string) {
  if (path.startsWith('rubric.')) return RubricCriterionDto;
  if (path.startsWith('tranchePlan.')) return TrancheDto;
  if (path.startsWith('eligibility.')) return EligibilityDto;
  return CreateRoundDto;
}

/** The form's locals: rows with their own errors, and the choices in the page's language. */
export function roundFormView(v: RoundFormValues, errors: FormErrors | undefined, lang: WebLang) {
  const err = (id: string) => errors?.byField[id];
  return {
    form: v,
    errors,
    rubricRows: v.rubric.map((r, i) => ({
      ...r,
      i,
      n: i + 1,
      errors: {
        key: err(`rubric-${i}-key`),
        name: err(`rubric-${i}-name`),
        nameEn: err(`rubric-${i}-nameEn`),
        weight: err(`rubric-${i}-weight`),
      },
    })),
    trancheRows: v.tranchePlan.map((s, i) => ({
      ...s,
      i,
      n: i + 1,
      errors: { stage: err(`tranchePlan-${i}-stage`), percent: err(`tranchePlan-${i}-percent`), label: err(`tranchePlan-${i}-label`) },
      stages: TRANCHE_STAGE_ORDER.map((code) => ({ code, label: labelText(TRANCHE_STAGES[code], lang), selected: code === s.stage })),
    })),
    stageChoices: TRANCHE_STAGE_ORDER.map((code) => ({ code, label: labelText(TRANCHE_STAGES[code], lang) })),
    ratings: RATINGS.map((r) => ({ code: r, selected: r === v.minRating })),
    kinds: Object.values(RoundKind).map((k) => ({ code: k, checked: k === v.kind })),
  };
}
