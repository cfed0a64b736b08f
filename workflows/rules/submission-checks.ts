/**
 * Every automatic check of one application at submission, in one list: the organization's
 * standing (eligibility.ts), the money (application-rules.ts) and the round's required
 * attachments. The workflow's activity records this list with each submission; the API and the
 * portal show the same list on the draft and refuse a submission that fails a hard rule, so the
 * applicant learns before submitting what the reviewer would otherwise return it for.
 *
 * A hard rule is one about the application itself that the applicant can put right before
 * submitting (the budget adds up, management within its cap, the required files attached).
 * Every other failed rule is a warning: the reviewer weighs it (the organization's facts may
 * still be awaiting verification), and the applicant confirms submitting anyway.
 */
import { checkApplicationRules } from './application-rules';
import { APPLICATION_ATTACHMENT_KIND_LABELS } from './attachment-kinds';
import { chinaDateTime } from './china-date';
import { checkOrganizationEligibility } from './eligibility';
import type { ApplicationForRules, ApplicationRule, BudgetLine, RoundForApplicationRules } from './application-rules';
import type { EligibilityRule, OrganizationForEligibility } from './eligibility';
import type { EligibilityRules } from './round-rules';
import type { Label } from './stages';

export type SubmissionRule = EligibilityRule | ApplicationRule | 'requiredAttachments';

export type CheckSeverity = 'hard' | 'warning';

export const SUBMISSION_RULE_LABELS: Readonly<Record<SubmissionRule, Label>> = {
  yearsRegistered: { zh: '成立年限', en: 'years registered' },
  minRating: { zh: '评估等级', en: 'assessment rating' },
  notDishonest: { zh: '失信名单', en: 'dishonesty list' },
  amountWithinCeiling: { zh: '申请金额上限', en: 'amount within the ceiling' },
  managementCap: { zh: '管理费比例', en: 'management fee cap' },
  budgetSumsToRequested: { zh: '预算合计', en: 'budget adds up to the request' },
  matchingFunds: { zh: '配套资金', en: 'matching funds' },
  requiredAttachments: { zh: '必备附件', en: 'required attachments' },
};

/** The rules a submission may not fail: the workflow's checks would send it back for them. */
export const HARD_SUBMISSION_RULES: ReadonlySet<SubmissionRule> = new Set<SubmissionRule>([
  'budgetSumsToRequested',
  'managementCap',
  'requiredAttachments',
]);

/** The application field each rule is about, for refusals that name the field. */
export const SUBMISSION_RULE_FIELDS: Readonly<Record<SubmissionRule, string>> = {
  yearsRegistered: 'organization',
  minRating: 'organization',
  notDishonest: 'organization',
  amountWithinCeiling: 'requestedAmount',
  managementCap: 'budgetLines',
  budgetSumsToRequested: 'budgetLines',
  matchingFunds: 'matchingFunds',
  requiredAttachments: 'attachments',
};

export interface SubmissionCheck {
  rule: SubmissionRule;
  label: Label;
  field: string;
  severity: CheckSeverity;
  passed: boolean;
  /** Chinese, with the figures, as the reviewer and the receipt quote it. */
  reason: string;
}

export interface SubmissionInput {
  organization: OrganizationForEligibility;
  eligibility: EligibilityRules;
  application: ApplicationForRules;
  round: RoundForApplicationRules;
  /** The kinds of the files attached to the application now. */
  attachmentKinds: ReadonlyArray<string>;
}

function kindName(kind: string): string {
  return APPLICATION_ATTACHMENT_KIND_LABELS[kind]?.zh ?? kind;
}

/** Each kind the round requires is attached at least once. Passes trivially when none is required. */
export function checkRequiredAttachments(
  required: ReadonlyArray<string> | undefined,
  present: ReadonlyArray<string>,
): { rule: 'requiredAttachments'; passed: boolean; reason: string } {
  const wanted = required ?? [];
  if (wanted.length === 0) return { rule: 'requiredAttachments', passed: true, reason: '本轮未规定必备附件' };
  const missing = wanted.filter((k) => !present.includes(k));
  if (missing.length > 0) {
    return { rule: 'requiredAttachments', passed: false, reason: `缺少必备附件：${missing.map(kindName).join('、')}` };
  }
  return { rule: 'requiredAttachments', passed: true, reason: `必备附件已上传：${wanted.map(kindName).join('、')}` };
}

/**
 * Every applicable rule in a fixed order; requiredAttachments only when the round requires a kind.
 * `asOf` is the moment of the check, passed in so that a recorded check reads the same later.
 */
export function checkSubmission(input: SubmissionInput, asOf: Date): SubmissionCheck[] {
  const results: { rule: SubmissionRule; passed: boolean; reason: string }[] = [
    ...checkOrganizationEligibility(input.organization, input.eligibility, asOf).results,
    ...checkApplicationRules(input.application, input.round),
  ];
  // Like matching funds, listed only where the round asks for it.
  if ((input.eligibility.requiredAttachments ?? []).length > 0) {
    results.push(checkRequiredAttachments(input.eligibility.requiredAttachments, input.attachmentKinds));
  }
  return results.map((r) => ({
    rule: r.rule,
    label: SUBMISSION_RULE_LABELS[r.rule],
    field: SUBMISSION_RULE_FIELDS[r.rule],
    severity: HARD_SUBMISSION_RULES.has(r.rule) ? 'hard' : 'warning',
    passed: r.passed,
    reason: r.reason,
  }));
}

/** The failed hard rules: a submission with any of them is refused. */
export function blockingChecks(checks: ReadonlyArray<SubmissionCheck>): SubmissionCheck[] {
  return checks.filter((c) => !c.passed && c.severity === 'hard');
}

/** The failed warnings: a submission with any of them needs the applicant's confirmation. */
export function warningChecks(checks: ReadonlyArray<SubmissionCheck>): SubmissionCheck[] {
  return checks.filter((c) => !c.passed && c.severity === 'warning');
}

/** A decimal as the database returns it (Prisma's Decimal): written with two decimals. */
interface StoredAmount {
  toFixed(digits: number): string;
}

/** An application, its organization and round as stored: what both the activity and the API read. */
export interface StoredSubmission {
  organization: OrganizationForEligibility;
  round: { eligibility: unknown; projectCeiling: StoredAmount; managementCapPercent: number; matchingFundsPercent: number | null };
  application: { requestedAmount: StoredAmount; budgetLines: unknown; matchingFunds: StoredAmount | null };
  attachmentKinds: ReadonlyArray<string>;
}

/** checkSubmission on stored rows: the one reading of them the workflow's activity and the API share. */
export function checkStoredSubmission(stored: StoredSubmission, asOf: Date): SubmissionCheck[] {
  const { organization: org, round, application: app } = stored;
  return checkSubmission(
    {
      // factsStatus travels with the facts: declared facts not yet verified by a reviewer fail the rules.
      organization: {
        registeredAt: org.registeredAt,
        rating: org.rating,
        ratingValidUntil: org.ratingValidUntil,
        factsStatus: org.factsStatus,
        creditStatus: org.creditStatus,
        dishonestUntil: org.dishonestUntil,
      },
      eligibility: round.eligibility as EligibilityRules,
      application: {
        requestedAmount: app.requestedAmount.toFixed(2),
        budgetLines: (app.budgetLines as BudgetLine[]).map((l) => ({ type: l.type, amount: l.amount })),
        matchingFunds: app.matchingFunds?.toFixed(2) ?? null,
      },
      round: {
        projectCeiling: round.projectCeiling.toFixed(2),
        managementCapPercent: round.managementCapPercent,
        matchingFundsPercent: round.matchingFundsPercent,
      },
      attachmentKinds: stored.attachmentKinds,
    },
    asOf,
  );
}

export type WindowState = 'before' | 'open' | 'after';

export interface ApplicationWindow {
  state: WindowState;
  opensAt: string;
  closesAt: string;
  /** The times as announced, in China's time (Asia/Shanghai). */
  opensAtLocal: string;
  closesAtLocal: string;
  timeZone: 'Asia/Shanghai';
  /** Why a first submission is refused now, "中文 / English"; absent while the window is open. */
  refusal?: string;
}

/** Where `at` falls in a round's application window [opensAt, closesAt), and the refusal outside it. */
export function applicationWindow(opensAt: Date, closesAt: Date, at: Date): ApplicationWindow {
  const opensAtLocal = chinaDateTime(opensAt);
  const closesAtLocal = chinaDateTime(closesAt);
  const span = `申报期为 ${opensAtLocal} 至 ${closesAtLocal}（北京时间）`;
  const spanEn = `${opensAtLocal} to ${closesAtLocal} (China time, Asia/Shanghai)`;
  const base = {
    opensAt: opensAt.toISOString(),
    closesAt: closesAt.toISOString(),
    opensAtLocal,
    closesAtLocal,
    timeZone: 'Asia/Shanghai' as const,
  };
  if (at.getTime() < opensAt.getTime()) {
    return {
      ...base,
      state: 'before',
      refusal: `申报尚未开始，不能提交：${span} / the application window has not opened yet: it runs from ${spanEn}`,
    };
  }
  if (at.getTime() >= closesAt.getTime()) {
    return { ...base, state: 'after', refusal: `申报已截止，不能提交：${span} / the application window has closed: it ran from ${spanEn}` };
  }
  return { ...base, state: 'open' };
}
