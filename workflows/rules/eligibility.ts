/**
 * Automatic eligibility check of an organization against a round's rules (资格审查的自动规则).
 * A reviewer still decides; this gives them each rule's outcome with a reason they can quote.
 */
import { ratingAtLeast, ratingLabel } from './rating';
import type { EligibilityRules } from './round-rules';

export interface OrganizationForEligibility {
  registeredAt: Date;
  rating: string | null;
  /** End of the rating's validity (commonly 5 years after the assessment); null means no valid rating. */
  ratingValidUntil: Date | null;
  /** 'VERIFIED' once a reviewer of the region has checked the facts against the certificate. */
  factsStatus: 'UNVERIFIED' | 'VERIFIED' | 'REJECTED';
  creditStatus: 'GOOD' | 'DISHONEST';
  dishonestUntil: Date | null;
}

export type EligibilityRule = 'yearsRegistered' | 'minRating' | 'notDishonest';

export interface EligibilityRuleResult {
  rule: EligibilityRule;
  passed: boolean;
  reason: string;
}

export interface EligibilityResult {
  eligible: boolean;
  results: EligibilityRuleResult[];
}

/**
 * Facts the applicant declared but no reviewer has checked do not pass an automatic rule: the rule
 * fails and says why, so the reviewer sees the check as unmet and verifies the facts (or reads the
 * certificate) before deciding. Failing rather than "pending" keeps the result a plain pass/fail
 * that every reader of the check already understands, and an unverified 5A can never show a tick.
 */
export const UNVERIFIED_FACTS = '登记信息未核验 / registration facts not verified';

function unverifiedNote(org: OrganizationForEligibility): string {
  return org.factsStatus === 'REJECTED' ? `${UNVERIFIED_FACTS}（核验未通过 / verification failed）` : UNVERIFIED_FACTS;
}

// Registration dates and penalty ends are calendar dates in China. Reading them in the
// process's own time zone would let a worker in UTC and an API in Beijing disagree about the
// same organization, so every calendar reading is done at the fixed offset UTC+8 (no DST since 1991).
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function chinaCalendarDate(instant: Date): CalendarDate {
  const shifted = new Date(instant.getTime() + CHINA_OFFSET_MS);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/** YYYY-MM-DD of the instant's date in China. */
export function formatChinaDate(instant: Date): string {
  const { year, month, day } = chinaCalendarDate(instant);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Full calendar years from `from` to `to`, counted like an age: a year is complete on its
 * anniversary date. An organization registered on 29 February completes a year on 1 March
 * in common years. Negative when `to` precedes `from`.
 */
export function fullYearsBetween(from: Date, to: Date): number {
  const a = chinaCalendarDate(from);
  const b = chinaCalendarDate(to);
  let years = b.year - a.year;
  if (b.month < a.month || (b.month === a.month && b.day < a.day)) years -= 1;
  return years;
}

function checkYearsRegistered(org: OrganizationForEligibility, minimum: number, asOf: Date): EligibilityRuleResult {
  const registered = formatChinaDate(org.registeredAt);
  if (org.factsStatus !== 'VERIFIED') {
    return { rule: 'yearsRegistered', passed: false, reason: `${unverifiedNote(org)}：申报的登记日期 ${registered} 尚未经审核人员核验` };
  }
  if (org.registeredAt.getTime() > asOf.getTime()) {
    return { rule: 'yearsRegistered', passed: false, reason: `登记成立日期 ${registered} 晚于审查日期` };
  }
  const years = fullYearsBetween(org.registeredAt, asOf);
  if (years >= minimum) {
    const requirement = minimum > 0 ? `，符合不少于${minimum}年的要求` : '';
    return { rule: 'yearsRegistered', passed: true, reason: `于 ${registered} 登记成立，已满${years}年${requirement}` };
  }
  return {
    rule: 'yearsRegistered',
    passed: false,
    reason: `于 ${registered} 登记成立，满${years}年，不足要求的${minimum}年`,
  };
}

function checkMinRating(org: OrganizationForEligibility, rules: EligibilityRules, asOf: Date): EligibilityRuleResult {
  const minimum = rules.minRating ?? null;
  if (minimum === null) {
    return { rule: 'minRating', passed: true, reason: '本轮不限评估等级' };
  }
  if (org.factsStatus !== 'VERIFIED') {
    return {
      rule: 'minRating',
      passed: false,
      reason: `${unverifiedNote(org)}：申报的评估等级${ratingLabel(org.rating)}尚未经审核人员核验`,
    };
  }
  // A rating lapses at the end of its validity; after it the organization counts as unrated.
  // Compared as China calendar dates: the rating is valid through its last day.
  if (org.rating !== null && (org.ratingValidUntil === null || formatChinaDate(org.ratingValidUntil) < formatChinaDate(asOf))) {
    const lapsed = org.ratingValidUntil ? `已于 ${formatChinaDate(org.ratingValidUntil)} 到期` : '未载明有效期';
    return {
      rule: 'minRating',
      passed: false,
      reason: `评估等级${ratingLabel(org.rating)}${lapsed}，按未评估处理 / rating lapsed, treated as unrated；本轮要求评估等级不低于${minimum}`,
    };
  }
  const actual = ratingLabel(org.rating);
  if (ratingAtLeast(org.rating, minimum)) {
    return { rule: 'minRating', passed: true, reason: `评估等级为${actual}，符合不低于${minimum}的要求` };
  }
  if (org.rating === null) {
    return { rule: 'minRating', passed: false, reason: `尚未参加社会组织评估，本轮要求评估等级不低于${minimum}` };
  }
  return { rule: 'minRating', passed: false, reason: `评估等级为${actual}，低于要求的${minimum}` };
}

function checkNotDishonest(org: OrganizationForEligibility, rules: EligibilityRules, asOf: Date): EligibilityRuleResult {
  if (!rules.excludeDishonest) {
    return { rule: 'notDishonest', passed: true, reason: '本轮不限制失信主体' };
  }
  if (org.creditStatus !== 'DISHONEST') {
    return { rule: 'notDishonest', passed: true, reason: '未列入失信名单' };
  }
  if (org.dishonestUntil === null) {
    return { rule: 'notDishonest', passed: false, reason: '已列入失信名单，未设惩戒期限' };
  }
  const until = formatChinaDate(org.dishonestUntil);
  // A listing whose term has ended counts as good even before anyone updates the stored status.
  if (org.dishonestUntil.getTime() < asOf.getTime()) {
    return { rule: 'notDishonest', passed: true, reason: `失信惩戒期已于 ${until} 届满` };
  }
  return { rule: 'notDishonest', passed: false, reason: `已列入失信名单，惩戒期至 ${until}` };
}

/** `asOf` is the moment of the check, passed in so that workflows replay the same answer. */
export function checkOrganizationEligibility(org: OrganizationForEligibility, rules: EligibilityRules, asOf: Date): EligibilityResult {
  const results = [
    checkYearsRegistered(org, rules.minYearsRegistered, asOf),
    checkMinRating(org, rules, asOf),
    checkNotDishonest(org, rules, asOf),
  ];
  return { eligible: results.every((r) => r.passed), results };
}
