/**
 * What each official document needs, from the acceptance receipt to the termination notice.
 * Amounts are yuan strings with two decimals ("100000.00"), calendar dates are "YYYY-MM-DD",
 * instants are ISO strings with an offset; the renderer formats them, so callers pass stored
 * values unchanged.
 */

/** Every document carries its reference number and its issuer; both are decided by the caller. */
export interface DocumentCommon {
  /** 文号, e.g. 杭民创〔2026〕12号, allocated before rendering so a retry renders the same page. */
  documentNo: string;
  /** 落款 date, YYYY-MM-DD. */
  issuedOn: string;
  bureau: { name: string };
}

export interface RoundRef {
  name: string;
}

export interface OrganizationRef {
  name: string;
  /** 统一社会信用代码 */
  creditCode: string;
}

export interface ApplicationRef {
  title: string;
  category?: string;
}

export interface ReviewerRef {
  name: string;
}

export interface EligibilityCheckLine {
  rule: string;
  label: string;
  passed: boolean;
  reason: string;
}

export interface AcceptanceReceiptData extends DocumentCommon {
  round: RoundRef;
  organization: OrganizationRef;
  application: {
    title: string;
    category: string;
    requestedAmount: string;
    submittedAt: string;
    submissionNo: number;
  };
  /** The automatic rules' outcomes; informational, the reviewer still decides. */
  eligibility: EligibilityCheckLine[];
}

export interface ReturnNoticeData extends DocumentCommon {
  round: RoundRef;
  organization: OrganizationRef;
  application: ApplicationRef;
  reason: string;
  revisionDeadline: string;
  reviewer: ReviewerRef;
}

export interface RejectionNoticeData extends DocumentCommon {
  round: RoundRef;
  organization: OrganizationRef;
  application: ApplicationRef;
  reason: string;
  reviewer: ReviewerRef;
}

export interface PublicNoticeEntry {
  rank: number;
  organizationName: string;
  projectTitle: string;
  category: string;
  finalScore: string;
  award: string;
}

export interface PublicNoticeData extends DocumentCommon {
  round: { name: string; budgetPool: string };
  period: { startsAt: string; endsAt: string; workingDays: number };
  entries: PublicNoticeEntry[];
  totalAward: string;
  objectionChannel: { url: string; phone?: string };
}

export interface EntrustedItem {
  name: string;
  indicator: string;
  target: string;
  unit: string;
}

export interface TrancheLine {
  label: string;
  percent: number;
  amount: string;
  condition: string;
}

export interface ReportingDuty {
  kind: string;
  /** A date (YYYY-MM-DD) or a rule in words such as 每季度结束后10日内. */
  due: string;
}

export interface Signature {
  name: string;
  /** A date or an instant. */
  signedAt: string;
}

export interface AgreementData extends DocumentCommon {
  version: number;
  partyA: { name: string; address?: string; representative?: string };
  partyB: { name: string; creditCode: string; address?: string; representative?: string; contactPhone?: string };
  project: {
    title: string;
    category: string;
    summary: string;
    beneficiaries: string;
    term: { startsOn: string; endsOn: string };
  };
  entrustedItems: EntrustedItem[];
  amount: string;
  tranches: TrancheLine[];
  reportingDuties: ReportingDuty[];
  obligationsA: string[];
  obligationsB: string[];
  /** 项目预算明细; a later version carries the budget as reallocated by approved changes. */
  budgetLines?: { typeLabel: string; description?: string; amount: string }[];
  /** 变更记录: the approved changes this version embodies, oldest first. */
  changes?: { on: string; summary: string }[];
  /** A missing side prints blank signature lines for signing on paper. */
  signatures: { partyA?: Signature; partyB?: Signature };
}

// ---------------------------------------------------------------- implementation and closeout
// 资金拨付通知书、报告受理回执、评估报告、结项证书、项目终止通知书. Grades arrive as their zh labels
// (优秀/良好/合格/不合格); the validation refuses any other word.

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

export interface DocumentDataByKind {
  ACCEPTANCE_RECEIPT: AcceptanceReceiptData;
  RETURN_NOTICE: ReturnNoticeData;
  REJECTION_NOTICE: RejectionNoticeData;
  PUBLIC_NOTICE: PublicNoticeData;
  AGREEMENT: AgreementData;
  DISBURSEMENT_NOTICE: DisbursementNoticeData;
  REPORT_RECEIPT: ReportReceiptData;
  EVALUATION_REPORT: EvaluationReportData;
  CLOSEOUT_CERTIFICATE: CloseoutCertificateData;
  TERMINATION_NOTICE: TerminationNoticeData;
}

/** Names every field that would have printed blank or wrong, so the caller can fix them all at once. */
export class DocumentDataError extends Error {
  override readonly name = 'DocumentDataError';

  /** Every field that stopped the rendering, missing ones first. */
  readonly fields: string[];

  constructor(
    readonly kind: string,
    readonly missing: string[],
    readonly invalid: string[] = [],
  ) {
    const parts = [
      missing.length > 0 ? `缺少必填字段：${missing.join('、')}` : '',
      invalid.length > 0 ? `字段格式不正确：${invalid.join('、')}` : '',
    ].filter((p) => p !== '');
    super(`文书（${kind}）数据不完整，${parts.join('；')}`);
    this.fields = [...missing, ...invalid];
  }
}

/*
 * Standard obligations for the Taicang-style agreement between equal parties. They are data, not
 * template text, so that a bureau can add or reword an item and the signed version keeps what
 * was actually agreed.
 */
export const DEFAULT_OBLIGATIONS_A: readonly string[] = [
  '按照本协议约定的拨付进度和条件，及时足额拨付项目资金。',
  '为乙方实施项目提供必要的政策指导、信息和场地等支持，协调解决项目实施中的问题。',
  '依据本协议约定的委托事项和指标，组织或委托第三方对项目实施情况进行督导和评估。',
  '不得向乙方摊派本协议以外的事项。',
  '接受乙方在协议期满后对甲方履约情况的评价。',
];

export const DEFAULT_OBLIGATIONS_B: readonly string[] = [
  '按照本协议约定的委托事项、指标和期限实施项目，保证服务质量。',
  '按期报送进度报告、中期报告和结项报告，如实反映指标完成情况和资金使用情况。',
  '项目资金专款专用，仅用于本协议约定的预算支出，不得挤占、挪用。',
  '接受甲方及其委托的第三方评估机构的监督检查和评估，如实提供有关资料。',
  '项目实施期间需调整进度或预算的，应事先提出项目变更申请，经甲方同意后执行。',
  '项目结项后，将结余资金退回甲方。',
];
