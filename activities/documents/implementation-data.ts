/**
 * What the documents of implementation and closeout need (资金拨付通知书、报告受理回执、评估报告、
 * 结项证书、项目终止通知书). Same conventions as document-data.ts: amounts are yuan strings with
 * two decimals, dates YYYY-MM-DD, instants ISO with an offset. Grades arrive as their zh labels
 * (优秀/良好/合格/不合格); the validation refuses any other word.
 */
import type { DocumentCommon, OrganizationRef } from './document-data';

export interface ProjectRef {
  title: string;
}

export interface DisbursementNoticeData extends DocumentCommon {
  organization: OrganizationRef;
  project: ProjectRef;
  tranche: { seq: number; label: string; percent: number; amount: string };
  /** paidOn: a date or an instant; printed as a date. */
  payment: { reference: string; paidOn: string };
  /** paidToDate includes this tranche; remaining = award − paidToDate. */
  totals: { award: string; paidToDate: string; remaining: string };
  /** Display names of the two people (申请人、审批人). */
  approvals: { requestedBy: string; approvedBy: string };
}

export interface ReportIndicatorLine {
  name: string;
  unit: string;
  planned: number;
  achieved: number;
}

export interface ReportSpendingLine {
  /** Budget line in words, e.g. 活动费. */
  typeLabel: string;
  budgeted: string;
  /** Cumulative spending reported on this line. */
  spent: string;
}

export interface ReportReceiptData extends DocumentCommon {
  organization: OrganizationRef;
  project: ProjectRef;
  report: {
    /** e.g. 中期报告 */
    kindLabel: string;
    seq: number;
    submittedAt: string;
    dueAt: string;
    acceptedAt: string;
    /** Name of the reviewer who accepted the report. */
    reviewer: string;
  };
  indicators: ReportIndicatorLine[];
  spending: ReportSpendingLine[];
  /** Sum of spending[].spent. */
  spendingTotal: string;
  /** 佐证材料 the report refers to, with their content hashes. */
  attachments?: { kindLabel: string; filename: string; sha256: string }[];
}

export interface EvaluationCriterionLine {
  name: string;
  weight: number;
  /** As filed: a number or a decimal string. */
  score: number | string;
  comment?: string;
}

export interface EvaluationReportData extends DocumentCommon {
  organization: OrganizationRef;
  project: ProjectRef;
  evaluation: {
    /** 中期评估、结项评估、第三方评估、政府方对承接方评价、承接方对政府方评价 */
    kindLabel: string;
    evaluatorName: string;
    evaluatorOrg?: string;
    filedAt: string;
    /** Out of 100, at most two decimals ("86.50"). */
    total: string;
    /** The grade label that `total` earns: 优秀/良好/合格/不合格. */
    grade: string;
  };
  criteria: EvaluationCriterionLine[];
  summary: string;
}

export interface CloseoutCertificateData extends DocumentCommon {
  organization: OrganizationRef;
  project: { title: string; term: { startsOn: string; endsOn: string } };
  award: string;
  paidTotal: string;
  spentTotal: string;
  /** 结余资金退回: max(paidTotal − spentTotal, 0); may be "0.00". */
  recovery: string;
  /** Grade label of the final evaluation; 不合格 prints a closeout without the 准予结项 wording. */
  finalGrade: string;
  evaluations: Array<{ label: string; grade: string }>;
  /** e.g. 记入诚信记录：优秀 */
  creditNote: string;
}

export interface TerminationNoticeData extends DocumentCommon {
  organization: OrganizationRef;
  project: ProjectRef;
  reason: string;
  /** A date or an instant; printed as a date. */
  terminatedOn: string;
  /** cancelledUnpaid = award − paid; recovery = max(paid − spent, 0). */
  settlement: { award: string; paid: string; cancelledUnpaid: string; spent: string; recovery: string };
  /** Days, counted from receipt of the notice, to return `settlement.recovery` (资金追回). */
  returnWithinDays: number;
}
