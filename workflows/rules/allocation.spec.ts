import { Decimal } from 'decimal.js';
import { allocateFunding } from './allocation';
import type { AllocationCandidate, AllocationInput, AllocationLine } from './allocation';

function candidate(
  applicationId: string,
  finalScore: string,
  requested: string,
  submittedAt = '2026-05-01T09:00:00+08:00',
): AllocationCandidate {
  return { applicationId, finalScore, requested, submittedAt };
}

function byId(lines: AllocationLine[]): Record<string, AllocationLine> {
  return Object.fromEntries(lines.map((l) => [l.applicationId, l]));
}

describe('allocateFunding', () => {
  it('funds in rank order until the pool is used', () => {
    const result = allocateFunding({
      pool: '300000',
      passMark: '60',
      candidates: [candidate('b', '80', '100000'), candidate('a', '90', '150000'), candidate('c', '70', '50000')],
    });
    expect(result.ranked.map((l) => [l.applicationId, l.rank, l.award, l.status])).toEqual([
      ['a', 1, '150000.00', 'FUNDED'],
      ['b', 2, '100000.00', 'FUNDED'],
      ['c', 3, '50000.00', 'FUNDED'],
    ]);
    expect(result.fundedTotal).toBe('300000.00');
    expect(result.remaining).toBe('0.00');
  });

  it('never funds an application below the pass mark and does not rank it', () => {
    const result = allocateFunding({
      pool: '1000000',
      passMark: '60.00',
      candidates: [candidate('low', '59.99', '1000'), candidate('edge', '60', '1000')],
    });
    const lines = byId(result.ranked);
    expect(lines.low).toMatchObject({ rank: null, award: '0.00', status: 'BELOW_PASS_MARK' });
    expect(lines.edge).toMatchObject({ rank: 1, award: '1000.00', status: 'FUNDED' });
    expect(result.ranked.map((l) => l.applicationId)).toEqual(['edge', 'low']);
  });

  it('breaks score ties by the earlier submission, then by applicationId', () => {
    const result = allocateFunding({
      pool: '0',
      passMark: '0',
      candidates: [
        candidate('z', '85', '1', '2026-05-01T10:00:00+08:00'),
        // Same instant as z, written in UTC: the offset is honoured, not the text.
        candidate('y', '85', '1', '2026-05-01T02:00:00Z'),
        candidate('x', '85', '1', '2026-05-01T09:59:59+08:00'),
        candidate('w', '85.01', '1', '2026-05-02T09:00:00+08:00'),
      ],
    });
    expect(result.ranked.map((l) => [l.applicationId, l.rank])).toEqual([
      ['w', 1],
      ['x', 2],
      ['y', 3],
      ['z', 4],
    ]);
  });

  it('gives the remainder as a partial award when it is at least half the amount', () => {
    const result = allocateFunding({
      pool: '250000',
      passMark: '60',
      candidates: [candidate('a', '90', '150000'), candidate('b', '80', '150000')],
    });
    expect(byId(result.ranked).b).toMatchObject({ award: '100000.00', status: 'PARTIALLY_FUNDED', rank: 2 });
    expect(result.fundedTotal).toBe('250000.00');
  });

  it('skips a project whose share of the remainder is too small and funds a later one that fits', () => {
    const result = allocateFunding({
      pool: '200000',
      passMark: '60',
      candidates: [candidate('a', '90', '150000'), candidate('b', '80', '120000'), candidate('c', '70', '40000')],
    });
    const lines = byId(result.ranked);
    // 50000 left is below half of b's 120000.
    expect(lines.b).toMatchObject({ award: '0.00', status: 'UNFUNDED_POOL_EXHAUSTED', rank: 2 });
    expect(lines.c).toMatchObject({ award: '40000.00', status: 'FUNDED', rank: 3 });
    expect(result.remaining).toBe('10000.00');
  });

  it('gives a later smaller project a partial award after skipping a larger one', () => {
    const result = allocateFunding({
      pool: '50000',
      passMark: '0',
      candidates: [candidate('a', '90', '200000'), candidate('b', '80', '80000'), candidate('c', '70', '1000')],
    });
    expect(result.ranked.map((l) => [l.applicationId, l.award, l.status])).toEqual([
      ['a', '0.00', 'UNFUNDED_POOL_EXHAUSTED'],
      ['b', '50000.00', 'PARTIALLY_FUNDED'],
      ['c', '0.00', 'UNFUNDED_POOL_EXHAUSTED'],
    ]);
  });

  it('funds nothing partially when minPartialShare is 1', () => {
    const result = allocateFunding({
      pool: '250000',
      passMark: '60',
      minPartialShare: 1,
      candidates: [candidate('a', '90', '150000'), candidate('b', '80', '150000')],
    });
    expect(byId(result.ranked).b).toMatchObject({ award: '0.00', status: 'UNFUNDED_POOL_EXHAUSTED' });
    expect(result.remaining).toBe('100000.00');
  });

  it('awards the capped amount, still as FUNDED, and ignores a cap above the request', () => {
    const result = allocateFunding({
      pool: '1000000',
      passMark: '60',
      candidates: [candidate('a', '90', '150000'), candidate('b', '80', '100000')],
      awardCaps: { a: '120000', b: '200000' },
    });
    const lines = byId(result.ranked);
    expect(lines.a).toMatchObject({ requested: '150000.00', award: '120000.00', status: 'FUNDED' });
    expect(lines.b).toMatchObject({ award: '100000.00', status: 'FUNDED' });
  });

  it('lets a cap make room for the next project', () => {
    const input: AllocationInput = {
      pool: '200000',
      passMark: '60',
      minPartialShare: 1,
      candidates: [candidate('a', '90', '150000'), candidate('b', '80', '80000')],
    };
    expect(byId(allocateFunding(input).ranked).b?.status).toBe('UNFUNDED_POOL_EXHAUSTED');
    expect(byId(allocateFunding({ ...input, awardCaps: { a: '120000' } }).ranked).b?.status).toBe('FUNDED');
  });

  it('lists excluded applications last, unranked and unfunded, and ranks the rest without gaps', () => {
    const result = allocateFunding({
      pool: '1000000',
      passMark: '60',
      candidates: [candidate('a', '95', '1000'), candidate('b', '90', '1000'), candidate('c', '50', '1000'), candidate('d', '80', '1000')],
      excluded: ['a', 'c', 'not-a-candidate'],
    });
    expect(result.ranked.map((l) => [l.applicationId, l.rank, l.status])).toEqual([
      ['b', 1, 'FUNDED'],
      ['d', 2, 'FUNDED'],
      ['a', null, 'EXCLUDED'],
      ['c', null, 'EXCLUDED'],
    ]);
    expect(result.fundedTotal).toBe('2000.00');
  });

  it('normalises amounts and scores to two decimals', () => {
    const result = allocateFunding({ pool: '100', passMark: '60', candidates: [candidate('a', '88.5', '99.9')] });
    expect(result.ranked[0]).toMatchObject({ finalScore: '88.50', requested: '99.90', award: '99.90' });
    expect(result).toMatchObject({ fundedTotal: '99.90', remaining: '0.10' });
  });

  it('refuses malformed or ambiguous input', () => {
    const ok: AllocationInput = { pool: '100', passMark: '60', candidates: [candidate('a', '80', '10')] };
    expect(() => allocateFunding({ ...ok, candidates: [candidate('a', '80', '10', '2026-05-01T09:00:00')] })).toThrow(RangeError);
    expect(() => allocateFunding({ ...ok, candidates: [candidate('a', '80', '10'), candidate('a', '70', '10')] })).toThrow(RangeError);
    expect(() => allocateFunding({ ...ok, passMark: '-1' })).toThrow(RangeError);
    expect(() => allocateFunding({ ...ok, minPartialShare: 1.5 })).toThrow(RangeError);
    expect(() => allocateFunding({ ...ok, awardCaps: { a: '0' } })).toThrow(RangeError);
    expect(() => allocateFunding({ ...ok, pool: '-5' })).toThrow();
  });

  describe('on many random rounds', () => {
    // mulberry32: a tiny seeded PRNG, so every run checks the same cases.
    function prng(seed: number): () => number {
      let a = seed >>> 0;
      return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
    }

    function randomRound(next: () => number): AllocationInput {
      const cents = (max: number): string => (Math.floor(next() * max * 100) / 100).toFixed(2);
      const count = 1 + Math.floor(next() * 15);
      const candidates = Array.from({ length: count }, (_, i) =>
        candidate(`app-${i}`, cents(100), (1 + Math.floor(next() * 20000000) / 100).toFixed(2), `2026-05-0${1 + (i % 3)}T09:00:00Z`),
      );
      const excluded = candidates.filter(() => next() < 0.1).map((c) => c.applicationId);
      const awardCaps = Object.fromEntries(
        candidates.filter(() => next() < 0.2).map((c) => [c.applicationId, (1 + Math.floor(next() * 15000000) / 100).toFixed(2)]),
      );
      const shares = [0, 0.25, 0.5, 0.75, 1];
      return {
        pool: cents(1000000),
        passMark: cents(80),
        candidates,
        excluded,
        awardCaps,
        minPartialShare: shares[Math.floor(next() * shares.length)] as number,
      };
    }

    it('never funds more than the pool, and every award respects its request, cap and status', () => {
      const next = prng(20261123);
      const seen = new Set<string>();
      for (let round = 0; round < 2000; round += 1) {
        const input = randomRound(next);
        const result = allocateFunding(input);
        for (const l of result.ranked) seen.add(l.status);
        const pool = new Decimal(input.pool);
        const funded = new Decimal(result.fundedTotal);
        expect(funded.lessThanOrEqualTo(pool)).toBe(true);
        expect(funded.plus(result.remaining).equals(pool)).toBe(true);
        expect(result.ranked.reduce((acc, l) => acc.plus(l.award), new Decimal(0)).equals(funded)).toBe(true);
        expect(result.ranked).toHaveLength(input.candidates.length);
        expect(result.ranked.filter((l) => l.status === 'PARTIALLY_FUNDED').length).toBeLessThanOrEqual(1);
        for (const l of result.ranked) {
          const cap = input.awardCaps?.[l.applicationId];
          const limit = cap !== undefined && new Decimal(cap).lessThan(l.requested) ? new Decimal(cap) : new Decimal(l.requested);
          const award = new Decimal(l.award);
          if (l.status === 'FUNDED') expect(award.equals(limit)).toBe(true);
          else if (l.status === 'PARTIALLY_FUNDED') expect(award.lessThan(limit) && award.greaterThan(0)).toBe(true);
          else expect(award.isZero()).toBe(true);
          if (l.status === 'BELOW_PASS_MARK') expect(new Decimal(l.finalScore).lessThan(input.passMark)).toBe(true);
          expect(l.rank === null).toBe(l.status === 'BELOW_PASS_MARK' || l.status === 'EXCLUDED');
        }
        const ranks = result.ranked.flatMap((l) => (l.rank === null ? [] : [l.rank]));
        expect(ranks).toEqual(ranks.map((_, i) => i + 1));
      }
      // The generator is only useful if it reaches every branch.
      expect([...seen].sort()).toEqual(['BELOW_PASS_MARK', 'EXCLUDED', 'FUNDED', 'PARTIALLY_FUNDED', 'UNFUNDED_POOL_EXHAUSTED']);
    });

    it('gives the same answer whatever the order of the candidates', () => {
      const next = prng(7);
      for (let round = 0; round < 200; round += 1) {
        const input = randomRound(next);
        const reversed = { ...input, candidates: [...input.candidates].reverse() };
        expect(allocateFunding(reversed)).toEqual(allocateFunding(input));
      }
    });
  });
});
