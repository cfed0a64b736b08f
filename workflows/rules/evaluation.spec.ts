import {
  EVALUATION_KIND_LABELS,
  EVALUATION_KINDS,
  EVALUATION_RUBRICS,
  FINAL_EVALUATION_KINDS,
  FINAL_RUBRIC,
  GOVERNMENT_SIDE_RUBRIC,
  GRADE_LABELS,
  MIDTERM_RUBRIC,
  ORGANIZATION_SIDE_RUBRIC,
  gradeFromScore,
  isEvaluationKind,
  isGrade,
  isPassing,
  scoreEvaluation,
  TWO_WAY_EVALUATION_KINDS,
} from './evaluation';
import { validateRubric } from './round-rules';

describe('gradeFromScore', () => {
  it('maps totals to 优秀, 良好, 合格 and 不合格 at 90, 80 and 60', () => {
    expect(gradeFromScore('100')).toBe('EXCELLENT');
    expect(gradeFromScore('90.00')).toBe('EXCELLENT');
    expect(gradeFromScore('89.99')).toBe('GOOD');
    expect(gradeFromScore('80')).toBe('GOOD');
    expect(gradeFromScore('79.99')).toBe('PASS');
    expect(gradeFromScore('60.00')).toBe('PASS');
    expect(gradeFromScore('59.99')).toBe('FAIL');
    expect(gradeFromScore('0')).toBe('FAIL');
  });

  it('throws on a total that is not a two-decimal score from 0 to 100', () => {
    for (const bad of ['', '-1', '90.001', '100.01', '1e2', ' 90', 'abc']) {
      expect(() => gradeFromScore(bad)).toThrow(RangeError);
    }
  });
});

describe('GRADE_LABELS and isPassing', () => {
  it('labels the grades in Chinese and English', () => {
    expect(GRADE_LABELS).toEqual({
      EXCELLENT: { zh: '优秀', en: 'excellent' },
      GOOD: { zh: '良好', en: 'good' },
      PASS: { zh: '合格', en: 'pass' },
      FAIL: { zh: '不合格', en: 'fail' },
    });
  });

  it('passes every grade but 不合格', () => {
    expect(['EXCELLENT', 'GOOD', 'PASS', 'FAIL'].filter((g) => isGrade(g) && isPassing(g))).toEqual(['EXCELLENT', 'GOOD', 'PASS']);
  });

  it('recognises stored grades and nothing else', () => {
    expect(isGrade('GOOD')).toBe(true);
    expect(isGrade('good')).toBe(false);
    expect(isGrade('toString')).toBe(false);
  });
});

describe('evaluation rubrics', () => {
  it.each([
    ['MIDTERM_RUBRIC', MIDTERM_RUBRIC],
    ['FINAL_RUBRIC', FINAL_RUBRIC],
    ['GOVERNMENT_SIDE_RUBRIC', GOVERNMENT_SIDE_RUBRIC],
    ['ORGANIZATION_SIDE_RUBRIC', ORGANIZATION_SIDE_RUBRIC],
  ])('%s is a valid rubric whose weights add up to 100', (_name, rubric) => {
    expect(validateRubric([...rubric])).toEqual([]);
  });

  it('weights the third-party assessment 40/25/20/15 at mid-term and at the end', () => {
    const weights = Object.fromEntries(MIDTERM_RUBRIC.map((c) => [c.key, c.weight]));
    expect(weights).toEqual({ completion: 40, quality: 25, satisfaction: 20, finance: 15 });
    expect(FINAL_RUBRIC).toEqual(MIDTERM_RUBRIC);
    expect(FINAL_RUBRIC).not.toBe(MIDTERM_RUBRIC);
  });

  it('lets the organization rate the bureau on payment, support and no extra tasks', () => {
    expect(GOVERNMENT_SIDE_RUBRIC.map((c) => [c.key, c.name, c.weight])).toEqual([
      ['timelyPayment', '资金拨付及时性', 40],
      ['support', '支持与指导', 30],
      ['noExtraTasks', '未摊派协议外事项', 30],
    ]);
  });

  it('lets the bureau rate the organization against the entrusted items', () => {
    expect(ORGANIZATION_SIDE_RUBRIC.map((c) => [c.key, c.name, c.weight])).toEqual([
      ['completion', '委托事项完成', 50],
      ['quality', '服务质量', 30],
      ['fundUse', '资金使用', 20],
    ]);
  });
});

describe('scoreEvaluation', () => {
  it('returns the total and the grade it earns', () => {
    expect(scoreEvaluation(MIDTERM_RUBRIC, { completion: 36, quality: 22.5, satisfaction: 18, finance: 13.5 })).toEqual({
      ok: true,
      total: '90.00',
      grade: 'EXCELLENT',
    });
    expect(scoreEvaluation(GOVERNMENT_SIDE_RUBRIC, { timelyPayment: 20, support: 20, noExtraTasks: 19.99 })).toEqual({
      ok: true,
      total: '59.99',
      grade: 'FAIL',
    });
  });

  it('reports missing, excessive and unknown scores in Chinese like an expert score', () => {
    const result = scoreEvaluation(ORGANIZATION_SIDE_RUBRIC, { completion: 51, quality: 20, extra: 1 });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'scores.completion', rule: 'max', message: '“委托事项完成”得分不能超过50分' },
        { field: 'scores.fundUse', rule: 'required', message: '缺少“资金使用”的得分' },
        { field: 'scores.extra', rule: 'unknownCriterion', message: '评分标准中没有“extra”这一项' },
      ],
    });
  });
});

describe('evaluation kinds', () => {
  it('label every kind as documents name it and score each on its own rubric', () => {
    expect(EVALUATION_KINDS).toEqual(['MIDTERM', 'FINAL_THIRD_PARTY', 'GOV_ON_ORG', 'ORG_ON_GOV']);
    expect(EVALUATION_KIND_LABELS.GOV_ON_ORG.zh).toBe('政府方对承接方评价');
    expect(Object.keys(EVALUATION_RUBRICS)).toEqual([...EVALUATION_KINDS]);
    expect(EVALUATION_RUBRICS.ORG_ON_GOV).toBe(GOVERNMENT_SIDE_RUBRIC);
  });

  it('close the term with the third-party evaluation and both sides of the two-way one', () => {
    expect([...FINAL_EVALUATION_KINDS].sort()).toEqual(['FINAL_THIRD_PARTY', ...TWO_WAY_EVALUATION_KINDS].sort());
    expect(FINAL_EVALUATION_KINDS).not.toContain('MIDTERM');
  });

  it('recognises stored kinds and nothing else', () => {
    expect(isEvaluationKind('MIDTERM')).toBe(true);
    expect(isEvaluationKind('midterm')).toBe(false);
    expect(isEvaluationKind('toString')).toBe(false);
  });
});
