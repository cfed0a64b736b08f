import fc from 'fast-check';
import { formatMoney, parseMoney, sumMoney } from './money';
import {
  applyLedger,
  ledgerClosable,
  ledgerRefusal,
  ledgerSettlement,
  ledgerTotals,
  openTranches,
  type LedgerEvent,
  type LedgerTranche,
} from './tranche-ledger';
import { trancheSchedule } from './tranche-schedule';
import type { TrancheStage } from './round-rules';

const schedule = (award: string, percents: [TrancheStage, number][]): LedgerTranche[] =>
  trancheSchedule(
    award,
    percents.map(([stage, percent]) => ({ stage, percent })),
  ).map((s) => ({ seq: s.seq, stage: s.stage, amount: s.amount, status: 'PENDING' }));

const run = (ts: LedgerTranche[], ...events: LedgerEvent[]) => events.reduce((acc, e) => applyLedger(acc, e), ts);

describe('tranche ledger', () => {
  const plan: [TrancheStage, number][] = [
    ['AGREEMENT_SIGNED', 30],
    ['MIDTERM_PASSED', 30],
    ['CLOSEOUT', 40],
  ];

  it('reproduces the stuck tranche: a requested tranche 2 keeps the project open after tranche 3 is paid', () => {
    const ts = run(
      schedule('94670.00', plan),
      { kind: 'conditionMet', stage: 'AGREEMENT_SIGNED' },
      { kind: 'request', seq: 1, by: 'f1' },
      { kind: 'pay', seq: 1 },
      { kind: 'conditionMet', stage: 'MIDTERM_PASSED' },
      { kind: 'request', seq: 2, by: 'f1' },
      { kind: 'conditionMet', stage: 'CLOSEOUT' },
      { kind: 'request', seq: 3, by: 'f1' },
      { kind: 'pay', seq: 3 },
    );
    expect(ledgerTotals(ts).paid).toBe('66269.00');
    expect(openTranches(ts).map((t) => t.seq)).toEqual([2]);
    expect(ledgerClosable(ts)).toBe(false);
    expect(() => ledgerSettlement({ award: '94670.00', tranches: ts, payments: ['28401.00', '37868.00'], spent: '0' })).toThrow(
      '拨付未结清',
    );
    const cancelled = applyLedger(ts, { kind: 'cancel', seq: 2 });
    expect(ledgerClosable(cancelled)).toBe(true);
    expect(ledgerSettlement({ award: '94670.00', tranches: cancelled, payments: ['28401.00', '37868.00'], spent: '60000.00' })).toEqual({
      award: '94670.00',
      paid: '66269.00',
      cancelled: '28401.00',
      withheld: '0.00',
      outstanding: '0.00',
      recovery: '6269.00',
    });
  });

  it('refuses to request what is not due, to pay what is not requested and to cancel what is settled', () => {
    const ts = run(schedule('1000.00', plan), { kind: 'conditionMet', stage: 'AGREEMENT_SIGNED' });
    expect(ledgerRefusal(ts, { kind: 'request', seq: 2, by: 'f1' })).toMatchObject({ status: 'PENDING' });
    expect(ledgerRefusal(ts, { kind: 'pay', seq: 1 })).toMatchObject({ status: 'DUE' });
    expect(ledgerRefusal(ts, { kind: 'cancel', seq: 9 })).toMatchObject({ status: 'NONE' });
    const paid = run(ts, { kind: 'request', seq: 1, by: 'f1' }, { kind: 'pay', seq: 1 });
    expect(ledgerRefusal(paid, { kind: 'cancel', seq: 1 })).toMatchObject({ status: 'PAID' });
    expect(() => applyLedger(paid, { kind: 'pay', seq: 1 })).toThrow(RangeError);
    expect(paid[0].requestedById).toBe('f1');
  });

  it('withholds the closeout tranche and keeps it withheld through a termination', () => {
    const ts = run(schedule('1000.00', plan), { kind: 'withhold', stage: 'CLOSEOUT' }, { kind: 'terminate' });
    expect(ts.map((t) => t.status)).toEqual(['CANCELLED', 'CANCELLED', 'WITHHELD']);
    expect(ledgerTotals(ts)).toMatchObject({ cancelled: '600.00', withheld: '400.00', paid: '0.00' });
  });

  it('refuses a settlement whose payments disagree with the tranches paid', () => {
    const ts = run(schedule('1000.00', plan), { kind: 'terminate' });
    expect(() => ledgerSettlement({ award: '1000.00', tranches: ts, payments: ['300.00'], spent: '0' })).toThrow('disagree');
  });
});

/**
 * Every order of the events a project's money can see, driven the way the implementation
 * workflow drives its ledger: the stages decide which events may happen, the ledger decides
 * what they do, and the project closes only through `ledgerClosable`.
 */
type Step =
  | { kind: 'request' | 'pay' | 'cancel'; seq: number }
  | { kind: 'midterm'; pass: boolean }
  | { kind: 'finalReport' }
  | { kind: 'finalGrade'; pass: boolean }
  | { kind: 'closeAttempt' }
  | { kind: 'terminate' }
  | { kind: 'spend'; cents: number };

interface Project {
  stage: 'IMPLEMENTATION' | 'RECTIFICATION' | 'FINAL_EVALUATION' | 'CLOSING' | 'CLOSED' | 'TERMINATED';
  tranches: LedgerTranche[];
  payments: string[];
  midtermFails: number;
  closeoutBegun: boolean;
  spentCents: number;
}

function step(p: Project, s: Step): Project {
  const ended = p.stage === 'CLOSED' || p.stage === 'TERMINATED';
  if (ended) return p;
  const move = (e: LedgerEvent) => ({ ...p, tranches: applyLedger(p.tranches, e) });
  switch (s.kind) {
    case 'request':
    case 'pay':
    case 'cancel': {
      const e: LedgerEvent = s.kind === 'request' ? { kind: 'request', seq: s.seq, by: 'finance' } : { kind: s.kind, seq: s.seq };
      if (ledgerRefusal(p.tranches, e)) return p;
      const next = move(e);
      return s.kind === 'pay' ? { ...next, payments: [...p.payments, p.tranches.find((t) => t.seq === s.seq)!.amount] } : next;
    }
    case 'midterm': {
      const open =
        p.stage === 'RECTIFICATION' ||
        (p.stage === 'IMPLEMENTATION' &&
          p.midtermFails === 0 &&
          p.tranches.some((t) => t.stage === 'MIDTERM_PASSED' && t.status === 'PENDING'));
      if (!open) return p;
      if (s.pass) return { ...move({ kind: 'conditionMet', stage: 'MIDTERM_PASSED' }), stage: 'IMPLEMENTATION' };
      if (p.midtermFails === 0) return { ...p, midtermFails: 1, stage: 'RECTIFICATION' };
      return { ...move({ kind: 'terminate' }), stage: 'TERMINATED' };
    }
    case 'finalReport':
      return p.stage === 'IMPLEMENTATION' && !p.tranches.some((t) => t.stage === 'MIDTERM_PASSED' && t.status === 'PENDING')
        ? { ...p, stage: 'FINAL_EVALUATION' }
        : p;
    case 'finalGrade':
      if (p.stage !== 'FINAL_EVALUATION' || p.closeoutBegun) return p;
      return s.pass
        ? { ...move({ kind: 'conditionMet', stage: 'CLOSEOUT' }), stage: 'CLOSING', closeoutBegun: true }
        : { ...move({ kind: 'withhold', stage: 'CLOSEOUT' }), closeoutBegun: true };
    case 'closeAttempt':
      return p.closeoutBegun && ledgerClosable(p.tranches) ? { ...p, stage: 'CLOSED' } : p;
    case 'terminate':
      return { ...move({ kind: 'terminate' }), stage: 'TERMINATED' };
    case 'spend':
      return { ...p, spentCents: p.spentCents + s.cents };
  }
}

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom('request' as const, 'pay' as const), seq: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), seq: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('midterm' as const), pass: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'finalReport' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('finalGrade' as const), pass: fc.boolean() }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'closeAttempt' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'terminate' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spend' as const), cents: fc.integer({ min: 0, max: 5_000_000 }) }) },
);

const planArb: fc.Arbitrary<[TrancheStage, number][]> = fc.oneof(
  fc.integer({ min: 1, max: 98 }).chain((a) =>
    fc.integer({ min: 1, max: 99 - a }).map((b): [TrancheStage, number][] => [
      ['AGREEMENT_SIGNED', a],
      ['MIDTERM_PASSED', b],
      ['CLOSEOUT', 100 - a - b],
    ]),
  ),
  fc.integer({ min: 1, max: 99 }).map((a): [TrancheStage, number][] => [
    ['AGREEMENT_SIGNED', a],
    ['CLOSEOUT', 100 - a],
  ]),
  fc.integer({ min: 1, max: 99 }).map((a): [TrancheStage, number][] => [
    ['MIDTERM_PASSED', a],
    ['CLOSEOUT', 100 - a],
  ]),
  fc.constant<[TrancheStage, number][]>([['AGREEMENT_SIGNED', 100]]),
);

describe('tranche ledger properties', () => {
  it('never pays above the award, never closes with a tranche open, and settles to the award with the recovery from payments', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000 }), planArb, fc.array(stepArb, { maxLength: 60 }), (awardCents, plan, steps) => {
        const award = formatMoney(parseMoney((awardCents / 100).toFixed(2)));
        let p: Project = {
          stage: 'IMPLEMENTATION',
          tranches: applyLedger(schedule(award, plan), { kind: 'conditionMet', stage: 'AGREEMENT_SIGNED' }),
          payments: [],
          midtermFails: 0,
          closeoutBegun: false,
          spentCents: 0,
        };
        for (const s of steps) {
          const before = p;
          p = step(p, s);
          const totals = ledgerTotals(p.tranches);
          expect(parseMoney(totals.paid).lessThanOrEqualTo(parseMoney(award))).toBe(true);
          expect(totals.paid).toBe(formatMoney(sumMoney(p.payments)));
          if (p.stage === 'CLOSED') expect(openTranches(p.tranches)).toEqual([]);
          // A paid tranche stays paid; nothing is ever paid twice.
          before.tranches
            .filter((t) => t.status === 'PAID')
            .forEach((t) => expect(p.tranches.find((x) => x.seq === t.seq)!.status).toBe('PAID'));
        }
        // Play the ending: a manager terminates, or finance settles and the closeout retries.
        if (p.stage !== 'CLOSED') p = step(p, { kind: 'terminate' });
        const spent = formatMoney(parseMoney((p.spentCents / 100).toFixed(2)));
        const s = ledgerSettlement({ award, tranches: p.tranches, payments: p.payments, spent });
        expect(formatMoney(sumMoney([s.paid, s.cancelled, s.withheld]))).toBe(award);
        const unspent = parseMoney(s.paid).minus(parseMoney(spent));
        expect(s.recovery).toBe(formatMoney(unspent.isNegative() ? parseMoney('0') : unspent));
        expect(s.outstanding).toBe('0.00');
      }),
      { numRuns: 500 },
    );
  });

  it('closes once every payable tranche is paid or cancelled, whatever the order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom<Step>(
            { kind: 'pay', seq: 2 },
            { kind: 'cancel', seq: 2 },
            { kind: 'request', seq: 3 },
            { kind: 'pay', seq: 3 },
            { kind: 'closeAttempt' },
          ),
          { maxLength: 12 },
        ),
        (tail) => {
          let p = signed();
          const head: Step[] = [
            { kind: 'request', seq: 1 },
            { kind: 'pay', seq: 1 },
            { kind: 'midterm', pass: false },
            { kind: 'midterm', pass: true },
            { kind: 'request', seq: 2 },
            { kind: 'finalReport' },
            { kind: 'finalGrade', pass: true },
          ];
          for (const s of [...head, ...tail]) p = step(p, s);
          // Closed exactly when some close attempt came after tranche 2 was paid or cancelled and tranche 3 paid.
          expect(p.stage === 'CLOSED').toBe(closedAfterSettling(head, tail));
          if (p.stage === 'CLOSED') expect(openTranches(p.tranches)).toEqual([]);
        },
      ),
    );
  });
});

/** Whether some close attempt in the tail comes after both tranches had ended. */
function closedAfterSettling(head: Step[], tail: Step[]): boolean {
  let p = signed();
  for (const s of head) p = step(p, s);
  for (const s of tail) {
    if (s.kind === 'closeAttempt' && ['PAID', 'CANCELLED'].includes(p.tranches[1].status) && p.tranches[2].status === 'PAID') return true;
    p = step(p, s);
  }
  return false;
}

/** The run's project just after signing: 94,670.00 in three tranches, the first due. */
function signed(): Project {
  const tranches = applyLedger(
    schedule('94670.00', [
      ['AGREEMENT_SIGNED', 30],
      ['MIDTERM_PASSED', 30],
      ['CLOSEOUT', 40],
    ]),
    { kind: 'conditionMet', stage: 'AGREEMENT_SIGNED' },
  );
  return { stage: 'IMPLEMENTATION', tranches, payments: [], midtermFails: 0, closeoutBegun: false, spentCents: 0 };
}
