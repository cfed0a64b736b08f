import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How long an activity may run and how it is retried, for every workflow. Every activity is
 * idempotent (see activities/support.ts `once`), so a retry after a timeout or a worker that
 * died is safe.
 */
export const DECISION_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};

/** A payment whose worker died is retried soon; payTranche is keyed by (project, tranche). */
export const PAYMENT_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
};

/**
 * Telling every project of a large round an outcome: one activity signals them all through the
 * client, heartbeating its progress so that a retry resumes where the last attempt stopped.
 */
export const FAN_OUT_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};

/** Printing starts a browser the first time in a worker: a longer first attempt than a decision's. */
export const PDF_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 10 },
};
