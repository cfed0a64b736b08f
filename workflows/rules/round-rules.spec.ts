import { DEFAULT_RUBRIC, DEFAULT_TRANCHE_PLAN, RoundConfigInput, TRANCHE_STAGES, validateRoundConfig } from './round-rules';

function validRound(overrides: Partial<RoundConfigInput> = {}): RoundConfigInput {
  return {
    rubric: DEFAULT_RUBRIC.map((c) => ({ ...c })),
    tranchePlan: DEFAULT_TRANCHE_PLAN.map((t) => ({ ...t })),
    budgetPool: '3000000.00',
    projectCeiling: '100000.00',
    opensAt: new Date('2025-03-01T00:00:00+08:00'),
    closesAt: new Date('2025-03-31T17:00:00+08:00'),
    eligibility: { minYearsRegistered: 1, minRating: '3A', excludeDishonest: true },
    ...overrides,
  };
}

function rulesOf(input: RoundConfigInput): Array<[string, string]> {
  return validateRoundConfig(input).map((e) => [e.field, e.rule]);
}

// Casts stand in for parsed JSON that does not match the declared types.
const untyped = <T>(value: unknown): T => value as T;

describe('defaults', () => {
  it('ships a seven-criterion rubric whose weights add up to 100', () => {
    expect(DEFAULT_RUBRIC.map((c) => c.name)).toEqual(['需求分析', '项目设计', '可行性', '创新性', '团队能力', '预算合理性', '可持续性']);
    expect(DEFAULT_RUBRIC.reduce((s, c) => s + c.weight, 0)).toBe(100);
    DEFAULT_RUBRIC.forEach((c) => expect(c.nameEn).toMatch(/^[A-Z][a-z ]+$/));
  });

  it('ships a 50/40/10 tranche plan in lifecycle order', () => {
    expect(DEFAULT_TRANCHE_PLAN.map((t) => [t.stage, t.percent])).toEqual([
      ['AGREEMENT_SIGNED', 50],
      ['MIDTERM_PASSED', 40],
      ['CLOSEOUT', 10],
    ]);
  });

  it('labels tranche stages in Chinese and English', () => {
    expect(TRANCHE_STAGES.MIDTERM_PASSED).toEqual({ zh: '中期评估合格后', en: 'after a passed mid-term evaluation' });
  });
});

describe('validateRoundConfig', () => {
  it('returns no errors for a valid round', () => {
    expect(validateRoundConfig(validRound())).toEqual([]);
  });

  it('refuses rubric weights that do not add up to 100 and says what they add up to', () => {
    const rubric = [
      { key: 'a', name: '需求分析', weight: 60 },
      { key: 'b', name: '项目设计', weight: 30 },
    ];
    expect(validateRoundConfig(validRound({ rubric }))).toEqual([
      { field: 'rubric', rule: 'weightsSum100', message: '评分标准各项权重之和应为100，当前为90' },
    ]);
  });

  it('refuses repeated rubric keys', () => {
    const rubric = [
      { key: 'design', name: '项目设计', weight: 50 },
      { key: 'design', name: '可行性', weight: 50 },
    ];
    const errors = validateRoundConfig(validRound({ rubric }));
    expect(errors).toEqual([{ field: 'rubric', rule: 'uniqueKeys', message: '评分标准的标识“design”重复' }]);
  });

  it('refuses an empty rubric', () => {
    expect(rulesOf(validRound({ rubric: [] }))).toEqual([['rubric', 'required']]);
  });

  it('names the criterion with a zero, fractional or missing weight and skips the sum check', () => {
    const rubric = untyped<RoundConfigInput['rubric']>([
      { key: 'a', name: '甲', weight: 0 },
      { key: 'b', name: '乙', weight: 50.5 },
      { key: 'c', name: '丙' },
    ]);
    expect(rulesOf(validRound({ rubric }))).toEqual([
      ['rubric[0].weight', 'weight'],
      ['rubric[1].weight', 'weight'],
      ['rubric[2].weight', 'weight'],
    ]);
  });

  it('refuses a blank name, a malformed key and a non-integer maxScore', () => {
    const rubric = [{ key: '1st', name: '  ', weight: 100, maxScore: 0 }];
    const errors = validateRoundConfig(validRound({ rubric }));
    expect(errors.map((e) => e.rule)).toEqual(['key', 'name', 'maxScore']);
    expect(errors[1]?.message).toContain('评分标准第1项');
  });

  it('refuses tranche percents that do not add up to 100', () => {
    const tranchePlan = [
      { stage: 'AGREEMENT_SIGNED' as const, percent: 50 },
      { stage: 'CLOSEOUT' as const, percent: 40 },
    ];
    expect(validateRoundConfig(validRound({ tranchePlan }))).toEqual([
      { field: 'tranchePlan', rule: 'percentsSum100', message: '拨付计划各期比例之和应为100%，当前为90%' },
    ]);
  });

  it('adds fractional tranche percents exactly', () => {
    const tranchePlan = [
      { stage: 'AGREEMENT_SIGNED' as const, percent: 33.3 },
      { stage: 'MIDTERM_PASSED' as const, percent: 33.3 },
      { stage: 'CLOSEOUT' as const, percent: 33.4 },
    ];
    expect(validateRoundConfig(validRound({ tranchePlan }))).toEqual([]);
  });

  it('refuses a stage used twice and a non-positive percent', () => {
    const tranchePlan = [
      { stage: 'AGREEMENT_SIGNED' as const, percent: 100 },
      { stage: 'AGREEMENT_SIGNED' as const, percent: 0 },
    ];
    expect(rulesOf(validRound({ tranchePlan }))).toEqual([
      ['tranchePlan[1].percent', 'percent'],
      ['tranchePlan', 'uniqueStages'],
    ]);
  });

  it('refuses an unknown stage and a plan out of lifecycle order', () => {
    const unknown = untyped<RoundConfigInput['tranchePlan']>([{ stage: 'PAID', percent: 100 }]);
    expect(rulesOf(validRound({ tranchePlan: unknown }))).toEqual([['tranchePlan[0].stage', 'stage']]);
    const reversed = [
      { stage: 'CLOSEOUT' as const, percent: 50 },
      { stage: 'AGREEMENT_SIGNED' as const, percent: 50 },
    ];
    expect(rulesOf(validRound({ tranchePlan: reversed }))).toEqual([['tranchePlan', 'stageOrder']]);
  });

  it('refuses an empty tranche plan and null entries', () => {
    expect(rulesOf(validRound({ tranchePlan: [] }))).toEqual([['tranchePlan', 'required']]);
    const withNull = untyped<RoundConfigInput['tranchePlan']>([null]);
    expect(rulesOf(validRound({ tranchePlan: withNull }))).toEqual([['tranchePlan', 'required']]);
  });

  it('refuses negative and malformed amounts under the money rule', () => {
    const errors = validateRoundConfig(validRound({ budgetPool: '-100.00', projectCeiling: '1.234' }));
    expect(errors.map((e) => [e.field, e.rule])).toEqual([
      ['budgetPool', 'money'],
      ['projectCeiling', 'money'],
    ]);
    expect(errors[0]?.message).toContain('预算总额');
    expect(errors[1]?.message).toContain('单个项目资助上限');
  });

  it('refuses a zero budget pool', () => {
    expect(rulesOf(validRound({ budgetPool: '0.00' }))).toEqual([['budgetPool', 'positive']]);
  });

  it('refuses a project ceiling above the budget pool but allows it to equal the pool', () => {
    expect(rulesOf(validRound({ budgetPool: '100.00', projectCeiling: '100.01' }))).toEqual([['projectCeiling', 'ceilingWithinPool']]);
    expect(rulesOf(validRound({ budgetPool: '100.00', projectCeiling: '100' }))).toEqual([]);
  });

  it('refuses a window that closes before or when it opens', () => {
    const at = new Date('2025-03-01T00:00:00Z');
    expect(rulesOf(validRound({ opensAt: at, closesAt: new Date(at.getTime()) }))).toEqual([['closesAt', 'windowOrder']]);
    expect(rulesOf(validRound({ opensAt: at, closesAt: new Date('2025-02-01T00:00:00Z') }))).toEqual([['closesAt', 'windowOrder']]);
  });

  it('refuses invalid dates', () => {
    const bad = untyped<Date>('2025-03-01');
    expect(rulesOf(validRound({ opensAt: new Date('nonsense'), closesAt: bad }))).toEqual([
      ['opensAt', 'date'],
      ['closesAt', 'date'],
    ]);
  });

  it('accepts eligibility without a minimum rating', () => {
    const eligibility = { minYearsRegistered: 0, minRating: null, excludeDishonest: false };
    expect(validateRoundConfig(validRound({ eligibility }))).toEqual([]);
    expect(validateRoundConfig(validRound({ eligibility: { minYearsRegistered: 50, excludeDishonest: true } }))).toEqual([]);
  });

  it.each([-1, 51, 2.5, Number.NaN])('refuses %p years registered', (minYearsRegistered) => {
    const eligibility = { minYearsRegistered, excludeDishonest: true };
    expect(rulesOf(validRound({ eligibility }))).toEqual([['eligibility.minYearsRegistered', 'range']]);
  });

  it('refuses an unknown rating and a non-boolean dishonesty flag', () => {
    const eligibility = untyped<RoundConfigInput['eligibility']>({
      minYearsRegistered: 2,
      minRating: 'AAA',
      excludeDishonest: 'yes',
    });
    expect(rulesOf(validRound({ eligibility }))).toEqual([
      ['eligibility.minRating', 'rating'],
      ['eligibility.excludeDishonest', 'type'],
    ]);
  });

  it('reports every problem at once, in field order', () => {
    const errors = validateRoundConfig(validRound({ rubric: [], tranchePlan: [], budgetPool: 'x', closesAt: new Date('2000-01-01') }));
    expect(errors.map((e) => e.field)).toEqual(['rubric', 'tranchePlan', 'budgetPool', 'closesAt']);
    errors.forEach((e) => expect(e.message).toMatch(/[\u4e00-\u9fff]/));
  });
});
