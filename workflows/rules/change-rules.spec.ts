import { assessExtension, assessReallocation } from './change-rules';
import type { ChangeBudgetLine } from './change-rules';

const budget: ChangeBudgetLine[] = [
  { type: 'PERSONNEL', description: '社工补贴', amount: '40000.00' },
  { type: 'ACTIVITY', description: '社区活动', amount: '30000.00' },
  { type: 'ACTIVITY', description: '志愿者培训', amount: '10000.00' },
  { type: 'MATERIAL', amount: '15000.00' },
  { type: 'MANAGEMENT', amount: '5000.00' },
];

describe('assessReallocation', () => {
  it('accepts a small shift without approval and lists only the types that changed', () => {
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '40000.00' },
      { type: 'ACTIVITY', amount: '41000.00' },
      { type: 'MATERIAL', amount: '14000.00' },
      { type: 'MANAGEMENT', amount: '5000.00' },
    ];
    expect(assessReallocation(budget, after)).toEqual({
      ok: true,
      needsApproval: false,
      changes: [
        { type: 'ACTIVITY', before: '40000.00', after: '41000.00', deltaPercent: '2.50' },
        { type: 'MATERIAL', before: '15000.00', after: '14000.00', deltaPercent: '6.67' },
      ],
    });
  });

  it('needs approval when a type moves strictly more than the threshold', () => {
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '35000.00' },
      { type: 'ACTIVITY', amount: '45000.00' },
      { type: 'MATERIAL', amount: '15000.00' },
      { type: 'MANAGEMENT', amount: '5000.00' },
    ];
    const result = assessReallocation(budget, after);
    expect(result).toMatchObject({ ok: true, needsApproval: true });
    if (result.ok) expect(result.changes.map((c) => c.deltaPercent)).toEqual(['12.50', '12.50']);
  });

  it('does not need approval for a shift of exactly the threshold', () => {
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '36000.00' },
      { type: 'ACTIVITY', amount: '44000.00' },
      { type: 'MATERIAL', amount: '15000.00' },
      { type: 'MANAGEMENT', amount: '5000.00' },
    ];
    expect(assessReallocation(budget, after)).toMatchObject({ ok: true, needsApproval: false });
  });

  it('judges the threshold on the exact ratio, not the rounded percentage shown', () => {
    const before: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '99999.99' },
      { type: 'ACTIVITY', amount: '100000.00' },
    ];
    // 10000.00 / 99999.99 is 10.0000001 %, shown as 10.00 but above the threshold.
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '89999.99' },
      { type: 'ACTIVITY', amount: '110000.00' },
    ];
    const result = assessReallocation(before, after);
    expect(result).toMatchObject({ ok: true, needsApproval: true });
    if (result.ok) expect(result.changes[0]).toEqual({ type: 'PERSONNEL', before: '99999.99', after: '89999.99', deltaPercent: '10.00' });
  });

  it('uses the threshold given by the round', () => {
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '38000.00' },
      { type: 'ACTIVITY', amount: '42000.00' },
      { type: 'MATERIAL', amount: '15000.00' },
      { type: 'MANAGEMENT', amount: '5000.00' },
    ];
    expect(assessReallocation(budget, after, 10)).toMatchObject({ needsApproval: false });
    expect(assessReallocation(budget, after, 4)).toMatchObject({ needsApproval: true });
  });

  it('needs approval when a new type appears, reporting 100.00 % for it', () => {
    const after: ChangeBudgetLine[] = [
      ...budget.slice(0, 4),
      { type: 'MANAGEMENT', amount: '4900.00' },
      { type: 'PUBLICITY', amount: '100.00' },
    ];
    const result = assessReallocation(budget, after, 50);
    expect(result).toEqual({
      ok: true,
      needsApproval: true,
      changes: [
        { type: 'PUBLICITY', before: '0.00', after: '100.00', deltaPercent: '100.00' },
        { type: 'MANAGEMENT', before: '5000.00', after: '4900.00', deltaPercent: '2.00' },
      ],
    });
  });

  it('needs approval when a type with money disappears, even under a 100 % threshold', () => {
    const after: ChangeBudgetLine[] = [
      { type: 'PERSONNEL', amount: '45000.00' },
      { type: 'ACTIVITY', amount: '40000.00' },
      { type: 'MATERIAL', amount: '15000.00' },
    ];
    const result = assessReallocation(budget, after, 100);
    expect(result).toMatchObject({ ok: true, needsApproval: true });
    if (result.ok) expect(result.changes).toContainEqual({ type: 'MANAGEMENT', before: '5000.00', after: '0.00', deltaPercent: '100.00' });
  });

  it('ignores a type that appears or disappears with a zero amount', () => {
    const after: ChangeBudgetLine[] = [...budget, { type: 'PUBLICITY', amount: '0.00' }];
    expect(assessReallocation(budget, after)).toEqual({ ok: true, needsApproval: false, changes: [] });
    expect(assessReallocation(after, budget)).toEqual({ ok: true, needsApproval: false, changes: [] });
  });

  it('refuses a change of the total and states both totals in Chinese', () => {
    const after: ChangeBudgetLine[] = [...budget, { type: 'PUBLICITY', amount: '500.50' }];
    expect(assessReallocation(budget, after)).toEqual({
      ok: false,
      errors: [
        {
          field: 'budgetLines',
          rule: 'totalUnchanged',
          message: '调整后预算合计 100500.50 元，与原预算合计 100000.00 元不一致（相差 500.50 元）；预算调整不能改变项目总额',
        },
      ],
    });
  });

  it('names each malformed line of the request instead of throwing', () => {
    const after = [{ type: 'TRAVEL', amount: '1.00' }, { type: 'ACTIVITY', amount: '-5' }, null] as unknown as ChangeBudgetLine[];
    const result = assessReallocation(budget, after);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.map((e) => [e.field, e.rule])).toEqual([
        ['budgetLines[0].type', 'type'],
        ['budgetLines[1].amount', 'money'],
        ['budgetLines[2].type', 'type'],
        ['budgetLines[2].amount', 'money'],
      ]);
      expect(result.errors[0]?.message).toBe('调整后预算第1行的费用类型无效，应为人员费、活动费、物资费、宣传费、管理费之一');
    }
  });

  it('refuses an empty request', () => {
    expect(assessReallocation(budget, [])).toEqual({
      ok: false,
      errors: [{ field: 'budgetLines', rule: 'required', message: '调整后的预算明细至少需要一行' }],
    });
  });

  it('throws on a threshold outside 0–100', () => {
    expect(() => assessReallocation(budget, budget, -1)).toThrow(RangeError);
    expect(() => assessReallocation(budget, budget, Number.NaN)).toThrow(RangeError);
  });
});

describe('assessExtension', () => {
  const ends = '2026-12-31T16:00:00Z';
  const month = 30 * 86_400_000;

  it('accepts a later end within the maximum and reports the extension', () => {
    expect(assessExtension(ends, '2027-01-30T16:00:00Z', 2 * month)).toEqual({ ok: true, extensionMs: month });
  });

  it('accepts an end exactly at the maximum, whatever offset it is written in', () => {
    expect(assessExtension(ends, '2027-03-02T00:00:00+08:00', 2 * month)).toEqual({ ok: true, extensionMs: 2 * month });
  });

  it('refuses an end that is not later than the current one', () => {
    expect(assessExtension(ends, '2027-01-01T00:00:00+08:00', month)).toEqual({
      ok: false,
      errors: [{ field: 'newEndsAt', rule: 'later', message: '延期后的结束时间应晚于当前结束时间 2026-12-31T16:00:00.000Z' }],
    });
  });

  it('refuses an extension beyond the maximum and shows the latest allowed end', () => {
    expect(assessExtension(ends, '2027-03-02T16:00:00.001Z', 2 * month)).toEqual({
      ok: false,
      errors: [
        {
          field: 'newEndsAt',
          rule: 'maxExtension',
          message:
            '延期超过上限：当前结束时间 2026-12-31T16:00:00.000Z，最晚可延至 2027-03-01T16:00:00.000Z，申请延至 2027-03-02T16:00:00.001Z',
        },
      ],
    });
  });

  it('refuses a requested end that is not an instant with an offset', () => {
    expect(assessExtension(ends, '2027-01-30', month)).toMatchObject({ ok: false, errors: [{ field: 'newEndsAt', rule: 'instant' }] });
    expect(assessExtension(ends, 42 as unknown as string, month)).toMatchObject({
      ok: false,
      errors: [{ field: 'newEndsAt', rule: 'instant' }],
    });
  });

  it('throws on a negative maximum', () => {
    expect(() => assessExtension(ends, '2027-01-30T16:00:00Z', -1)).toThrow(RangeError);
  });
});
