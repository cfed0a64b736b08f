import type { Translate } from '../web-context';
import type { RubricCriterion } from '@workflows/rules';

/** The options of a decision's radio group, labelled (and explained) from review.<group>.<value>[hint]. */
export function choices(t: Translate, group: string, values: readonly string[], hints = false) {
  return values.map((value) => ({
    value,
    label: t(`review.${group}.${value}`),
    hint: hints ? t(`review.${group}.${value}hint`) : undefined,
  }));
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
