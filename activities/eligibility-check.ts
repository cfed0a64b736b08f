import { checkStoredSubmission } from '../workflows/rules';
import type { ApplicationContext } from './application-context';

export interface CheckLine {
  rule: string;
  label: string;
  passed: boolean;
  reason: string;
}

/**
 * The round's automatic rules for one submission (workflows/rules/submission-checks.ts): the
 * organization's standing, the application's money and its required attachments — the same list
 * the applicant saw on the draft. The API refuses a submission failing a hard rule before it gets
 * here; what is recorded is for the reviewer, who sees every result.
 */
export function evaluateSubmission(ctx: ApplicationContext, asOf: Date): CheckLine[] {
  return checkStoredSubmission(ctx, asOf).map((c) => ({ rule: c.rule, label: c.label.zh, passed: c.passed, reason: c.reason }));
}
