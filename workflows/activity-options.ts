import type { ActivityOptions } from '@temporalio/workflow';

/**
 * How long an activity may run and how it is retried, for every workflow. Every activity is
 * idempotent (see activities/support.ts `once`), so a retry after a timeout or a worker that
 * died is safe.
 */
export const DECISION_ACTIVITY: ActivityOptions = {
  // One application's decision is one short transaction. An attempt lost with a killed worker is
  // only noticed when this runs out, so it is kept well inside the API's 30 s wait for a decision
  // (TEMPORAL_DECISION_TIMEOUT_MS): the retry on another worker answers the person still waiting,
  // instead of a 503 followed by a resend that finds the first attempt already recorded.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
};

/**
 * A round-wide step (forming the panel, closing scoring, a notice, reminders to every applicant):
 * one transaction over the whole round, longer at 2,000 applications than one decision.
 */
export const ROUND_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
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
