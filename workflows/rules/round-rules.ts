/**
 * Validation of a funding round's configuration: rubric, tranche plan, money, window and
 * eligibility. Every error names its field and says in Chinese what is wrong, so the API can
 * return them as they are and the form can place them beside the right input.
 */
import { Decimal } from 'decimal.js';
import { APPLICATION_ATTACHMENT_KIND_LABELS, REQUIRABLE_ATTACHMENT_KINDS } from './attachment-kinds';
import { isMoneyString, parseMoney } from './money';
import { RATINGS, isRating } from './rating';
import type { Rating } from './rating';

export interface RubricCriterion {
  key: string;
  name: string;
  nameEn?: string;
  /** Points out of 100 this criterion contributes to the total. */
  weight: number;
  /** The scale experts score on when it differs from the weight (e.g. 0–10 scaled to 15). */
  maxScore?: number;
}

export const TRANCHE_STAGES = {
  AGREEMENT_SIGNED: { zh: '签订协议后', en: 'after signing' },
  MIDTERM_PASSED: { zh: '中期评估合格后', en: 'after a passed mid-term evaluation' },
  CLOSEOUT: { zh: '结项后', en: 'after closeout' },
} as const;

export type TrancheStage = keyof typeof TRANCHE_STAGES;

/** The order in which a project reaches the stages; a tranche plan must follow it. */
export const TRANCHE_STAGE_ORDER: readonly TrancheStage[] = ['AGREEMENT_SIGNED', 'MIDTERM_PASSED', 'CLOSEOUT'];

export interface TrancheStep {
  stage: TrancheStage;
  percent: number;
  label?: string;
}

export interface EligibilityRules {
  minYearsRegistered: number;
  minRating?: Rating | null;
  excludeDishonest: boolean;
  /** Attachment kinds every application must carry when submitted (必备附件); none when absent. */
  requiredAttachments?: string[];
}

export interface RoundConfigInput {
  rubric: ReadonlyArray<RubricCriterion>;
  tranchePlan: ReadonlyArray<TrancheStep>;
  budgetPool: string;
  projectCeiling: string;
  opensAt: Date;
  closesAt: Date;
  eligibility: EligibilityRules;
}

export interface RoundConfigError {
  field: string;
  rule: string;
  message: string;
}

export const DEFAULT_RUBRIC: ReadonlyArray<Readonly<RubricCriterion>> = [
  { key: 'needsAnalysis', name: '需求分析', nameEn: 'Needs analysis', weight: 15 },
  { key: 'projectDesign', name: '项目设计', nameEn: 'Project design', weight: 20 },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', weight: 15 },
  { key: 'innovation', name: '创新性', nameEn: 'Innovation', weight: 10 },
  { key: 'teamCapacity', name: '团队能力', nameEn: 'Team capacity', weight: 15 },
  { key: 'budgetSoundness', name: '预算合理性', nameEn: 'Budget soundness', weight: 15 },
  { key: 'sustainability', name: '可持续性', nameEn: 'Sustainability', weight: 10 },
];

export const DEFAULT_TRANCHE_PLAN: ReadonlyArray<Readonly<TrancheStep>> = [
  { stage: 'AGREEMENT_SIGNED', percent: 50, label: TRANCHE_STAGES.AGREEMENT_SIGNED.zh },
  { stage: 'MIDTERM_PASSED', percent: 40, label: TRANCHE_STAGES.MIDTERM_PASSED.zh },
  { stage: 'CLOSEOUT', percent: 10, label: TRANCHE_STAGES.CLOSEOUT.zh },
];

const RUBRIC_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_NAME_LENGTH = 50;
const MAX_YEARS_REGISTERED = 50;

// Input arrives as parsed JSON; a null entry must become an error, not a TypeError.
function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}

function isPositiveInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n > 0;
}

function isPositiveNumber(n: unknown): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function isNonBlankString(s: unknown, maxLength: number): s is string {
  return typeof s === 'string' && s.trim() !== '' && s.length <= maxLength;
}

function isTrancheStage(s: unknown): s is TrancheStage {
  return typeof s === 'string' && (TRANCHE_STAGE_ORDER as readonly string[]).includes(s);
}

function isValidDate(d: unknown): d is Date {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function duplicates<T extends string>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const repeated = new Set<T>();
  for (const v of values) (seen.has(v) ? repeated : seen).add(v);
  return [...repeated];
}

export function validateRubric(rubric: ReadonlyArray<RubricCriterion>): RoundConfigError[] {
  if (!Array.isArray(rubric) || rubric.length === 0) {
    return [{ field: 'rubric', rule: 'required', message: '评分标准至少需要一项' }];
  }
  if (!rubric.every(isObject)) {
    return [{ field: 'rubric', rule: 'required', message: '评分标准的每一项都应包含标识、名称和权重' }];
  }
  const errors: RoundConfigError[] = [];
  rubric.forEach((c, i) => {
    const at = `评分标准第${i + 1}项`;
    if (typeof c.key !== 'string' || !RUBRIC_KEY_PATTERN.test(c.key)) {
      errors.push({ field: `rubric[${i}].key`, rule: 'key', message: `${at}的标识应以字母开头，仅含字母、数字和下划线，最多40个字符` });
    }
    if (!isNonBlankString(c.name, MAX_NAME_LENGTH)) {
      errors.push({ field: `rubric[${i}].name`, rule: 'name', message: `${at}的名称不能为空，最多${MAX_NAME_LENGTH}个字符` });
    }
    if (!isPositiveInteger(c.weight)) {
      errors.push({ field: `rubric[${i}].weight`, rule: 'weight', message: `${at}的权重应为正整数` });
    }
    if (c.maxScore !== undefined && !isPositiveInteger(c.maxScore)) {
      errors.push({ field: `rubric[${i}].maxScore`, rule: 'maxScore', message: `${at}的满分应为正整数` });
    }
  });
  for (const key of duplicates(rubric.map((c) => c.key))) {
    errors.push({ field: 'rubric', rule: 'uniqueKeys', message: `评分标准的标识“${key}”重复` });
  }
  // The sum is only meaningful once every weight is valid; a bad weight is already reported.
  if (rubric.every((c) => isPositiveInteger(c.weight))) {
    const sum = rubric.reduce((acc, c) => acc + c.weight, 0);
    if (sum !== 100) {
      errors.push({ field: 'rubric', rule: 'weightsSum100', message: `评分标准各项权重之和应为100，当前为${sum}` });
    }
  }
  return errors;
}

export function validateTranchePlan(plan: ReadonlyArray<TrancheStep>): RoundConfigError[] {
  if (!Array.isArray(plan) || plan.length === 0) {
    return [{ field: 'tranchePlan', rule: 'required', message: '拨付计划至少需要一期' }];
  }
  if (!plan.every(isObject)) {
    return [{ field: 'tranchePlan', rule: 'required', message: '拨付计划的每一期都应包含拨付节点和比例' }];
  }
  const errors: RoundConfigError[] = [];
  plan.forEach((step, i) => {
    const at = `拨付计划第${i + 1}期`;
    if (!isTrancheStage(step.stage)) {
      errors.push({
        field: `tranchePlan[${i}].stage`,
        rule: 'stage',
        message: `${at}的拨付节点无效，应为签订协议后、中期评估合格后或结项后`,
      });
    }
    if (!isPositiveNumber(step.percent)) {
      errors.push({ field: `tranchePlan[${i}].percent`, rule: 'percent', message: `${at}的拨付比例应大于0` });
    }
    if (step.label !== undefined && !isNonBlankString(step.label, MAX_NAME_LENGTH)) {
      errors.push({ field: `tranchePlan[${i}].label`, rule: 'label', message: `${at}的说明不能为空，最多${MAX_NAME_LENGTH}个字符` });
    }
  });
  const stages = plan.map((s) => s.stage).filter(isTrancheStage);
  for (const stage of duplicates(stages)) {
    errors.push({ field: 'tranchePlan', rule: 'uniqueStages', message: `拨付节点“${TRANCHE_STAGES[stage].zh}”重复` });
  }
  // Money follows the project: a tranche cannot be due at a stage reached before the previous one.
  const ranks = stages.map((s) => TRANCHE_STAGE_ORDER.indexOf(s));
  if (ranks.some((r, i) => i > 0 && r < (ranks[i - 1] as number))) {
    errors.push({ field: 'tranchePlan', rule: 'stageOrder', message: '拨付计划应按签订协议、中期评估、结项的顺序排列' });
  }
  if (plan.every((s) => isPositiveNumber(s.percent))) {
    // Summed in decimal so that 33.3 + 33.3 + 33.4 is exactly 100.
    const sum = plan.reduce((acc, s) => acc.plus(new Decimal(s.percent)), new Decimal(0));
    if (!sum.equals(100)) {
      errors.push({ field: 'tranchePlan', rule: 'percentsSum100', message: `拨付计划各期比例之和应为100%，当前为${sum.toString()}%` });
    }
  }
  return errors;
}

function validateMoney(input: Pick<RoundConfigInput, 'budgetPool' | 'projectCeiling'>): RoundConfigError[] {
  const errors: RoundConfigError[] = [];
  const fields = [
    ['budgetPool', '预算总额'],
    ['projectCeiling', '单个项目资助上限'],
  ] as const;
  for (const [field, name] of fields) {
    const value = input[field];
    if (!isMoneyString(value)) {
      errors.push({ field, rule: 'money', message: `${name}应为不小于0的金额（元），最多两位小数` });
    } else if (parseMoney(value).isZero()) {
      errors.push({ field, rule: 'positive', message: `${name}应大于0` });
    }
  }
  if (errors.length === 0 && parseMoney(input.projectCeiling).greaterThan(parseMoney(input.budgetPool))) {
    errors.push({ field: 'projectCeiling', rule: 'ceilingWithinPool', message: '单个项目资助上限不能超过预算总额' });
  }
  return errors;
}

function validateWindow(input: Pick<RoundConfigInput, 'opensAt' | 'closesAt'>): RoundConfigError[] {
  const errors: RoundConfigError[] = [];
  if (!isValidDate(input.opensAt)) {
    errors.push({ field: 'opensAt', rule: 'date', message: '申报开始时间无效' });
  }
  if (!isValidDate(input.closesAt)) {
    errors.push({ field: 'closesAt', rule: 'date', message: '申报截止时间无效' });
  }
  if (errors.length === 0 && input.opensAt.getTime() >= input.closesAt.getTime()) {
    errors.push({ field: 'closesAt', rule: 'windowOrder', message: '申报截止时间应晚于申报开始时间' });
  }
  return errors;
}

export function validateEligibilityRules(rules: EligibilityRules): RoundConfigError[] {
  if (!isObject(rules)) {
    return [{ field: 'eligibility', rule: 'required', message: '申报资格条件不能为空' }];
  }
  const errors: RoundConfigError[] = [];
  const years = rules.minYearsRegistered;
  if (typeof years !== 'number' || !Number.isInteger(years) || years < 0 || years > MAX_YEARS_REGISTERED) {
    errors.push({
      field: 'eligibility.minYearsRegistered',
      rule: 'range',
      message: `登记成立年限要求应为0至${MAX_YEARS_REGISTERED}之间的整数`,
    });
  }
  if (rules.minRating !== undefined && rules.minRating !== null && !isRating(rules.minRating)) {
    errors.push({
      field: 'eligibility.minRating',
      rule: 'rating',
      message: `最低评估等级应为${RATINGS.join('、')}之一，或不限`,
    });
  }
  if (typeof rules.excludeDishonest !== 'boolean') {
    errors.push({ field: 'eligibility.excludeDishonest', rule: 'type', message: '是否排除失信主体应为是或否' });
  }
  const required: unknown = rules.requiredAttachments;
  if (required !== undefined && (!Array.isArray(required) || required.some((k) => !REQUIRABLE_ATTACHMENT_KINDS.includes(k as string)))) {
    errors.push({
      field: 'eligibility.requiredAttachments',
      rule: 'attachmentKind',
      message: `必备附件应为以下类别：${REQUIRABLE_ATTACHMENT_KINDS.map((k) => APPLICATION_ATTACHMENT_KIND_LABELS[k].zh).join('、')}`,
    });
  }
  return errors;
}

/** All problems with a round's configuration; an empty list means it is valid. */
export function validateRoundConfig(input: RoundConfigInput): RoundConfigError[] {
  return [
    ...validateRubric(input.rubric),
    ...validateTranchePlan(input.tranchePlan),
    ...validateMoney(input),
    ...validateWindow(input),
    ...validateEligibilityRules(input.eligibility),
  ];
}
