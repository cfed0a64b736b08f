import type { Translate } from '../web-context';

/** Rows per page of the review roles' lists (queues, assignments, evaluator projects). */
export const PAGE_SIZE = 10;

/** The reviewer's queues, one per kind of decision waiting (each linked from the workspace). */
export const REVIEWER_QUEUES = [
  'eligibility',
  'objections',
  'reports',
  'changes',
  'agreements',
  'evaluations',
  'credit',
  'projects',
] as const;

/** The queue navigation shown above each reviewer page. */
export function reviewerNav(t: (key: string) => string, current?: string) {
  return REVIEWER_QUEUES.map((q) => ({ href: `/reviewer/${q}`, label: t(`review.queues.${q}.nav`), current: q === current }));
}

/** The expert's navigation: assignments and declared ties. */
export function expertNav(t: Translate, current: string) {
  return ['assignments', 'ties'].map((k) => ({ href: `/expert/${k}`, label: t(`review.expert.nav.${k}`), current: k === current }));
}
