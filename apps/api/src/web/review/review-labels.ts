import {
  BUDGET_LINE_TYPES,
  GRADE_LABELS,
  Label,
  PROJECT_STAGE_LABELS,
  RATING_LABELS,
  REPORT_KINDS,
  RubricCriterion,
  TRANCHE_STAGES,
  TRANCHE_STATUS_LABELS,
  UNRATED_LABEL,
} from '@workflows/rules';
import { labelText, WebLang } from '../web-i18n';

/**
 * Domain labels the review pages show, by kind, read from workflows/rules where each is written
 * once; the controllers label their view models so templates stay free of lookups.
 */
const KINDS: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  budgetLine: BUDGET_LINE_TYPES,
  reportKind: REPORT_KINDS,
  trancheStatus: TRANCHE_STATUS_LABELS,
  trancheStage: TRANCHE_STAGES,
  grade: GRADE_LABELS,
  projectStage: PROJECT_STAGE_LABELS,
  rating: RATING_LABELS,
};

export type LabelKind = 'budgetLine' | 'reportKind' | 'trancheStatus' | 'trancheStage' | 'grade' | 'projectStage' | 'rating';

export function domainLabel(kind: LabelKind, value: string | null | undefined, lang: WebLang): string {
  if (value == null) return kind === 'rating' ? (labelText(UNRATED_LABEL, lang) ?? '') : '';
  return labelText(KINDS[kind][value], lang) ?? value;
}

export interface CriterionView {
  key: string;
  /** The criterion's name in the page language, or in Chinese (with nameLang) when the round gave no English name. */
  name: string;
  nameLang?: string;
  /** For sentences such as error messages: never Chinese on an English page. */
  plainName: string;
  max: number;
  weight: number;
  value: string;
  comment: string;
  error?: string;
}

/** The highest score a criterion takes: its own scale when it has one, else its weight (rules/scoring.ts). */
export function criterionMax(c: RubricCriterion): number {
  return c.maxScore ?? c.weight;
}

export function criterionName(c: RubricCriterion, lang: WebLang): { name: string; nameLang?: string; plainName: string } {
  if (lang === 'zh-CN') return { name: c.name, plainName: c.name };
  if (c.nameEn) return { name: c.nameEn, plainName: c.nameEn };
  return { name: c.name, nameLang: 'zh-CN', plainName: c.key };
}

/** A rubric as the form shows it, with what was typed and each criterion's error. */
export function rubricView(
  rubric: ReadonlyArray<RubricCriterion>,
  lang: WebLang,
  typed: { scores?: Record<string, string>; comments?: Record<string, string> } = {},
  errors: Record<string, string> = {},
): CriterionView[] {
  return rubric.map((c) => ({
    key: c.key,
    ...criterionName(c, lang),
    max: criterionMax(c),
    weight: c.weight,
    value: typed.scores?.[c.key] ?? '',
    comment: typed.comments?.[c.key] ?? '',
    error: errors[`scores.${c.key}`],
  }));
}

/** Filed scores beside their criteria, for read-only display. */
export function scoredView(rubric: ReadonlyArray<RubricCriterion>, lang: WebLang, scores: unknown, comments: unknown) {
  const s = (scores ?? {}) as Record<string, unknown>;
  const c = (comments ?? {}) as Record<string, unknown>;
  return rubric.map((r) => ({
    ...criterionName(r, lang),
    max: criterionMax(r),
    score: s[r.key] == null ? '' : String(s[r.key]),
    comment: typeof c[r.key] === 'string' ? c[r.key] : '',
  }));
}
