import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StaleVersionError, ValidationFailedError } from '../../common/errors';
import { CreateRoundDto } from '../../rounds/rounds.dto';
import { decide, refusalBox, validateDto } from '../forms';
import { webTemplatesDir } from '../web-templates';
import { barChart } from './bar-chart';
import { OFFICE_FIELDS, OFFICE_RULES, officeErrors, officeForm, splitField } from './office-messages';
import { fromChinaLocal, newRoundValues, readRoundForm, roundBody, roundDtoOf, toChinaLocal } from './round-form';

type Dict = { [key: string]: string | Dict };
const dict = (lang: string) => JSON.parse(readFileSync(join(webTemplatesDir(), 'i18n', lang, 'office.json'), 'utf8')) as Dict;
const has = (d: Dict, key: string) =>
  typeof key.split('.').reduce<Dict | string | undefined>((x, p) => (typeof x === 'object' ? x[p] : undefined), d) === 'string';
const t = (key: string, args?: Record<string, unknown>) => `${key}${args ? JSON.stringify(args) : ''}`;

describe('office dictionaries', () => {
  it('hold every key the office pages build at run time, in both languages', () => {
    const built = [
      ...OFFICE_RULES.map((r) => `rules.${r}`),
      ...OFFICE_FIELDS.map((f) => `fields.${f.replace(/\./g, '_')}`),
      ...['ASSIGNED', 'DECLINED', 'SUBMITTED'].map((s) => `assignmentStatus.${s}`),
      ...['PENDING', 'SUBMITTED', 'RETURNED', 'ACCEPTED'].map((s) => `reportStatus.${s}`),
      'finance.done.requested',
      'finance.done.approved',
      'round.done.created',
      'round.done.updated',
      'round.done.published',
      'panel.done.formed',
      ...['closed', 'cut', 'noticed', 'approved'].map((d) => `ranking.done.${d}`),
      'project.done.evaluator',
      'project.done.terminated',
      ...['province', 'city', 'county'].map((l) => `dashboard.level.${l}`),
    ];
    for (const lang of ['zh-CN', 'en']) expect(built.filter((k) => !has(dict(lang), k))).toEqual([]);
  });
});

describe('officeErrors', () => {
  it('names a row of the rubric and the rule, whichever way the field path is written', () => {
    expect(splitField('rubric[2].weight')).toEqual({ path: 'rubric.weight', row: 2, id: 'rubric-2-weight' });
    expect(splitField('rubric.2.weight')).toEqual({ path: 'rubric.weight', row: 2, id: 'rubric-2-weight' });
    const { byField, list } = officeErrors(
      [
        { field: 'rubric', rule: 'weightsSum100', message: '…' },
        { field: 'tranchePlan.0.percent', rule: 'isInt', message: '…' },
        { field: 'name', rule: 'minLength', message: '…' },
      ],
      t,
      roundDtoOf,
      { weights: 90 },
    );
    expect(byField.rubric).toBe('office.rules.weightsSum100{"field":"office.fields.rubric","weights":90}');
    expect(byField['tranchePlan-0-percent']).toMatch(
      /^office\.form\.rowMessage\{"row":1,"message":"office\.rules\.isInt\{\\"field\\":\\"office\.fields\.tranchePlan_percent\\"/,
    );
    expect(byField.name).toContain('"min":2');
    expect(list.map((e) => e.field)).toEqual(['rubric', 'tranchePlan-0-percent', 'name']);
  });

  it("shows what the workflow refused on a page with no form in the refusal box, a stale round in the office's words", async () => {
    const page = officeForm('en', t);
    const invalid = await decide(page, () =>
      Promise.reject(new ValidationFailedError([{ field: 'amount', rule: 'notAboveRequested', message: '…' }])),
    );
    expect(!invalid.ok && refusalBox(invalid)).toEqual({
      status: 400,
      errors: ['office.rules.notAboveRequested{"field":"office.fields.amount"}'],
    });
    const stale = await decide(page, () => Promise.reject(new StaleVersionError('Round', 1, 2)));
    expect(!stale.ok && refusalBox(stale)).toEqual({ status: 409, message: 'office.refusal.stale' });
  });
});

describe('round form', () => {
  const user = {
    id: 'u',
    username: 'm',
    displayName: 'M',
    role: 'PROGRAM_MANAGER' as const,
    regionCode: '330100',
    organizationIds: [],
    sessionId: 's',
    mustChangePassword: false,
  };

  it('reads China time both ways', () => {
    expect(fromChinaLocal('2027-03-01T09:00')).toBe('2027-03-01T09:00:00+08:00');
    expect(toChinaLocal('2027-03-01T01:00:05.000Z')).toBe('2027-03-01T09:00:05');
  });

  it('builds a body CreateRoundDto accepts from the default form, and drops cleared rows', async () => {
    const v = newRoundValues(user);
    const posted = {
      name: '2027年度社区公益创投',
      kind: 'VENTURE',
      regionCode: '330100',
      categories: '为老\n为小、助残',
      budgetPool: '1,000,000.00',
      projectCeiling: '150000',
      opensAt: v.opensAt,
      closesAt: v.closesAt,
      minYearsRegistered: '2',
      minRating: '3A',
      excludeDishonest: 'true',
      rubricKey: [...v.rubric.map((r) => r.key), ''],
      rubricName: [...v.rubric.map((r) => r.name), ''],
      rubricNameEn: [...v.rubric.map((r) => r.nameEn), ''],
      rubricWeight: [...v.rubric.map((r) => r.weight), ''],
      trancheStage: v.tranchePlan.map((s) => s.stage),
      tranchePercent: v.tranchePlan.map((s) => s.percent),
      trancheLabel: v.tranchePlan.map((s) => s.label),
      expertsPerApplication: '3',
      passMark: '',
      matchingFundsPercent: '',
    };
    const form = readRoundForm(posted);
    expect(form.rubric).toHaveLength(7);
    const { body, sums } = roundBody(form, false);
    expect(sums).toEqual({ weights: 100, percents: 100 });
    expect(body).toMatchObject({
      categories: ['为老', '为小', '助残'],
      budgetPool: '1000000.00',
      expertsPerApplication: 3,
      eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true },
    });
    expect(body.passMark).toBeUndefined();
    const checked = await validateDto(CreateRoundDto, body);
    expect(checked.ok).toBe(true);
  });

  it('reads the reminder leads as typed (commas of either width, spaces), and leaves a word for the DTO to refuse by name', async () => {
    const leads = (typed: string) => roundBody(readRoundForm({ reminderLeadDays: typed }), false).body.reminderLeadDays;
    expect(leads('7，3, 1')).toEqual([7, 3, 1]);
    expect(leads('5 2')).toEqual([5, 2]);
    expect(leads('  ')).toBeUndefined();
    const body = roundBody(readRoundForm({ reminderLeadDays: '3, 三' }), false).body;
    expect(body.reminderLeadDays).toEqual([3, '三']);
    const checked = await validateDto(CreateRoundDto, body);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.errors.map((e) => e.field)).toContain('reminderLeadDays');
  });

  it('names the bad cell of a row when the DTO refuses it', async () => {
    const form = readRoundForm({
      rubricKey: ['need'],
      rubricName: ['需求'],
      rubricWeight: ['很多'],
      trancheStage: ['AGREEMENT_SIGNED'],
      tranchePercent: ['100'],
    });
    const checked = await validateDto(CreateRoundDto, roundBody(form, false).body);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => e.field)).toEqual(expect.arrayContaining(['rubric.0.weight', 'name', 'budgetPool']));
  });
});

describe('barChart', () => {
  it('draws bars in proportion to exact amounts, a small non-zero value still visible', () => {
    const chart = barChart('c', 'title', 'desc', [
      { label: 'a', value: '999999999999.99', valueText: 'x' },
      { label: 'b', value: '0.01', valueText: 'y' },
      { label: 'c', value: '0.00', valueText: 'z' },
    ]);
    expect(chart.bars.map((b) => b.barWidth)).toEqual([300, 2, 0]);
    expect(chart.height).toBe(8 * 2 + 3 * 32);
  });

  it('stacks the same bars for phones: labels above bars, in a drawing 300 wide', () => {
    const chart = barChart('c', 'title', 'desc', [
      { label: '一个很长很长很长很长很长很长的服务类别名称', value: '200', valueText: 'x' },
      { label: 'b', value: '50', valueText: 'y' },
      { label: 'c', value: '0', valueText: 'z' },
    ]);
    expect(chart.narrow.width).toBe(300);
    expect(chart.narrow.bars.map((b) => b.barWidth)).toEqual([170, 42.5, 0]);
    expect(chart.narrow.bars.map((b) => b.label)).toEqual(chart.bars.map((b) => b.label));
    // Each label sits above its own bar, and the rows do not overlap.
    for (const [k, b] of chart.narrow.bars.entries()) {
      expect(b.labelY).toBeLessThan(b.barY);
      if (k > 0) expect(b.labelY - 14).toBeGreaterThan(chart.narrow.bars[k - 1].barY + 16);
    }
    expect(chart.narrow.height).toBe(8 * 2 + 3 * 50);
  });
});
