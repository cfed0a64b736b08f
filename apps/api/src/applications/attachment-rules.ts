/** Attachment limits, shown to applicants up front (GET /applications/attachment-rules and the portal's forms). */
export const ATTACHMENT_RULES = {
  maxBytes: 10 * 1024 * 1024,
  mimeTypes: {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPG',
    'image/png': 'PNG',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  } as Record<string, string>,
  kinds: {
    REGISTRATION_CERTIFICATE: '登记证书',
    BUDGET_DETAIL: '预算明细表',
    IMPLEMENTATION_PLAN: '实施方案',
    QUALIFICATION: '资质证明',
    OTHER: '其他',
    REPORT_EVIDENCE: '报告佐证材料',
    FINANCIAL_VOUCHER: '支出凭证',
  } as Record<string, string>,
};

/** Evidence for milestone reports, uploaded while the project runs; the rest belong to the application. */
export const REPORT_ATTACHMENT_KINDS = ['REPORT_EVIDENCE', 'FINANCIAL_VOUCHER'];
export const APPLICATION_ATTACHMENT_KINDS = Object.keys(ATTACHMENT_RULES.kinds).filter((k) => !REPORT_ATTACHMENT_KINDS.includes(k));
