/**
 * The kinds of file an application carries (附件类别), named once for the API's upload rules,
 * the portal and the submission check that a round's required attachments are there.
 */
import type { Label } from './stages';

export const APPLICATION_ATTACHMENT_KIND_LABELS: Readonly<Record<string, Label>> = {
  REGISTRATION_CERTIFICATE: { zh: '登记证书', en: 'registration certificate' },
  BUDGET_DETAIL: { zh: '预算明细表', en: 'budget detail' },
  IMPLEMENTATION_PLAN: { zh: '实施方案', en: 'implementation plan' },
  QUALIFICATION: { zh: '资质证明', en: 'qualification' },
  OTHER: { zh: '其他', en: 'other' },
};

/** Kinds a round may require of every application (OTHER is never required: it names nothing). */
export const REQUIRABLE_ATTACHMENT_KINDS: readonly string[] = Object.keys(APPLICATION_ATTACHMENT_KIND_LABELS).filter((k) => k !== 'OTHER');

/**
 * The files of a round's call (申报指南附件) that its program manager attaches before publishing:
 * the guidelines themselves and the templates the applicants fill in.
 */
export const ROUND_FILE_KIND_LABELS: Readonly<Record<string, Label>> = {
  GUIDELINES: { zh: '申报指南', en: 'guidelines' },
  APPLICATION_TEMPLATE: { zh: '申报书模板', en: 'application template' },
  BUDGET_TEMPLATE: { zh: '预算表模板', en: 'budget template' },
  OTHER: { zh: '其他材料', en: 'other' },
};
