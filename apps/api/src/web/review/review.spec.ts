import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { DEFAULT_RUBRIC, EVALUATION_RUBRICS, RubricCriterion, totalScore } from '@workflows/rules';
import { EligibilityDecisionDto } from '../../applications/applications.dto';
import { validateDto } from '../forms';
import { webTemplatesDir } from '../web-templates';
import { choices, readRubric } from './review-forms';
import { reviewErrors } from './review-messages';
import { REVIEWER_QUEUES } from './review-nav';
import { REVIEW_WORKSPACE_LINKS } from './review-workspace';

type Dict = { [key: string]: string | Dict };
const dir = webTemplatesDir();
const dictionaries = Object.fromEntries(
  ['zh-CN', 'en'].map((lang) => [
    lang,
    {
      review: JSON.parse(readFileSync(join(dir, 'i18n', lang, 'review.json'), 'utf8')) as Dict,
      web: JSON.parse(readFileSync(join(dir, 'i18n', lang, 'web.json'), 'utf8')) as Dict,
    },
  ]),
);

/** The dictionary lookup nestjs-i18n makes: the key itself when missing, {name} replaced. */
function translator(lang: string) {
  return (key: string, args: Record<string, unknown> = {}) => {
    const found = key
      .split('.')
      .reduce<Dict | string | undefined>((d, part) => (typeof d === 'object' ? d[part] : undefined), dictionaries[lang] as unknown as Dict);
    return typeof found === 'string' ? found.replace(/\{(\w+)\}/g, (_, name: string) => String(args[name] ?? `{${name}}`)) : key;
  };
}
const has = (lang: string, key: string) => translator(lang)(key) !== key;

// The worker's sources are read as text: apps/api never imports activities/, not even in a spec.
const activities = join(__dirname, '../../../../../activities');

/** Kinds of the documents the worker renders (renderer.ts: `KIND: { zh: …, en: … }`). */
function documentKinds(): string[] {
  return [...readFileSync(join(activities, 'documents', 'renderer.ts'), 'utf8').matchAll(/^\s+([A-Z_]+): \{ zh: /gm)].map((m) => m[1]);
}

/** Audit actions the activities write on an application, literal or built from a known value. */
function applicationAuditActions(): string[] {
  const source = readdirSync(activities)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
    .map((f) => readFileSync(join(activities, f), 'utf8'))
    .join('\n');
  const literal = [...source.matchAll(/entityType: 'Application'[^;]*?action: '([\w.]+)'/g)].map((m) => m[1]);
  const ternary = [...source.matchAll(/entityType: 'Application'[^;]*?action: [^';]*?\s\?\s+'([\w.]+)'\s+:\s+'([\w.]+)'/g)].flatMap((m) => [
    m[1],
    m[2],
  ]);
  const built = [
    ...['pass', 'return', 'reject'].map((d) => `eligibility.${d}`),
    ...['expert_review_started', 'ranked', 'notice_published', 'removed_by_objection', 'funding_decided'].map((e) => `project.${e}`),
    ...['rectification', 'implementation', 'final_evaluation'].map((s) => `project.${s}`),
    ...['applicant', 'bureau'].map((party) => `agreement.signedBy.${party}`),
    ...['midterm', 'final_third_party', 'gov_on_org', 'org_on_gov'].map((k) => `evaluation.${k}`),
  ];
  return [...new Set([...literal, ...ternary, ...built])];
}

describe('review dictionaries', () => {
  it('label every code the review pages translate at run time, in both languages', () => {
    expect(documentKinds()).toEqual(expect.arrayContaining(['AGREEMENT', 'EVALUATION_REPORT', 'TERMINATION_NOTICE']));
    expect(applicationAuditActions()).toEqual(
      expect.arrayContaining(['application.submitted', 'change.approved', 'closeout.finalTrancheDue', 'project.closed']),
    );
    const keys = [
      ...applicationAuditActions().map((a) => `review.audit.${a}`),
      ...documentKinds().map((k) => `review.documentKind.${k}`),
      ...[
        'yearsRegistered',
        'minRating',
        'notDishonest',
        'amountWithinCeiling',
        'managementCap',
        'budgetSumsToRequested',
        'matchingFunds',
        'requiredAttachments',
      ].map((r) => `review.checkRule.${r}`),
      ...['COMMENDED', 'COMPLETED', 'FAILED', 'TERMINATED'].map((k) => `review.creditKind.${k}`),
      ...['FILED', 'UPHELD', 'DISMISSED'].map((s) => `review.objectionStatus.${s}`),
      ...['PENDING', 'SUBMITTED', 'RETURNED', 'ACCEPTED'].map((s) => `review.reportStatus.${s}`),
      ...['PENDING', 'APPROVED', 'REJECTED'].map((s) => `review.changeStatus.${s}`),
      ...['REALLOCATION', 'EXTENSION'].map((s) => `review.changeKind.${s}`),
      ...['ASSIGNED', 'SUBMITTED', 'DECLINED'].map((s) => `review.assignmentStatus.${s}`),
      ...['applicant', 'bureau'].map((s) => `review.party.${s}`),
      ...['SYSTEM', 'PUBLIC'].map((s) => `review.actor.${s}`),
      ...REVIEWER_QUEUES.flatMap((q) => [`review.queues.${q}.title`, `review.queues.${q}.nav`]),
      ...[
        'eligibility',
        'ruling',
        'signed',
        'report',
        'change',
        'evaluation',
        'scored',
        'declined',
        'tie',
        'creditProposed',
        'creditDecided',
      ].map((d) => `review.done.${d}`),
      ...['GOOD', 'DISHONEST'].map((s) => `review.creditStatus.${s}`),
      ...['PENDING', 'CONFIRMED', 'REFUSED'].map((s) => `review.creditChangeStatus.${s}`),
      ...['CONFIRM', 'REFUSE'].map((s) => `review.creditDecision.${s}`),
      ...['MIDTERM', 'FINAL_THIRD_PARTY', 'GOV_ON_ORG'].map((k) => `review.evaluation.intro.${k}`),
      ...['all', 'ASSIGNED', 'SUBMITTED', 'DECLINED'].map((s) => `review.expert.filter.${s}`),
      ...['assignments', 'ties'].map((k) => `review.expert.nav.${k}`),
      ...['inFuture', 'isDateString', 'number', 'min', 'max', 'decimals', 'unknownCriterion'].map((r) => `review.validation.${r}`),
      ...['decision', 'reason', 'revisionDeadline', 'ruling', 'note', 'summary', 'organizationId', 'scores', 'comments', 'kind'].map(
        (f) => `review.fields.${f}`,
      ),
      ...['PASS', 'RETURN', 'REJECT'].flatMap((v) => [`review.eligibility.${v}`, `review.eligibility.${v}hint`]),
      ...['DISMISSED', 'UPHELD'].flatMap((v) => [`review.objection.${v}`, `review.objection.${v}hint`]),
      ...['ACCEPT', 'RETURN'].flatMap((v) => [`review.report.${v}`, `review.report.${v}hint`]),
      ...['APPROVE', 'REJECT'].map((v) => `review.change.${v}`),
      ...Object.values(REVIEW_WORKSPACE_LINKS)
        .flatMap((links) => Object.keys(links ?? {}))
        .map((item) => `web.workspace.items.${item}`),
    ];
    for (const lang of ['zh-CN', 'en']) expect(keys.filter((k) => !has(lang, k))).toEqual([]);
  });
});

describe('reviewErrors', () => {
  const t = translator('zh-CN');
  const en = translator('en');

  it('names the field from the review dictionary and the rule from the shared one, whoever found the error', () => {
    const { byField, list } = reviewErrors(
      [
        { field: 'reason', rule: 'required', message: 'reason: 须填写理由（至少2个字）/ a reason is required' },
        { field: 'revisionDeadline', rule: 'inFuture', message: 'revisionDeadline: 补正期限须晚于当前时间 / must be in the future' },
        { field: 'reason', rule: 'maxLength', message: 'second error of the same field' },
      ],
      t,
      { idPrefix: 'eligibility-' },
    );
    expect(byField).toEqual({ reason: '请填写理由', revisionDeadline: '补正或修改期限须晚于当前时间' });
    expect(list.map((e) => e.field)).toEqual(['eligibility-reason', 'eligibility-revisionDeadline']);
  });

  it('names a rubric criterion and its maximum, never in Chinese on an English page', () => {
    const rubric: RubricCriterion[] = [
      { key: 'need', name: '需求分析', weight: 20 },
      { key: 'design', name: '项目设计', nameEn: 'Project design', weight: 30, maxScore: 10 },
    ];
    const errors = [
      { field: 'scores.need', rule: 'max', message: '“需求分析”得分不能超过20分' },
      { field: 'scores.design', rule: 'decimals', message: '…' },
    ];
    expect(reviewErrors(errors, t, { idPrefix: 'score-', rubric, lang: 'zh-CN' }).byField).toEqual({
      'scores.need': '需求分析的得分不能超过 20 分',
      'scores.design': '项目设计的得分最多保留两位小数',
    });
    const english = reviewErrors(errors, en, { idPrefix: 'score-', rubric, lang: 'en' });
    expect(english.byField).toEqual({
      'scores.need': 'need: the score cannot exceed 20',
      'scores.design': 'Project design: the score may have at most two decimals',
    });
    expect(english.list.map((e) => e.field)).toEqual(['score-need', 'score-design']);
  });

  it('reads the bounds a DTO declares when the rule needs them', async () => {
    const form = await validateDto(EligibilityDecisionDto, { decision: 'RETURN', reason: 'x'.repeat(2001) });
    expect(form.ok).toBe(false);
    if (form.ok) return;
    expect(reviewErrors(form.errors, t, { idPrefix: 'e-', bounds: { reason: { max: 2000 } } }).byField).toEqual({
      reason: '理由不能超过 2000 个字',
    });
  });
});

describe('posted review forms', () => {
  it('reads the rubric as numbers, passing anything else on for the scoring rule to name', () => {
    const form = readRubric(DEFAULT_RUBRIC, {
      scores: { needsAnalysis: '12.5', projectDesign: 'abc', feasibility: '', other: '3' },
      comments: { needsAnalysis: ' 扎实 ', innovation: '' },
    });
    expect(form.scores).toEqual({ needsAnalysis: 12.5, projectDesign: 'abc' });
    expect(form.comments).toEqual({ needsAnalysis: '扎实' });
    expect(form.typed.scores.projectDesign).toBe('abc');
    const result = totalScore(DEFAULT_RUBRIC, form.scores);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.find((e) => e.field === 'scores.projectDesign')?.rule).toBe('number');
  });

  it('labels the options of a decision', () => {
    expect(choices(translator('en'), 'report', ['ACCEPT', 'RETURN'], true).map((c) => c.label)).toEqual(['Accept', 'Return for revision']);
  });
});

describe('the running total in review.js', () => {
  /** Runs the page script against a minimal rubric form and returns what its total shows. */
  function runScript(rubric: ReadonlyArray<RubricCriterion>, values: Record<string, string>) {
    // Each score's out-of-range message, as review-rubric.hbs renders it: hidden until review.js shows it.
    const marks = new Map(rubric.map((c) => [`score-${c.key}-range`, { id: `score-${c.key}-range`, hidden: true }]));
    const inputs = rubric.map((c) => {
      const attributes = new Map<string, string>([
        ['data-max', String(c.maxScore ?? c.weight)],
        ['data-weight', String(c.weight)],
      ]);
      return {
        id: `score-${c.key}`,
        value: values[c.key] ?? '',
        listeners: [] as (() => void)[],
        getAttribute: (name: string) => attributes.get(name) ?? null,
        setAttribute: (name: string, value: string) => attributes.set(name, value),
        removeAttribute: (name: string) => attributes.delete(name),
        closest: () => null,
        addEventListener(_: string, fn: () => void) {
          this.listeners.push(fn);
        },
      };
    });
    const output = { textContent: '' };
    const partial = { hidden: true };
    const box = { hidden: true, querySelector: () => output, classList: { toggle: () => undefined } };
    const form = {
      querySelectorAll: () => inputs,
      querySelector: (sel: string) => (sel === '[data-running-total]' ? box : sel === '[data-total-partial]' ? partial : { hidden: false }),
    };
    const document = { querySelectorAll: () => [form], getElementById: (id: string) => marks.get(id) ?? null };
    runInNewContext(readFileSync(join(dir, 'assets', 'review.js'), 'utf8'), { document });
    expect(box.hidden).toBe(false);
    return { total: output.textContent, partial, marks, inputs };
  }

  function runningTotal(rubric: ReadonlyArray<RubricCriterion>, values: Record<string, string>): string {
    return runScript(rubric, values).total;
  }

  it('adds in exact hundredths as the scoring rule does, scaled criteria included', () => {
    const scaled: RubricCriterion[] = [
      { key: 'a', name: '甲', weight: 15, maxScore: 7 },
      { key: 'b', name: '乙', weight: 10, maxScore: 3 },
      { key: 'c', name: '丙', weight: 75 },
    ];
    const cases: [ReadonlyArray<RubricCriterion>, Record<string, string>][] = [
      [EVALUATION_RUBRICS.MIDTERM, { completion: '34.33', quality: '21.34', satisfaction: '17.33', finance: '13' }],
      [
        DEFAULT_RUBRIC,
        {
          needsAnalysis: '0.1',
          projectDesign: '0.2',
          feasibility: '14.99',
          innovation: '9.7',
          teamCapacity: '15',
          budgetSoundness: '0.01',
          sustainability: '10',
        },
      ],
      [scaled, { a: '6.5', b: '2.33', c: '70.01' }],
    ];
    for (const [rubric, typed] of cases) {
      const expected = totalScore(rubric, Object.fromEntries(Object.entries(typed).map(([k, v]) => [k, Number(v)])));
      expect(expected.ok).toBe(true);
      if (expected.ok) expect(runningTotal(rubric, typed)).toBe(expected.total);
    }
  });

  it('counts what is not a score yet as nothing', () => {
    expect(runningTotal(EVALUATION_RUBRICS.MIDTERM, { completion: '30', quality: 'x', satisfaction: '', finance: '99' })).toBe('30.00');
  });

  it('marks a score above its maximum beside its field, leaves it out of the total and says the total is partial', () => {
    const rubric: RubricCriterion[] = [
      { key: 'a', name: '甲', weight: 15 },
      { key: 'b', name: '乙', weight: 85 },
    ];
    const over = runScript(rubric, { a: '16', b: '80' });
    expect(over.total).toBe('80.00');
    expect(over.partial.hidden).toBe(false);
    expect(over.marks.get('score-a-range')?.hidden).toBe(false);
    expect(over.marks.get('score-b-range')?.hidden).toBe(true);
    expect(over.inputs[0].getAttribute('aria-invalid')).toBe('true');
    expect(over.inputs[0].getAttribute('aria-describedby')).toBe('score-a-range');
    expect(over.inputs[1].getAttribute('aria-invalid')).toBeNull();

    const within = runScript(rubric, { a: '15', b: '80' });
    expect(within.total).toBe('95.00');
    expect(within.partial.hidden).toBe(true);
    expect(within.marks.get('score-a-range')?.hidden).toBe(true);
  });
});
