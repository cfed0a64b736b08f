import fc from 'fast-check';
import {
  allocateFunding,
  canPay,
  CREDIT_CODE_ALPHABET,
  formatMoney,
  isMoneyString,
  makeCreditCode,
  MoneyFormatError,
  parseMoney,
  splitByPercents,
  sumMoney,
  toChineseCapital,
  trancheSchedule,
  validateCreditCode,
} from '../../workflows/rules';
import { moneyString, malformedMoney } from './arbitraries';
import { newTally, writeTally } from './tally';

/**
 * Issue 6, part 3 (pure rules): properties of the validators in workflows/rules that both the
 * API and the workflows rely on. Money in cents is compared as integers, never as floats.
 */
const RUNS = Number(process.env.PSP_FAULT_RULE_RUNS ?? 1000);
const cents = (s: string) => BigInt(s.replace('.', '').replace(/^0+(?=\d)/, ''));
const tally = newTally();
afterAll(() => writeTally(__filename, tally));

describe('money', () => {
  it('formats every valid amount to two decimals, and reads it back unchanged', () => {
    fc.assert(
      fc.property(moneyString(), (s) => {
        const text = formatMoney(parseMoney(s));
        expect(isMoneyString(text)).toBe(true);
        expect(text).toMatch(/\.\d\d$/);
        expect(parseMoney(text).equals(parseMoney(s))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses every malformed amount with MoneyFormatError and nothing else', () => {
    fc.assert(
      fc.property(malformedMoney(), (s) => {
        expect(isMoneyString(s)).toBe(false);
        expect(() => parseMoney(s as string)).toThrow(MoneyFormatError);
        // toChineseCapital takes a string or a Decimal; other types are outside its contract.
        if (typeof s === 'string') expect(() => toChineseCapital(s)).toThrow(MoneyFormatError);
      }),
      { numRuns: RUNS },
    );
  });

  it('splits any amount by any plan of percents into non-negative parts adding up to it to the cent', () => {
    const percents = fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc
        .array(fc.integer({ min: 1, max: 98 }), { minLength: n - 1, maxLength: n - 1 })
        .filter((xs) => xs.reduce((a, b) => a + b, 0) < 100)
        .map((xs) => [...xs, 100 - xs.reduce((a, b) => a + b, 0)]),
    );
    fc.assert(
      fc.property(moneyString(), percents, (total, plan) => {
        const parts = splitByPercents(total, plan).map((d) => formatMoney(d));
        expect(parts.every((p) => !p.startsWith('-'))).toBe(true);
        expect(parts.reduce((a, p) => a + cents(p), 0n)).toBe(cents(formatMoney(total)));
      }),
      { numRuns: RUNS },
    );
  });

  it('schedules tranches that add up to the award and never lets the ledger pay above it', () => {
    const plan = [
      { stage: 'AGREEMENT_SIGNED', percent: 50 },
      { stage: 'MIDTERM_PASSED', percent: 40 },
      { stage: 'CLOSEOUT', percent: 10 },
    ] as const;
    fc.assert(
      fc.property(moneyString({ min: 1n }), (award) => {
        const schedule = trancheSchedule(award, plan as never);
        expect(formatMoney(sumMoney(schedule.map((t) => t.amount)))).toBe(formatMoney(award));
        const paid: string[] = [];
        for (const t of schedule) {
          expect(canPay(award, paid, t.amount)).toEqual({ ok: true });
          paid.push(t.amount);
        }
        expect(canPay(award, paid, '0.01').ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes every valid amount in capitals ending in 元整, 角 or 分', () => {
    fc.assert(
      fc.property(moneyString(), (s) => {
        expect(toChineseCapital(s)).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+(整|角|分)$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('credit code', () => {
  const body = fc.array(fc.constantFrom(...CREDIT_CODE_ALPHABET), { minLength: 15, maxLength: 15 }).map((cs) => `5${cs.join('')}`);

  it('accepts every code made with its own check character', () => {
    fc.assert(
      fc.property(body, (b) => expect(validateCreditCode(makeCreditCode(b))).toEqual({ ok: true })),
      { numRuns: RUNS },
    );
  });

  it('detects every single changed character and every swap of two different neighbours', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...CREDIT_CODE_ALPHABET), (b, at, ch) => {
        const code = makeCreditCode(b);
        fc.pre(code[at] !== ch);
        expect(validateCreditCode(code.slice(0, at) + ch + code.slice(at + 1)).ok).toBe(false);
        const i = Math.min(at, 16);
        fc.pre(code[i] !== code[i + 1]);
        expect(validateCreditCode(code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('answers any string at all with a verdict, never an exception', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary', minLength: 18, maxLength: 18 }), fc.stringMatching(/^[0-9A-Z]{18}$/)),
        (s) => {
          const r = validateCreditCode(s);
          expect(typeof r.ok).toBe('boolean');
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('allocation', () => {
  const score = fc.integer({ min: 0, max: 10000 }).map((n) => (n / 100).toFixed(2));
  const candidate = fc.record({
    finalScore: score,
    requested: moneyString({ min: 1n, max: 99999999n }),
    submittedAt: fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  });
  const input = fc.record({
    pool: moneyString({ max: 999999999n }),
    passMark: fc.integer({ min: 0, max: 100 }).map(String),
    candidates: fc
      .array(candidate, { maxLength: 30 })
      .map((cs) => cs.map((c, k) => ({ ...c, applicationId: `app-${String(k).padStart(2, '0')}` }))),
    minPartialShare: fc.constantFrom(0, 0.5, 1),
  });

  it('never funds beyond the pool or a request, ranks by score, and accounts for every cent', () => {
    fc.assert(
      fc.property(input, (i) => {
        const r = allocateFunding(i);
        const awarded = r.ranked.reduce((a, l) => a + cents(l.award), 0n);
        expect(awarded).toBe(cents(r.fundedTotal));
        expect(cents(r.fundedTotal) + cents(r.remaining)).toBe(cents(formatMoney(i.pool)));
        for (const l of r.ranked) {
          expect(cents(l.award) <= cents(l.requested)).toBe(true);
          if (l.status === 'BELOW_PASS_MARK') expect(Number(l.finalScore)).toBeLessThan(Number(i.passMark));
        }
        const ranks = r.ranked.filter((l) => l.rank !== null);
        for (let k = 1; k < ranks.length; k++) expect(Number(ranks[k - 1].finalScore)).toBeGreaterThanOrEqual(Number(ranks[k].finalScore));
        expect(r.ranked).toHaveLength(i.candidates.length);
      }),
      { numRuns: RUNS },
    );
    tally.notes!.push(`${RUNS} runs per property`);
  });
});
