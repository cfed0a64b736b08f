/**
 * Expert scores (专家评审): one expert's total on a weighted rubric, and a panel's final score.
 * Scores are computed in decimal so that every node — API, workflow, report — reaches the same
 * cent; a float sum of 7 criteria can already land on x.xx4999… and round the other way.
 */
import { Decimal } from 'decimal.js';
import type { RoundConfigError, RubricCriterion } from './round-rules';

// Private so that another module's Decimal.set() cannot change how scores round.
const Score = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

/** Same shape as a round-configuration error: the field, the rule broken, a Chinese message. */
export type ScoreError = RoundConfigError;

export type TotalScoreResult = { ok: true; total: string } | { ok: false; errors: ScoreError[] };

export interface AggregateResult {
  final: string;
  method: 'trimmedMean' | 'mean';
  /** The lowest and the highest total, in that order, when they were dropped; otherwise empty. */
  dropped: string[];
}

/** Panels of at least this size drop their highest and lowest total before averaging. */
export const TRIMMED_MEAN_MIN_PANEL = 5;

const TOTAL_PATTERN = /^(0|[1-9]\d{0,5})(\.\d{1,2})?$/;

function maximumOf(c: RubricCriterion): number {
  return c.maxScore ?? c.weight;
}

function assertUsableRubric(rubric: ReadonlyArray<RubricCriterion>): void {
  // A stored rubric has passed validateRubric; a zero scale here would divide by zero, so an
  // unusable one is a programming error, not something to report to the expert.
  for (const c of rubric) {
    const max = maximumOf(c);
    if (!Number.isFinite(c.weight) || c.weight <= 0 || !Number.isFinite(max) || max <= 0) {
      throw new RangeError(`rubric criterion ${JSON.stringify(c.key)} has no usable weight or scale`);
    }
  }
}

function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

function checkScore(c: RubricCriterion, value: unknown): ScoreError | null {
  const field = `scores.${c.key}`;
  const label = `“${c.name}”`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { field, rule: 'number', message: `${label}得分应为数字` };
  }
  if (value < 0) {
    return { field, rule: 'min', message: `${label}得分不能为负数` };
  }
  const max = maximumOf(c);
  if (value > max) {
    return { field, rule: 'max', message: `${label}得分不能超过${max}分` };
  }
  // decimal.js reads a number through its shortest string, so 0.1 + 0.2 shows its float noise here.
  if (new Score(value).decimalPlaces() > 2) {
    return { field, rule: 'decimals', message: `${label}得分最多保留两位小数` };
  }
  return null;
}

/**
 * One expert's total. Every rubric key must be scored and no other key may appear. A criterion
 * scored on its own scale (maxScore ≠ weight) contributes score / maxScore × weight; the sum is
 * rounded half-up to two decimals once, at the end, so scaled thirds do not lose cents.
 */
export function totalScore(rubric: ReadonlyArray<RubricCriterion>, scores: Readonly<Record<string, number>>): TotalScoreResult {
  assertUsableRubric(rubric);
  const errors: ScoreError[] = [];
  let total = new Score(0);
  for (const c of rubric) {
    if (!hasOwn(scores, c.key)) {
      errors.push({ field: `scores.${c.key}`, rule: 'required', message: `缺少“${c.name}”的得分` });
      continue;
    }
    const value = scores[c.key];
    const error = checkScore(c, value);
    if (error !== null) {
      errors.push(error);
      continue;
    }
    const score = new Score(value as number);
    const max = maximumOf(c);
    // Multiplied before dividing so that only one inexact step happens: 7 × 15 / 3 is exactly 35.
    total = total.plus(max === c.weight ? score : score.times(c.weight).dividedBy(max));
  }
  const known = new Set(rubric.map((c) => c.key));
  // Sorted so that the same input always yields the same error list, whatever the key order.
  const unknown = Object.keys(scores)
    .filter((k) => !known.has(k))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const key of unknown) {
    errors.push({ field: `scores.${key}`, rule: 'unknownCriterion', message: `评分标准中没有“${key}”这一项` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, total: total.toFixed(2, Decimal.ROUND_HALF_UP) };
}

function parseTotal(s: string): Decimal {
  if (typeof s !== 'string' || !TOTAL_PATTERN.test(s)) {
    throw new RangeError(`not a score total with at most two decimals: ${JSON.stringify(s)}`);
  }
  return new Score(s);
}

function mean(values: ReadonlyArray<Decimal>): Decimal {
  const sum = values.reduce<Decimal>((acc, v) => acc.plus(v), new Score(0));
  return sum.dividedBy(values.length);
}

/**
 * A panel's final score from its experts' totals: with at least five totals the highest and the
 * lowest are dropped (去掉一个最高分和一个最低分) and the rest averaged; smaller panels take the
 * plain mean, since trimming three scores would leave a single expert deciding.
 */
export function aggregateScores(totals: ReadonlyArray<string>): AggregateResult {
  if (totals.length === 0) throw new RangeError('at least one score total is required');
  const values = totals.map(parseTotal);
  if (values.length < TRIMMED_MEAN_MIN_PANEL) {
    return { final: mean(values).toFixed(2, Decimal.ROUND_HALF_UP), method: 'mean', dropped: [] };
  }
  const sorted = [...values].sort((a, b) => a.comparedTo(b));
  const lowest = sorted[0] as Decimal;
  const highest = sorted[sorted.length - 1] as Decimal;
  return {
    final: mean(sorted.slice(1, -1)).toFixed(2, Decimal.ROUND_HALF_UP),
    method: 'trimmedMean',
    dropped: [lowest.toFixed(2), highest.toFixed(2)],
  };
}
