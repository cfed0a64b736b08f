import { Decimal } from 'decimal.js';
import { DEFAULT_RUBRIC } from './round-rules';
import { aggregateScores, totalScore } from './scoring';
import type { RubricCriterion } from './round-rules';

const rubric: RubricCriterion[] = [
  { key: 'needs', name: '需求分析', weight: 20 },
  { key: 'design', name: '项目设计', weight: 30 },
  { key: 'feasibility', name: '可行性', weight: 50 },
];

describe('totalScore', () => {
  it('adds the criterion scores into a two-decimal total', () => {
    expect(totalScore(rubric, { needs: 18.5, design: 27, feasibility: 44.25 })).toEqual({ ok: true, total: '89.75' });
    expect(totalScore(rubric, { needs: 0, design: 0, feasibility: 0 })).toEqual({ ok: true, total: '0.00' });
    expect(totalScore(rubric, { needs: 20, design: 30, feasibility: 50 })).toEqual({ ok: true, total: '100.00' });
  });

  it('adds exactly where binary floats drift', () => {
    // 0.1 + 0.2 + 0.3 in floats is 0.6000000000000001.
    expect(totalScore(rubric, { needs: 0.1, design: 0.2, feasibility: 0.3 })).toEqual({ ok: true, total: '0.60' });
  });

  it('works on the default rubric', () => {
    const full = Object.fromEntries(DEFAULT_RUBRIC.map((c) => [c.key, c.weight]));
    expect(totalScore([...DEFAULT_RUBRIC], full)).toEqual({ ok: true, total: '100.00' });
  });

  it('names the criterion when a score exceeds its maximum', () => {
    const result = totalScore(rubric, { needs: 10, design: 31, feasibility: 40 });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'scores.design', rule: 'max', message: '“项目设计”得分不能超过30分' }],
    });
  });

  it('refuses negative scores, non-numbers and more than two decimals', () => {
    const result = totalScore(rubric, {
      needs: -1,
      design: Number.NaN,
      feasibility: 12.345,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'scores.needs', rule: 'min', message: '“需求分析”得分不能为负数' },
      { field: 'scores.design', rule: 'number', message: '“项目设计”得分应为数字' },
      { field: 'scores.feasibility', rule: 'decimals', message: '“可行性”得分最多保留两位小数' },
    ]);
  });

  it('refuses a float sum whose noise shows beyond two decimals', () => {
    const result = totalScore(rubric, { needs: 0.1 + 0.2, design: 1, feasibility: 1 });
    expect(result.ok).toBe(false);
  });

  it('refuses a score given as a string, as parsed JSON could carry', () => {
    const scores = { needs: '10', design: 1, feasibility: 1 } as unknown as Record<string, number>;
    const result = totalScore(rubric, scores);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]?.rule).toBe('number');
  });

  it('requires every rubric key and refuses unknown keys, in a stable order', () => {
    const result = totalScore(rubric, { needs: 10, zeta: 1, alpha: 2 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: 'scores.design', rule: 'required', message: '缺少“项目设计”的得分' },
      { field: 'scores.feasibility', rule: 'required', message: '缺少“可行性”的得分' },
      { field: 'scores.alpha', rule: 'unknownCriterion', message: '评分标准中没有“alpha”这一项' },
      { field: 'scores.zeta', rule: 'unknownCriterion', message: '评分标准中没有“zeta”这一项' },
    ]);
  });

  it('does not treat inherited object keys as scores', () => {
    const result = totalScore([{ key: 'toString', name: '测试', weight: 100 }], {});
    expect(result.ok).toBe(false);
  });

  it('scales a criterion scored on its own scale to its weight', () => {
    const scaled: RubricCriterion[] = [
      { key: 'innovation', name: '创新性', weight: 15, maxScore: 10 },
      { key: 'rest', name: '其他', weight: 85 },
    ];
    expect(totalScore(scaled, { innovation: 8, rest: 80 })).toEqual({ ok: true, total: '92.00' });
    const tooHigh = totalScore(scaled, { innovation: 11, rest: 80 });
    expect(tooHigh.ok).toBe(false);
    if (!tooHigh.ok) expect(tooHigh.errors[0]?.message).toBe('“创新性”得分不能超过10分');
  });

  it('rounds half-up only once, at the end, so scaled thirds keep their cents', () => {
    const thirds: RubricCriterion[] = [
      { key: 'a', name: 'A', weight: 10, maxScore: 3 },
      { key: 'b', name: 'B', weight: 10, maxScore: 3 },
      { key: 'c', name: 'C', weight: 10, maxScore: 3 },
    ];
    // Each is 3.333…; rounding each first would give 9.99.
    expect(totalScore(thirds, { a: 1, b: 1, c: 1 })).toEqual({ ok: true, total: '10.00' });
    // 2 on a 0–3 scale weighted 10 is 6.666…, shown as 6.67.
    expect(totalScore([thirds[0] as RubricCriterion], { a: 2 })).toEqual({ ok: true, total: '6.67' });
  });

  it('throws on a rubric that cannot be scored, which validateRubric would have refused', () => {
    expect(() => totalScore([{ key: 'a', name: 'A', weight: 10, maxScore: 0 }], { a: 0 })).toThrow(RangeError);
  });
});

describe('aggregateScores', () => {
  it('drops one highest and one lowest total from five or more', () => {
    expect(aggregateScores(['80.00', '90.00', '85.00', '60.00', '99.00'])).toEqual({
      final: '85.00',
      method: 'trimmedMean',
      dropped: ['60.00', '99.00'],
    });
  });

  it('drops only one of several equal extremes', () => {
    expect(aggregateScores(['90', '90', '80', '80', '85', '85'])).toEqual({
      final: '85.00',
      method: 'trimmedMean',
      dropped: ['80.00', '90.00'],
    });
  });

  it('takes the plain mean of fewer than five totals', () => {
    expect(aggregateScores(['80.00', '90.00', '85.50', '60.00'])).toEqual({ final: '78.88', method: 'mean', dropped: [] });
    expect(aggregateScores(['77.77'])).toEqual({ final: '77.77', method: 'mean', dropped: [] });
  });

  it('rounds the mean half-up in decimal', () => {
    // (80.01 + 80.00) / 2 = 80.005 exactly; a float mean would give 80.00499… and round down.
    expect(aggregateScores(['80.01', '80.00']).final).toBe('80.01');
    expect(aggregateScores(['1.00', '1.00', '1.01']).final).toBe('1.00');
    expect(aggregateScores(['0.00', '0.00', '0.01', '0.01', '0.02', '10.00', '100.00']).final).toBe('2.01');
  });

  it('does not depend on the order of the totals', () => {
    const totals = ['71.25', '88.10', '90.00', '64.30', '79.95', '82.40', '88.10'];
    const reversed = [...totals].reverse();
    expect(aggregateScores(reversed)).toEqual(aggregateScores(totals));
  });

  it('is not affected by another module changing the global Decimal rounding', () => {
    const saved = Decimal.rounding;
    Decimal.set({ rounding: Decimal.ROUND_DOWN });
    try {
      expect(aggregateScores(['80.01', '80.00']).final).toBe('80.01');
    } finally {
      Decimal.set({ rounding: saved });
    }
  });

  it('throws RangeError on an empty list or a malformed total', () => {
    expect(() => aggregateScores([])).toThrow(RangeError);
    expect(() => aggregateScores(['80', '-1'])).toThrow(RangeError);
    expect(() => aggregateScores(['80.123'])).toThrow(RangeError);
  });
});
