/**
 * Ranking and funding after expert review: applications are ranked by final score and funded in
 * order until the budget pool is used (择优立项，额满为止), the last one possibly with a cut amount.
 */
import { Decimal } from 'decimal.js';
import { parseIsoInstant } from './iso-instant';
import { formatMoney, parseMoney } from './money';

export type AllocationStatus = 'FUNDED' | 'PARTIALLY_FUNDED' | 'UNFUNDED_POOL_EXHAUSTED' | 'BELOW_PASS_MARK' | 'EXCLUDED';

export interface AllocationCandidate {
  applicationId: string;
  finalScore: string;
  requested: string;
  /** ISO 8601 instant with an offset; the earlier submission wins a tie on score. */
  submittedAt: string;
}

export interface AllocationInput {
  pool: string;
  passMark: string;
  candidates: ReadonlyArray<AllocationCandidate>;
  /** Applications taken out of the list, e.g. after an upheld objection. */
  excluded?: ReadonlyArray<string>;
  /** Amounts a manager lowered an award to; a cap above the request is ignored. */
  awardCaps?: Readonly<Record<string, string>>;
  /**
   * The least share of its amount a project must get to be funded partially from what remains
   * of the pool; below it the project is skipped and later, smaller requests may still fit.
   * 0.5 by default; 1 disables partial funding.
   */
  minPartialShare?: number;
}

export interface AllocationLine {
  applicationId: string;
  /** 1-based among ranked applications; null for those below the pass mark or excluded. */
  rank: number | null;
  finalScore: string;
  requested: string;
  award: string;
  status: AllocationStatus;
}

export interface AllocationResult {
  /** Ranked applications in rank order, then those below the pass mark, then the excluded. */
  ranked: AllocationLine[];
  fundedTotal: string;
  remaining: string;
}

export const DEFAULT_MIN_PARTIAL_SHARE = 0.5;

const SCORE_PATTERN = /^(0|[1-9]\d{0,5})(\.\d{1,2})?$/;
const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

interface Parsed {
  applicationId: string;
  score: Decimal;
  requested: Decimal;
  submittedAtMs: number;
  cap: Decimal | null;
}

function parseScore(s: string, what: string): Decimal {
  if (typeof s !== 'string' || !SCORE_PATTERN.test(s)) {
    throw new RangeError(`${what} is not a score with at most two decimals: ${JSON.stringify(s)}`);
  }
  return new Exact(s);
}

function parseShare(share: number): Decimal {
  if (typeof share !== 'number' || !Number.isFinite(share) || share < 0 || share > 1) {
    throw new RangeError(`minPartialShare must be between 0 and 1, got ${share}`);
  }
  return new Exact(share);
}

function parseCandidate(c: AllocationCandidate, caps: Readonly<Record<string, string>>): Parsed {
  const requested = parseMoney(c.requested);
  if (requested.isZero()) throw new RangeError(`application ${c.applicationId} requests nothing`);
  const capText = Object.prototype.hasOwnProperty.call(caps, c.applicationId) ? caps[c.applicationId] : undefined;
  const cap = capText === undefined ? null : parseMoney(capText);
  if (cap !== null && cap.isZero()) {
    // A zero award is a decision not to fund, which belongs in `excluded` with its reason.
    throw new RangeError(`award cap of application ${c.applicationId} is zero; exclude it instead`);
  }
  return {
    applicationId: c.applicationId,
    score: parseScore(c.finalScore, `finalScore of ${c.applicationId}`),
    requested,
    submittedAtMs: parseIsoInstant(c.submittedAt).getTime(),
    cap,
  };
}

/** Higher score first, then the earlier submission, then the smaller id (code-unit order, not locale). */
function compareForRanking(a: Parsed, b: Parsed): number {
  const byScore = b.score.comparedTo(a.score);
  if (byScore !== 0) return byScore;
  if (a.submittedAtMs !== b.submittedAtMs) return a.submittedAtMs - b.submittedAtMs;
  return a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0;
}

function line(p: Parsed, rank: number | null, award: Decimal, status: AllocationStatus): AllocationLine {
  return {
    applicationId: p.applicationId,
    rank,
    finalScore: p.score.toFixed(2),
    requested: formatMoney(p.requested),
    award: formatMoney(award),
    status,
  };
}

export function allocateFunding(input: AllocationInput): AllocationResult {
  const pool = parseMoney(input.pool);
  const passMark = parseScore(input.passMark, 'passMark');
  const minShare = parseShare(input.minPartialShare ?? DEFAULT_MIN_PARTIAL_SHARE);
  const excluded = new Set(input.excluded ?? []);
  const caps = input.awardCaps ?? {};

  const seen = new Set<string>();
  const parsed = input.candidates.map((c) => {
    if (seen.has(c.applicationId)) throw new RangeError(`application ${c.applicationId} is listed twice`);
    seen.add(c.applicationId);
    return parseCandidate(c, caps);
  });
  parsed.sort(compareForRanking);

  const zero = pool.minus(pool);
  const ranked: AllocationLine[] = [];
  const below: AllocationLine[] = [];
  const out: AllocationLine[] = [];
  let remaining = pool;
  let rank = 0;
  for (const p of parsed) {
    // An excluded application is reported as such even if its score also missed the pass mark.
    if (excluded.has(p.applicationId)) {
      out.push(line(p, null, zero, 'EXCLUDED'));
      continue;
    }
    if (p.score.lessThan(passMark)) {
      below.push(line(p, null, zero, 'BELOW_PASS_MARK'));
      continue;
    }
    rank += 1;
    const amount = p.cap !== null && p.cap.lessThan(p.requested) ? p.cap : p.requested;
    if (amount.lessThanOrEqualTo(remaining)) {
      remaining = remaining.minus(amount);
      ranked.push(line(p, rank, amount, 'FUNDED'));
    } else if (remaining.greaterThan(0) && remaining.greaterThanOrEqualTo(amount.times(minShare))) {
      ranked.push(line(p, rank, remaining, 'PARTIALLY_FUNDED'));
      remaining = zero;
    } else {
      ranked.push(line(p, rank, zero, 'UNFUNDED_POOL_EXHAUSTED'));
    }
  }
  return {
    ranked: [...ranked, ...below, ...out],
    fundedTotal: formatMoney(pool.minus(remaining)),
    remaining: formatMoney(remaining),
  };
}
