/**
 * What a reviewer's decision must carry, as a list of every field that is wrong, so that the
 * workflow's validator, the API's service and the portal's form report all problems at once
 * instead of the first one found.
 */

/** The shape of a field error everywhere (the API's FieldError, the workflows' invalidInput). */
export interface DecisionFieldError {
  field: string;
  rule: string;
  message: string;
}

/** The shortest reason a decision accepts, in characters after trimming. */
export const MIN_REASON_LENGTH = 2;

/** A reason written out (at least MIN_REASON_LENGTH characters), or the one error that says it is missing. */
export function reasonErrors(reason: unknown, field = 'reason'): DecisionFieldError[] {
  if (typeof reason === 'string' && reason.trim().length >= MIN_REASON_LENGTH) return [];
  return [{ field, rule: 'required', message: `${field}: 须填写理由（至少${MIN_REASON_LENGTH}个字）/ a reason is required` }];
}

/**
 * 资格审查决定: a return (退回补正) or a rejection needs a reason, and a return a revision deadline
 * later than `now`. Reads what was sent as it is (the portal passes a form not yet validated).
 */
export function eligibilityDecisionErrors(
  d: { decision?: unknown; reason?: unknown; revisionDeadline?: unknown },
  now: number,
): DecisionFieldError[] {
  const errors: DecisionFieldError[] = [];
  if (d.decision === 'RETURN' || d.decision === 'REJECT') errors.push(...reasonErrors(d.reason));
  if (d.decision === 'RETURN') {
    const deadline = typeof d.revisionDeadline === 'string' ? d.revisionDeadline : '';
    if (deadline.trim() === '') {
      errors.push({
        field: 'revisionDeadline',
        rule: 'required',
        message: 'revisionDeadline: 退回补正须设定补正期限 / required when returning',
      });
    } else {
      const at = Date.parse(deadline);
      if (!Number.isFinite(at) || at <= now)
        errors.push({
          field: 'revisionDeadline',
          rule: 'inFuture',
          message: 'revisionDeadline: 补正期限须晚于当前时间 / must be in the future',
        });
    }
  }
  return errors;
}

/**
 * 报告审核: returning a report for revision needs a note saying why and a revision deadline later
 * than `now`; both are named when both are missing.
 */
export function reportReviewErrors(
  d: { decision?: unknown; note?: unknown; revisionDeadline?: unknown },
  now: number,
): DecisionFieldError[] {
  if (d.decision !== 'RETURN') return [];
  const errors: DecisionFieldError[] = [];
  if (typeof d.note !== 'string' || d.note.trim().length < MIN_REASON_LENGTH)
    errors.push({ field: 'note', rule: 'required', message: 'note: 退回须说明理由 / a note is required when returning' });
  const at = typeof d.revisionDeadline === 'string' ? Date.parse(d.revisionDeadline) : NaN;
  if (!(at > now))
    errors.push({
      field: 'revisionDeadline',
      rule: 'inFuture',
      message: 'revisionDeadline: 修改期限须晚于当前时间 / must be in the future',
    });
  return errors;
}
