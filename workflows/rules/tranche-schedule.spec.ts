import { DEFAULT_TRANCHE_PLAN } from './round-rules';
import { canPay, trancheSchedule } from './tranche-schedule';
import type { TrancheStep } from './round-rules';

describe('trancheSchedule', () => {
  it('numbers the tranches from 1 and splits the award 50/40/10 by the default plan', () => {
    expect(trancheSchedule('100000.00', DEFAULT_TRANCHE_PLAN)).toEqual([
      { seq: 1, stage: 'AGREEMENT_SIGNED', percent: 50, amount: '50000.00' },
      { seq: 2, stage: 'MIDTERM_PASSED', percent: 40, amount: '40000.00' },
      { seq: 3, stage: 'CLOSEOUT', percent: 10, amount: '10000.00' },
    ]);
  });

  it('lets the last tranche absorb rounding so the amounts add up exactly to the award', () => {
    const plan: TrancheStep[] = [
      { stage: 'AGREEMENT_SIGNED', percent: 33.3 },
      { stage: 'MIDTERM_PASSED', percent: 33.3 },
      { stage: 'CLOSEOUT', percent: 33.4 },
    ];
    const schedule = trancheSchedule('100.01', plan);
    expect(schedule.map((t) => t.amount)).toEqual(['33.30', '33.30', '33.41']);
  });

  it('handles a single tranche paid in full after signing', () => {
    expect(trancheSchedule('8888.88', [{ stage: 'AGREEMENT_SIGNED', percent: 100 }])).toEqual([
      { seq: 1, stage: 'AGREEMENT_SIGNED', percent: 100, amount: '8888.88' },
    ]);
  });

  it('refuses a plan whose percents do not add up to 100 or whose stages are out of order', () => {
    expect(() => trancheSchedule('100.00', [{ stage: 'AGREEMENT_SIGNED', percent: 90 }])).toThrow(/之和应为100%/);
    expect(() =>
      trancheSchedule('100.00', [
        { stage: 'CLOSEOUT', percent: 50 },
        { stage: 'AGREEMENT_SIGNED', percent: 50 },
      ]),
    ).toThrow(/顺序/);
  });

  it('refuses a malformed award', () => {
    expect(() => trancheSchedule('-1', DEFAULT_TRANCHE_PLAN)).toThrow('金额格式不正确');
  });
});

describe('canPay', () => {
  it('allows a payment that keeps the total within the award', () => {
    expect(canPay('100000.00', [], '50000.00')).toEqual({ ok: true });
    expect(canPay('100000.00', ['50000.00'], '40000.00')).toEqual({ ok: true });
  });

  it('allows the payment that reaches the award exactly', () => {
    expect(canPay('100000.00', ['50000.00', '40000.00'], '10000.00')).toEqual({ ok: true });
  });

  it('allows a zero tranche', () => {
    expect(canPay('0.01', ['0.01'], '0.00')).toEqual({ ok: true });
  });

  it('refuses a payment that would exceed the award and states the figures in Chinese', () => {
    expect(canPay('100000.00', ['50000.00', '40000.00'], '10000.01')).toEqual({
      ok: false,
      reason: '本次拨付 10000.01 元后累计拨付 100000.01 元，将超过资助金额 100000.00 元（已拨付 90000.00 元，尚可拨付 10000.00 元）',
    });
  });

  it('refuses paying the same tranche twice', () => {
    const result = canPay('100000.00', ['50000.00', '40000.00', '10000.00'], '10000.00');
    expect(result.ok).toBe(false);
  });

  it('throws on malformed amounts rather than guessing', () => {
    expect(() => canPay('100.00', ['abc'], '1.00')).toThrow('金额格式不正确');
    expect(() => canPay('100.00', [], '1.005')).toThrow('金额格式不正确');
  });
});
