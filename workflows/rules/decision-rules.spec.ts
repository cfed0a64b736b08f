import { chinaDateTimeText } from './china-date';
import { eligibilityDecisionErrors, reasonErrors, reportReviewErrors } from './decision-rules';

const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('eligibilityDecisionErrors', () => {
  it('names both the missing reason and the missing deadline of a return at once', () => {
    expect(eligibilityDecisionErrors({ decision: 'RETURN' }, NOW).map((e) => [e.field, e.rule])).toEqual([
      ['reason', 'required'],
      ['revisionDeadline', 'required'],
    ]);
  });

  it('refuses a deadline that is not later than now, and a reason under two characters', () => {
    expect(
      eligibilityDecisionErrors({ decision: 'RETURN', reason: ' 缺', revisionDeadline: '2026-12-06T12:00:00Z' }, NOW).map((e) => [
        e.field,
        e.rule,
      ]),
    ).toEqual([
      ['reason', 'required'],
      ['revisionDeadline', 'inFuture'],
    ]);
    expect(eligibilityDecisionErrors({ decision: 'RETURN', reason: '材料不全', revisionDeadline: 'soon' }, NOW)).toHaveLength(1);
  });

  it('accepts a full return, a reasoned rejection and a pass without reason', () => {
    expect(eligibilityDecisionErrors({ decision: 'RETURN', reason: '材料不全', revisionDeadline: '2026-12-20T15:59:59Z' }, NOW)).toEqual(
      [],
    );
    expect(eligibilityDecisionErrors({ decision: 'REJECT', reason: '不符合申报条件' }, NOW)).toEqual([]);
    expect(eligibilityDecisionErrors({ decision: 'REJECT' }, NOW).map((e) => e.field)).toEqual(['reason']);
    expect(eligibilityDecisionErrors({ decision: 'PASS' }, NOW)).toEqual([]);
  });

  it('reads a reason of another field under that field', () => {
    expect(reasonErrors('', 'ruling')[0]).toMatchObject({ field: 'ruling', rule: 'required' });
    expect(reasonErrors('理由')).toEqual([]);
  });
});

describe('reportReviewErrors', () => {
  it('names a missing note and a missing deadline of a returned report at once, and asks nothing of an acceptance', () => {
    expect(reportReviewErrors({ decision: 'RETURN', note: '' }, NOW).map((e) => [e.field, e.rule])).toEqual([
      ['note', 'required'],
      ['revisionDeadline', 'inFuture'],
    ]);
    expect(reportReviewErrors({ decision: 'RETURN', note: '请补充活动照片', revisionDeadline: '2026-12-20T15:59:59Z' }, NOW)).toEqual([]);
    expect(reportReviewErrors({ decision: 'ACCEPT' }, NOW)).toEqual([]);
  });
});

describe('chinaDateTimeText', () => {
  it('shows an instant in China time to the minute, in both languages, as the portal does', () => {
    expect(chinaDateTimeText('2026-12-07T15:59:59.999Z')).toEqual({ zh: '2026年12月7日 23:59', en: '7 Dec 2026, 23:59' });
    expect(chinaDateTimeText('2026-12-31T16:00:00Z')).toEqual({ zh: '2027年1月1日 00:00', en: '1 Jan 2027, 00:00' });
    expect(chinaDateTimeText('2026-12-07')).toBeUndefined();
    expect(chinaDateTimeText(undefined)).toBeUndefined();
  });
});
