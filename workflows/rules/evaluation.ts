/**
 * Evaluations (评估): the third-party mid-term and final assessments of the organization, and the
 * two-way evaluation (双向评估) at the end of the term, in which the bureau rates the organization
 * against the entrusted items and the organization rates the bureau. Each is a weighted rubric
 * scored like an expert review; the total maps to a grade (优秀/良好/合格/不合格).
 */
import { Decimal } from 'decimal.js';
import { totalScore } from './scoring';
import type { RubricCriterion } from './round-rules';
import type { ScoreError } from './scoring';
import type { Label } from './stages';

export type Grade = 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';

export const GRADE_LABELS: Readonly<Record<Grade, Label>> = {
  EXCELLENT: { zh: '优秀', en: 'excellent' },
  GOOD: { zh: '良好', en: 'good' },
  PASS: { zh: '合格', en: 'pass' },
  FAIL: { zh: '不合格', en: 'fail' },
};

/** Lowest total of each grade, best first; anything below the last is FAIL. */
export const GRADE_MIN_SCORES: ReadonlyArray<Readonly<{ grade: Exclude<Grade, 'FAIL'>; min: number }>> = [
  { grade: 'EXCELLENT', min: 90 },
  { grade: 'GOOD', min: 80 },
  { grade: 'PASS', min: 60 },
];

/** The evaluations of a project's term; each is filed on its own rubric (EVALUATION_RUBRICS). */
export type EvaluationKind = 'MIDTERM' | 'FINAL_THIRD_PARTY' | 'GOV_ON_ORG' | 'ORG_ON_GOV';

/** Each kind as documents name it (评估报告, 结项证书). */
export const EVALUATION_KIND_LABELS: Readonly<Record<EvaluationKind, Label>> = {
  MIDTERM: { zh: '中期评估', en: 'mid-term evaluation' },
  FINAL_THIRD_PARTY: { zh: '第三方结项评估', en: 'final third-party evaluation' },
  GOV_ON_ORG: { zh: '政府方对承接方评价', en: "the bureau's evaluation of the organization" },
  ORG_ON_GOV: { zh: '承接方对政府方评价', en: "the organization's evaluation of the bureau" },
};

export const EVALUATION_KINDS = Object.keys(EVALUATION_KIND_LABELS) as readonly EvaluationKind[];

/** The two-way evaluation (双向评估): each side sees the other's once both have filed. */
export const TWO_WAY_EVALUATION_KINDS: readonly EvaluationKind[] = ['GOV_ON_ORG', 'ORG_ON_GOV'];

/** The evaluations that close the term: the third party's and both sides of the two-way evaluation. */
export const FINAL_EVALUATION_KINDS: readonly EvaluationKind[] = ['FINAL_THIRD_PARTY', ...TWO_WAY_EVALUATION_KINDS];

export type EvaluationScoreResult = { ok: true; total: string; grade: Grade } | { ok: false; errors: ScoreError[] };

/** Third-party assessment of the organization at mid-term (中期评估). */
export const MIDTERM_RUBRIC: ReadonlyArray<Readonly<RubricCriterion>> = [
  { key: 'completion', name: '委托事项完成情况', nameEn: 'Completion of entrusted items', weight: 40 },
  { key: 'quality', name: '服务质量', nameEn: 'Service quality', weight: 25 },
  { key: 'satisfaction', name: '服务对象满意度', nameEn: 'Beneficiary satisfaction', weight: 20 },
  { key: 'finance', name: '财务合规', nameEn: 'Financial compliance', weight: 15 },
];

/** Third-party assessment of the organization at the end of the term (结项评估); same criteria. */
export const FINAL_RUBRIC: ReadonlyArray<Readonly<RubricCriterion>> = MIDTERM_RUBRIC.map((c) => ({ ...c }));

/** The organization rates the bureau (承接方对政府方评价). */
export const GOVERNMENT_SIDE_RUBRIC: ReadonlyArray<Readonly<RubricCriterion>> = [
  { key: 'timelyPayment', name: '资金拨付及时性', nameEn: 'Timely payment', weight: 40 },
  { key: 'support', name: '支持与指导', nameEn: 'Support and guidance', weight: 30 },
  { key: 'noExtraTasks', name: '未摊派协议外事项', nameEn: 'No tasks outside the agreement', weight: 30 },
];

/** The bureau rates the organization against the entrusted items (政府方对承接方评价). */
export const ORGANIZATION_SIDE_RUBRIC: ReadonlyArray<Readonly<RubricCriterion>> = [
  { key: 'completion', name: '委托事项完成', nameEn: 'Completion of entrusted items', weight: 50 },
  { key: 'quality', name: '服务质量', nameEn: 'Service quality', weight: 30 },
  { key: 'fundUse', name: '资金使用', nameEn: 'Use of funds', weight: 20 },
];

/** The rubric each kind is scored on: the workflow scores with it, documents and pages print it. */
export const EVALUATION_RUBRICS: Readonly<Record<EvaluationKind, ReadonlyArray<Readonly<RubricCriterion>>>> = {
  MIDTERM: MIDTERM_RUBRIC,
  FINAL_THIRD_PARTY: FINAL_RUBRIC,
  GOV_ON_ORG: ORGANIZATION_SIDE_RUBRIC,
  ORG_ON_GOV: GOVERNMENT_SIDE_RUBRIC,
};

export function isEvaluationKind(value: unknown): value is EvaluationKind {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(EVALUATION_KIND_LABELS, value);
}

const SCORE_PATTERN = /^(0|[1-9]\d{0,2})(\.\d{1,2})?$/;

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(GRADE_LABELS, value);
}

/**
 * The grade of a total out of 100. Compared in decimal, so that 89.99 is never rounded up into
 * 优秀; a total outside 0–100 or with more than two decimals is a programming error and throws.
 */
export function gradeFromScore(score: string): Grade {
  if (typeof score !== 'string' || !SCORE_PATTERN.test(score)) {
    throw new RangeError(`not a score with at most two decimals: ${JSON.stringify(score)}`);
  }
  const value = new Decimal(score);
  if (value.greaterThan(100)) throw new RangeError(`a score cannot exceed 100, got ${score}`);
  return GRADE_MIN_SCORES.find((g) => value.greaterThanOrEqualTo(g.min))?.grade ?? 'FAIL';
}

/** 合格 or better: the mid-term tranche is released and the project may close normally. */
export function isPassing(grade: Grade): boolean {
  return grade !== 'FAIL';
}

/** An evaluation's total on its rubric (same checks as an expert score) and the grade it earns. */
export function scoreEvaluation(rubric: ReadonlyArray<RubricCriterion>, scores: Readonly<Record<string, number>>): EvaluationScoreResult {
  const result = totalScore(rubric, scores);
  if (!result.ok) return result;
  return { ok: true, total: result.total, grade: gradeFromScore(result.total) };
}
