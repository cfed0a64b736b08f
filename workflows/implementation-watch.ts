import { condition } from '@temporalio/workflow';
import { AWAITED_REPORT_STATUSES } from './rules/report-plan';
import type { ReportState } from './messages';

export interface ReportWatch {
  report: ReportState;
  /** Carried across runs, so that a continued run neither reminds nor escalates twice. */
  marks: { remindedFor?: string; escalatedFor?: string };
  leadMs: number;
  stopped: () => boolean;
  remind: (seq: number) => Promise<unknown>;
  escalate: (seq: number) => Promise<unknown>;
}

/**
 * Reminds the organization before a report is due and escalates to the reviewers once it is
 * overdue; a returned report is watched again against its revision deadline. Follows due-date
 * changes (an approved extension) and stops when the report is accepted or the project ends.
 */
export async function watchReport(w: ReportWatch): Promise<void> {
  const r = w.report;
  const finished = () => w.stopped() || r.status === 'ACCEPTED';
  const waiting = () => AWAITED_REPORT_STATUSES.includes(r.status);
  const deadline = () => (r.status === 'RETURNED' && r.revisionDeadline ? r.revisionDeadline : r.dueAt);
  for (;;) {
    await condition(() => finished() || waiting());
    if (finished()) return;
    const due = deadline();
    const changed = () => finished() || !waiting() || deadline() !== due;
    if (r.status === 'PENDING' && w.marks.remindedFor !== due) {
      if (await condition(changed, Math.max(0, Date.parse(due) - w.leadMs - Date.now()))) continue;
      w.marks.remindedFor = due;
      await w.remind(r.seq);
    } else if (w.marks.escalatedFor !== due) {
      if (await condition(changed, Math.max(0, Date.parse(due) - Date.now()))) continue;
      w.marks.escalatedFor = due;
      r.overdue = true;
      await w.escalate(r.seq);
    } else {
      await condition(changed);
    }
  }
}
