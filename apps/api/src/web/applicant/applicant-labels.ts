import {
  BUDGET_LINE_TYPES,
  BudgetLineType,
  GOVERNMENT_SIDE_RUBRIC,
  Label,
  PROJECT_STAGE_LABELS,
  ProjectStage,
  RATING_LABELS,
  RATINGS,
  REPORT_KINDS,
  REPORT_STATUSES,
  ReportKind,
  TRANCHE_STAGES,
  TRANCHE_STATUS_LABELS,
  TrancheStage,
  TrancheStatus,
  UNRATED_LABEL,
} from '@workflows/rules';
import { labelText, WebLang } from '../web-i18n';

/**
 * Domain labels for the applicant's pages in the page's language. Where workflows/rules names a
 * value (stages, budget line types, ratings, report kinds, tranche stages and statuses, the
 * government-side rubric) its label is used; statuses the rules do not label yet are in the
 * applicant dictionary, listed here so that the spec can check both languages.
 */
export const CHANGE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export const DOCUMENT_KINDS = [
  'ACCEPTANCE_RECEIPT',
  'RETURN_NOTICE',
  'REJECTION_NOTICE',
  'PUBLIC_NOTICE',
  'AGREEMENT',
  'DISBURSEMENT_NOTICE',
  'REPORT_RECEIPT',
  'EVALUATION_REPORT',
  'CLOSEOUT_CERTIFICATE',
  'TERMINATION_NOTICE',
] as const;
export const ELIGIBILITY_RULES = ['yearsRegistered', 'minRating', 'notDishonest'] as const;

/** Audit actions on an application with a sentence of their own in applicant.history (dots become underscores). */
export const HISTORY_ACTIONS = [
  'application.created',
  'application.edited',
  'application.submitted',
  'application.resubmitted',
  'application.withdrawnByTimer',
  'attachment.uploaded',
  'eligibility.pass',
  'eligibility.return',
  'eligibility.reject',
  'project.expert_review_started',
  'project.ranked',
  'project.notice_published',
  'project.removed_by_objection',
  'project.funding_decided',
  'agreement.signedBy.applicant',
  'agreement.signedBy.bureau',
  'project.implementationStarted',
  'tranche.due',
  'project.implementation',
  'project.rectification',
  'project.final_evaluation',
  'rectification.due',
  'project.terminated',
  'closeout.finalTrancheDue',
  'closeout.finalTrancheWithheld',
  'project.closed',
  'panel.assignmentDeclined',
  'panel.scoresSubmitted',
  'change.requested',
  'change.approved',
  'change.rejected',
  'evaluator.assigned',
  'evaluation.midterm',
  'evaluation.final_third_party',
  'evaluation.gov_on_org',
  'evaluation.org_on_gov',
] as const;

/** Statuses a refusal may name besides stages, with their dictionary namespace. */
export const APPLICANT_STATUS_KINDS: { key: string; values: readonly string[] }[] = [{ key: 'reportStatus', values: REPORT_STATUSES }];

const text = (label: Label | undefined, lang: WebLang, fallback: string) => labelText(label, lang) ?? fallback;

export function budgetTypeOptions(lang: WebLang, selected?: string) {
  return (Object.keys(BUDGET_LINE_TYPES) as BudgetLineType[]).map((value) => ({
    value,
    label: text(BUDGET_LINE_TYPES[value], lang, value),
    selected: value === selected,
  }));
}

export const budgetTypeLabel = (type: string, lang: WebLang) => text(BUDGET_LINE_TYPES[type as BudgetLineType], lang, type);

export function ratingOptions(lang: WebLang, selected?: string | null) {
  return [
    { value: '', label: text(UNRATED_LABEL, lang, ''), selected: !selected },
    ...RATINGS.map((value) => ({ value, label: text(RATING_LABELS[value], lang, value), selected: value === selected })),
  ];
}

export const ratingLabel = (rating: string | null, lang: WebLang) =>
  rating ? text(RATING_LABELS[rating as (typeof RATINGS)[number]], lang, rating) : text(UNRATED_LABEL, lang, '');
export const reportKindLabel = (kind: string, lang: WebLang) => text(REPORT_KINDS[kind as ReportKind], lang, kind);
export const trancheStageLabel = (stage: string, lang: WebLang) => text(TRANCHE_STAGES[stage as TrancheStage], lang, stage);
export const trancheStatusLabel = (status: string, lang: WebLang) => text(TRANCHE_STATUS_LABELS[status as TrancheStatus], lang, status);
export const stageText = (stage: string | null | undefined, lang: WebLang) =>
  stage ? text(PROJECT_STAGE_LABELS[stage as ProjectStage], lang, stage) : '';

/** The organization's evaluation of the bureau (ORG_ON_GOV): criteria with their maxima, from the rules. */
export function governmentSideRubric(lang: WebLang) {
  return GOVERNMENT_SIDE_RUBRIC.map((c) => ({
    key: c.key,
    name: lang === 'en' ? (c.nameEn ?? c.key) : c.name,
    max: c.maxScore ?? c.weight,
  }));
}

export const historyKey = (action: string) =>
  (HISTORY_ACTIONS as readonly string[]).includes(action) ? `applicant.history.${action.replace(/\./g, '_')}` : undefined;
