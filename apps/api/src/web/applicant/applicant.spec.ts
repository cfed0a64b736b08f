import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANGE_KINDS, REPORT_STATUSES } from '@workflows/rules';
import { CreateApplicationDto } from '../../applications/applications.dto';
import { ATTACHMENT_RULES } from '../../applications/attachment-rules';
import { StaleVersionError } from '../../common/errors';
import { decide, validateDto } from '../forms';
import { webTemplatesDir } from '../web-templates';
import { formField, moneyTotal, readRows } from './applicant-forms';
import { CHANGE_STATUSES, DOCUMENT_KINDS, ELIGIBILITY_RULES, HISTORY_ACTIONS } from './applicant-labels';
import { applicantErrors, applicantForm, errorMessage, FIELD_NAMES, OWN_RULES, ROW_GROUPS } from './applicant-messages';
import { APPLICATION_VIEWS } from './applicant-reads.service';
import { readApplication } from './application-form';

type Dict = { [key: string]: string | Dict };
const dict = (lang: string) => JSON.parse(readFileSync(join(webTemplatesDir(), 'i18n', lang, 'applicant.json'), 'utf8')) as Dict;
const lookup = (d: Dict, key: string) =>
  key.split('.').reduce<Dict | string | undefined>((x, k) => (typeof x === 'object' ? x[k] : undefined), d);
// A translator over the real dictionaries, with nestjs-i18n's {name} arguments.
const translator = (lang: string) => {
  const own = dict(lang);
  const web = JSON.parse(readFileSync(join(webTemplatesDir(), 'i18n', lang, 'web.json'), 'utf8')) as Dict;
  return (key: string, args: Record<string, unknown> = {}) => {
    const [ns, ...rest] = key.split('.');
    const found = lookup(ns === 'applicant' ? own : web, rest.join('.'));
    return typeof found === 'string' ? found.replace(/\{(\w+)\}/g, (_, k: string) => String(args[k] ?? '')) : key;
  };
};

describe('applicant dictionaries', () => {
  // Keys built at run time from a value: every value must have its sentence in both languages.
  const dynamic = [
    ...FIELD_NAMES.map((f) => `fields.${f}`),
    'fields.other',
    ...ROW_GROUPS.map((g) => `rows.${g}`),
    ...OWN_RULES.map((r) => `validation.${r}`),
    ...HISTORY_ACTIONS.map((a) => `history.${a.replace(/\./g, '_')}`),
    ...DOCUMENT_KINDS.map((k) => `documentKind.${k}`),
    ...Object.keys(ATTACHMENT_RULES.kinds).map((k) => `attachmentKind.${k}`),
    ...REPORT_STATUSES.map((s) => `reportStatus.${s}`),
    ...CHANGE_STATUSES.map((s) => `changeStatus.${s}`),
    ...CHANGE_KINDS.map((k) => `changeKind.${k}`),
    ...ELIGIBILITY_RULES.map((r) => `eligibility.${r}`),
    ...Object.keys(APPLICATION_VIEWS).map((v) => `applications.views.${v}`),
    'creditStatus.GOOD',
    'creditStatus.DISHONEST',
    ...['created', 'saved', 'uploaded', 'submitted', 'signed', 'reportSubmitted', 'changePending', 'changeApplied', 'evaluated'].map(
      (n) => `notices.${n}`,
    ),
  ];

  it.each(['zh-CN', 'en'])('have every key built at run time in %s', (lang) => {
    const d = dict(lang);
    expect(dynamic.filter((k) => typeof lookup(d, k) !== 'string')).toEqual([]);
  });
});

describe('applicant forms', () => {
  it('reads rows by their posted names, a blank row being one to drop', () => {
    const rows = readRows(
      { 'budget-0-type': 'ACTIVITY', 'budget-0-amount': ' 10.00 ', 'budget-2-amount': '5', 'other-1-x': 'y' },
      'budget',
      ['type', 'amount'],
    );
    expect(rows).toEqual([
      { index: 0, values: { type: 'ACTIVITY', amount: '10.00' }, blank: false },
      { index: 1, values: { type: '', amount: '' }, blank: true },
      { index: 2, values: { type: '', amount: '5' }, blank: false },
    ]);
  });

  it("builds the API's application and places its errors on the rows as they were posted", async () => {
    const body = {
      title: '项目',
      category: '为老',
      summary: '足够长的项目概述文字内容',
      beneficiaries: '老人',
      requestedAmount: '100.00',
      matchingFunds: '',
      'budget-0-type': 'ACTIVITY',
      'budget-0-description': '活动',
      'budget-0-amount': '50.00',
      'budget-2-type': 'PERSONNEL',
      'budget-2-description': '人员',
      'budget-2-amount': '50.001',
      'indicator-0-name': '服务人次',
      'indicator-0-unit': '人次',
      'indicator-0-target': '12',
      'milestone-0-title': '完成',
      'milestone-0-dueOn': '2027-01-31',
      'milestone-0-deliverable': '总结',
    };
    const posted = readApplication(body, 'omit');
    expect(posted.fields).not.toHaveProperty('matchingFunds');
    expect(posted.fields.indicators).toEqual([{ name: '服务人次', unit: '人次', target: 12 }]);
    const checked = await validateDto(CreateApplicationDto, {
      roundId: '6f1c1a44-5a44-4d7a-9a55-6d5b8c1e2f30',
      organizationId: '6f1c1a44-5a44-4d7a-9a55-6d5b8c1e2f31',
      ...posted.fields,
    });
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual([expect.objectContaining({ field: 'budgetLines.1.amount', rule: 'isMoney' })]);
    const errors = applicantErrors(checked.errors, translator('zh-CN'), 'zh-CN', posted.field);
    expect(errors.byField).toEqual({ 'budget-2-amount': '预算第 3 行：金额（元）须为不小于 0 的金额，最多两位小数，例如 1000.00' });
    expect(readApplication(body, 'clear').fields.matchingFunds).toBeNull();
  });

  it("maps API paths to the forms' field names", () => {
    const groups = { budgetLines: { group: 'cbudget', indexes: [0, 3] } };
    expect(formField('budgetLines[1].type', groups)).toBe('cbudget-3-type');
    expect(formField('budgetLines.0.amount', groups)).toBe('cbudget-0-amount');
    expect(formField('budgetLines', groups)).toBe('budgetLines');
    expect(formField('scores.support', {}, { scores: 'score' })).toBe('score-support');
    expect(formField('narrative')).toBe('narrative');
  });

  it('adds money as decimals, leaving out what is not money', () => {
    expect(moneyTotal(['0.10', '0.20', 'abc', '', '999999999999.99'])).toBe('1000000000000.29');
  });
});

describe('applicant error messages', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it("quote the shared rule's exact Chinese sentence on a Chinese page, and the dictionary on an English one", () => {
    const e = { field: 'creditCode', rule: 'isCreditCode', message: 'creditCode: 统一社会信用代码校验位错误' };
    expect(errorMessage(e, zh, 'zh-CN')).toBe('统一社会信用代码校验位错误');
    expect(errorMessage(e, en, 'en')).toBe(
      'Unified social credit code is not a valid code: check its 18 characters and the check character',
    );
  });

  it("name the field and the bound of class-validator's own rules", () => {
    const e = { field: 'indicator-1-target', rule: 'min', message: 'target must not be less than 0' };
    expect(errorMessage(e, zh, 'zh-CN')).toBe('指标 2：目标值不能小于 0');
    expect(
      errorMessage({ field: 'title', rule: 'minLength', message: 'title must be longer than or equal to 2 characters' }, en, 'en'),
    ).toBe('Project title must be at least 2 characters');
  });

  it("use a criterion's own name for a score", () => {
    const e = { field: 'score-support', rule: 'max', message: 'scores.support: “支持与指导”得分不能超过30分' };
    expect(errorMessage(e, en, 'en', { 'score-support': 'Support and guidance' })).toBe('Support and guidance must be at most 30');
  });

  it("name a report status and keep what was typed after a stale write, in the applicant's words", async () => {
    const page = applicantForm('en', en);
    const stale = await decide(page, () => Promise.reject(new StaleVersionError('Application', 3, 4)));
    expect(!stale.ok && stale.refusal?.message).toBe(en('applicant.refusal.stale', { version: 4 }));
    expect(page.wording?.stage?.('SUBMITTED')).toBe(en('applicant.reportStatus.SUBMITTED'));
    expect(page.wording?.stage?.('IMPLEMENTATION')).toBe('In implementation');
  });
});
