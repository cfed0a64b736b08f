/**
 * The reporting duties of a project term (报告计划): periodic progress reports (月报/季报), the
 * mid-term report (中期报告) and the final report (结项报告). Everything is in instants and
 * milliseconds rather than calendar months so that a test environment can compress a one-year
 * term into seconds and run the same plan.
 */
import { parseIsoInstant } from './iso-instant';
import type { Label } from './stages';

export type ReportKind = 'PERIODIC' | 'MIDTERM' | 'FINAL';

export const REPORT_KINDS: Readonly<Record<ReportKind, Label>> = {
  PERIODIC: { zh: '进度报告', en: 'progress report' },
  MIDTERM: { zh: '中期报告', en: 'mid-term report' },
  FINAL: { zh: '结项报告', en: 'final report' },
};

export const REPORT_STATUSES = ['PENDING', 'SUBMITTED', 'RETURNED', 'ACCEPTED'] as const;

export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** A report the organization still owes: not submitted yet, or returned for revision. */
export const AWAITED_REPORT_STATUSES: readonly ReportStatus[] = ['PENDING', 'RETURNED'];

export interface ReportPlanInput {
  /** ISO 8601 instant with an offset: the start of the term. */
  startsAt: string;
  termMs: number;
  /** Progress reports besides the mid-term and final ones, e.g. 2 for quarterly in a year (the mid-term report is the second quarter's). */
  periodicReports: number;
}

export interface PlannedReport {
  seq: number;
  kind: ReportKind;
  /** ISO 8601 instant in UTC. */
  dueAt: string;
}

const KIND_ORDER: Readonly<Record<ReportKind, number>> = { PERIODIC: 0, MIDTERM: 1, FINAL: 2 };

/** Far beyond monthly reports over several years; a bound so that bad input cannot build a huge plan. */
export const MAX_PERIODIC_REPORTS = 120;

function assertNonNegativeInteger(n: unknown, what: string, max: number): asserts n is number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || n > max) {
    throw new RangeError(`${what} must be an integer from 0 to ${max}, got ${String(n)}`);
  }
}

/**
 * Due instants: MIDTERM at start + term/2 and FINAL at start + term; the mid-term report divides
 * the term into two halves, and the `periodicReports` progress reports are spread evenly over
 * them, the first half taking the odd one (2 gives quarterly reports around a mid-term at the
 * half; 1 gives one report at the first quarter). Every periodic report asked for is planned:
 * none can fall on the mid-term instant except by flooring in a term of a few milliseconds.
 * Fractions of a millisecond are floored so that every node computes the same instant.
 */
export function reportPlan(input: ReportPlanInput): PlannedReport[] {
  const start = parseIsoInstant(input.startsAt).getTime();
  const { termMs, periodicReports } = input;
  if (typeof termMs !== 'number' || !Number.isSafeInteger(termMs) || termMs <= 0) {
    throw new RangeError(`termMs must be a positive integer, got ${String(termMs)}`);
  }
  assertNonNegativeInteger(periodicReports, 'periodicReports', MAX_PERIODIC_REPORTS);
  if (!Number.isSafeInteger(termMs * 2 * (periodicReports + 1)) || !Number.isSafeInteger(start + termMs)) {
    throw new RangeError(`termMs ${termMs} is too large to plan exactly`);
  }

  const due: Array<{ kind: ReportKind; at: number }> = [
    { kind: 'MIDTERM', at: start + Math.floor(termMs / 2) },
    { kind: 'FINAL', at: start + termMs },
  ];
  const first = Math.ceil(periodicReports / 2);
  const second = periodicReports - first;
  // j-th of n reports in the half beginning at h (0 or 1 half-terms): start + term·(h·(n+1) + j) / (2·(n+1)).
  const inHalf = (h: number, n: number) => {
    for (let j = 1; j <= n; j += 1) due.push({ kind: 'PERIODIC', at: start + Math.floor((termMs * (h * (n + 1) + j)) / (2 * (n + 1))) });
  };
  inHalf(0, first);
  inHalf(1, second);
  due.sort((a, b) => a.at - b.at || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return due.map((d, i) => ({ seq: i + 1, kind: d.kind, dueAt: new Date(d.at).toISOString() }));
}

/** When to remind the organization of a report: `reminderLeadMs` before it is due. */
export function reminderAt(dueAt: string, reminderLeadMs: number): string {
  const due = parseIsoInstant(dueAt).getTime();
  if (typeof reminderLeadMs !== 'number' || !Number.isSafeInteger(reminderLeadMs) || reminderLeadMs < 0) {
    throw new RangeError(`reminderLeadMs must be a non-negative integer, got ${String(reminderLeadMs)}`);
  }
  return new Date(due - reminderLeadMs).toISOString();
}
