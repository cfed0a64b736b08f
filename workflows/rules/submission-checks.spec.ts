import { applicationWindow, blockingChecks, checkRequiredAttachments, checkSubmission, warningChecks } from './submission-checks';
import type { SubmissionInput } from './submission-checks';

const asOf = new Date('2026-12-06T00:00:00Z');

function input(over: Partial<SubmissionInput> = {}): SubmissionInput {
  return {
    organization: {
      registeredAt: new Date('2015-01-01T00:00:00Z'),
      rating: '4A',
      ratingValidUntil: new Date('2029-01-01T00:00:00Z'),
      factsStatus: 'VERIFIED',
      creditStatus: 'GOOD',
      dishonestUntil: null,
    },
    eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true, requiredAttachments: ['IMPLEMENTATION_PLAN'] },
    application: {
      requestedAmount: '100000.00',
      budgetLines: [
        { type: 'PERSONNEL', amount: '50000.00' },
        { type: 'ACTIVITY', amount: '29000.00' },
        { type: 'MANAGEMENT', amount: '15000.00' },
      ],
    },
    round: { projectCeiling: '150000.00', managementCapPercent: 10 },
    attachmentKinds: [],
    ...over,
  };
}

describe('checkSubmission', () => {
  it('fails the budget sum, the management cap and the missing attachment as hard rules, naming fields and both languages', () => {
    const checks = checkSubmission(input(), asOf);
    expect(blockingChecks(checks).map((c) => [c.rule, c.field])).toEqual([
      ['managementCap', 'budgetLines'],
      ['budgetSumsToRequested', 'budgetLines'],
      ['requiredAttachments', 'attachments'],
    ]);
    expect(checks.find((c) => c.rule === 'requiredAttachments')).toMatchObject({
      label: { zh: '必备附件', en: 'required attachments' },
      reason: '缺少必备附件：实施方案',
    });
    expect(warningChecks(checks)).toEqual([]);
  });

  it("treats the organization's unverified facts as warnings, and lists required attachments only where the round asks", () => {
    const organization = { ...input().organization, factsStatus: 'UNVERIFIED' as const };
    const lines = [
      { type: 'PERSONNEL' as const, amount: '90000.00' },
      { type: 'MANAGEMENT' as const, amount: '10000.00' },
    ];
    const checks = checkSubmission(
      input({ organization, application: { requestedAmount: '100000.00', budgetLines: lines }, attachmentKinds: ['IMPLEMENTATION_PLAN'] }),
      asOf,
    );
    expect(blockingChecks(checks)).toEqual([]);
    expect(warningChecks(checks).map((c) => c.rule)).toEqual(['yearsRegistered', 'minRating']);
    const none = checkSubmission(input({ eligibility: { minYearsRegistered: 2, excludeDishonest: true } }), asOf);
    expect(none.map((c) => c.rule)).not.toContain('requiredAttachments');
    expect(checkRequiredAttachments(['BUDGET_DETAIL'], ['BUDGET_DETAIL', 'OTHER'])).toMatchObject({ passed: true });
  });
});

describe('applicationWindow', () => {
  const opens = new Date('2026-12-07T01:00:00Z');
  const closes = new Date('2026-12-20T15:59:00Z');

  it("refuses before and after with the window's times in China time, and lets a submission in between", () => {
    const before = applicationWindow(opens, closes, new Date('2026-12-07T00:59:59Z'));
    expect(before).toMatchObject({ state: 'before', opensAtLocal: '2026-12-07 09:00', closesAtLocal: '2026-12-20 23:59' });
    expect(before.refusal).toBe(
      '申报尚未开始，不能提交：申报期为 2026-12-07 09:00 至 2026-12-20 23:59（北京时间） / the application window has not opened yet: ' +
        'it runs from 2026-12-07 09:00 to 2026-12-20 23:59 (China time, Asia/Shanghai)',
    );
    expect(applicationWindow(opens, closes, opens)).not.toHaveProperty('refusal');
    expect(applicationWindow(opens, closes, opens).state).toBe('open');
    const after = applicationWindow(opens, closes, closes);
    expect(after.state).toBe('after');
    expect(after.refusal).toContain('申报已截止，不能提交：申报期为 2026-12-07 09:00 至 2026-12-20 23:59（北京时间）');
  });
});
