/**
 * Checks a document's data before rendering, so that a page is never issued with a blank where
 * an amount, a date or a name should be. Handlebars is not run in strict mode (optional fields
 * such as a phone number are simply left out), so this list is what makes a field required.
 */
import { recoveryAmount } from '../../workflows/rules/closeout';
import { GRADE_LABELS, gradeFromScore } from '../../workflows/rules/evaluation';
import { isMoneyString, parseMoney, sumMoney } from '../../workflows/rules/money';
import { DocumentDataError, type DocumentDataByKind } from './document-data';
import { parseDocumentDate } from './helpers';

type FieldCheck =
  | 'text'
  | 'money'
  | 'date'
  | 'instant'
  | 'dateOrInstant'
  | 'int'
  | 'number'
  | 'bool'
  | 'list'
  | 'nonEmptyList'
  // A total out of 100 with at most two decimals; a number or a decimal string; a grade label.
  | 'score'
  | 'numeric'
  | 'grade';

/*
 * Paths are dotted; `xs[]` applies the rest of the path to each element, and a segment ending
 * in `?` makes that object optional (its fields are required only when it is present).
 */
type FieldRules = Readonly<Record<string, FieldCheck>>;

const COMMON: FieldRules = { documentNo: 'text', issuedOn: 'date', 'bureau.name': 'text' };
const ORG: FieldRules = { 'round.name': 'text', 'organization.name': 'text', 'organization.creditCode': 'text' };
const PROJECT: FieldRules = { 'organization.name': 'text', 'organization.creditCode': 'text', 'project.title': 'text' };
const SCORE = /^(0|[1-9]\d{0,2})(\.\d{1,2})?$/;
const NUMERIC = /^\d{1,15}(\.\d{1,9})?$/;
const GRADE_WORDS: readonly string[] = Object.values(GRADE_LABELS).map((l) => l.zh);

const RULES: Readonly<Record<keyof DocumentDataByKind, FieldRules>> = {
  ACCEPTANCE_RECEIPT: {
    ...COMMON,
    ...ORG,
    'application.title': 'text',
    'application.category': 'text',
    'application.requestedAmount': 'money',
    'application.submittedAt': 'instant',
    'application.submissionNo': 'int',
    eligibility: 'list',
    'eligibility[].label': 'text',
    'eligibility[].passed': 'bool',
  },
  RETURN_NOTICE: {
    ...COMMON,
    ...ORG,
    'application.title': 'text',
    reason: 'text',
    revisionDeadline: 'instant',
    'reviewer.name': 'text',
  },
  REJECTION_NOTICE: { ...COMMON, ...ORG, 'application.title': 'text', reason: 'text', 'reviewer.name': 'text' },
  PUBLIC_NOTICE: {
    ...COMMON,
    'round.name': 'text',
    'round.budgetPool': 'money',
    'period.startsAt': 'instant',
    'period.endsAt': 'instant',
    'period.workingDays': 'int',
    entries: 'nonEmptyList',
    'entries[].rank': 'int',
    'entries[].organizationName': 'text',
    'entries[].projectTitle': 'text',
    'entries[].category': 'text',
    'entries[].finalScore': 'text',
    'entries[].award': 'money',
    totalAward: 'money',
    'objectionChannel.url': 'text',
  },
  AGREEMENT: {
    ...COMMON,
    version: 'int',
    'partyA.name': 'text',
    'partyB.name': 'text',
    'partyB.creditCode': 'text',
    'project.title': 'text',
    'project.category': 'text',
    'project.summary': 'text',
    'project.beneficiaries': 'text',
    'project.term.startsOn': 'date',
    'project.term.endsOn': 'date',
    entrustedItems: 'nonEmptyList',
    'entrustedItems[].name': 'text',
    'entrustedItems[].indicator': 'text',
    'entrustedItems[].target': 'text',
    'entrustedItems[].unit': 'text',
    amount: 'money',
    tranches: 'nonEmptyList',
    'tranches[].label': 'text',
    'tranches[].percent': 'number',
    'tranches[].amount': 'money',
    'tranches[].condition': 'text',
    reportingDuties: 'list',
    'reportingDuties[].kind': 'text',
    'reportingDuties[].due': 'text',
    obligationsA: 'nonEmptyList',
    'obligationsA[]': 'text',
    obligationsB: 'nonEmptyList',
    'obligationsB[]': 'text',
    'signatures.partyA?.name': 'text',
    'signatures.partyA?.signedAt': 'dateOrInstant',
    'signatures.partyB?.name': 'text',
    'signatures.partyB?.signedAt': 'dateOrInstant',
    'budgetLines[].typeLabel': 'text',
    'budgetLines[].amount': 'money',
    'changes[].on': 'date',
    'changes[].summary': 'text',
  },
  DISBURSEMENT_NOTICE: {
    ...COMMON,
    ...PROJECT,
    'tranche.seq': 'int',
    'tranche.label': 'text',
    'tranche.percent': 'number',
    'tranche.amount': 'money',
    'payment.reference': 'text',
    'payment.paidOn': 'dateOrInstant',
    'totals.award': 'money',
    'totals.paidToDate': 'money',
    'totals.remaining': 'money',
    'approvals.requestedBy': 'text',
    'approvals.approvedBy': 'text',
  },
  REPORT_RECEIPT: {
    ...COMMON,
    ...PROJECT,
    'report.kindLabel': 'text',
    'report.seq': 'int',
    'report.submittedAt': 'instant',
    'report.dueAt': 'instant',
    'report.acceptedAt': 'instant',
    'report.reviewer': 'text',
    indicators: 'list',
    'indicators[].name': 'text',
    'indicators[].unit': 'text',
    'indicators[].planned': 'number',
    'indicators[].achieved': 'number',
    spending: 'list',
    'spending[].typeLabel': 'text',
    'spending[].budgeted': 'money',
    'spending[].spent': 'money',
    spendingTotal: 'money',
    'attachments[].kindLabel': 'text',
    'attachments[].filename': 'text',
    'attachments[].sha256': 'text',
  },
  EVALUATION_REPORT: {
    ...COMMON,
    ...PROJECT,
    'evaluation.kindLabel': 'text',
    'evaluation.evaluatorName': 'text',
    'evaluation.filedAt': 'instant',
    'evaluation.total': 'score',
    'evaluation.grade': 'grade',
    criteria: 'nonEmptyList',
    'criteria[].name': 'text',
    'criteria[].weight': 'number',
    'criteria[].score': 'numeric',
    summary: 'text',
  },
  CLOSEOUT_CERTIFICATE: {
    ...COMMON,
    ...PROJECT,
    'project.term.startsOn': 'date',
    'project.term.endsOn': 'date',
    award: 'money',
    paidTotal: 'money',
    spentTotal: 'money',
    recovery: 'money',
    finalGrade: 'grade',
    evaluations: 'list',
    'evaluations[].label': 'text',
    'evaluations[].grade': 'grade',
    creditNote: 'text',
  },
  TERMINATION_NOTICE: {
    ...COMMON,
    ...PROJECT,
    reason: 'text',
    terminatedOn: 'dateOrInstant',
    returnWithinDays: 'int',
    'settlement.award': 'money',
    'settlement.paid': 'money',
    'settlement.cancelledUnpaid': 'money',
    'settlement.spent': 'money',
    'settlement.recovery': 'money',
  },
};

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isValid(check: FieldCheck, value: unknown): boolean {
  switch (check) {
    case 'text':
      return typeof value === 'string';
    case 'money':
      return isMoneyString(value);
    case 'date':
      return parseDocumentDate(value)?.kind === 'date';
    case 'instant':
      return parseDocumentDate(value)?.kind === 'instant';
    case 'dateOrInstant':
      return parseDocumentDate(value) !== undefined;
    case 'int':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'list':
      return Array.isArray(value);
    case 'nonEmptyList':
      return Array.isArray(value) && value.length > 0;
    case 'score':
      return typeof value === 'string' && SCORE.test(value) && Number(value) <= 100;
    case 'numeric':
      return (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && NUMERIC.test(value));
    case 'grade':
      return typeof value === 'string' && GRADE_WORDS.includes(value);
  }
}

/** The concrete values a rule path points at, with their printable paths; absent optional parts yield nothing. */
function resolve(root: unknown, path: string): Array<[string, unknown]> {
  let found: Array<[string, unknown]> = [['', root]];
  for (const raw of path.split('.')) {
    const optional = raw.endsWith('?');
    const each = raw.endsWith('[]');
    const key = raw.replace(/\?$|\[\]$/, '');
    const next: Array<[string, unknown]> = [];
    for (const [at, value] of found) {
      const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      const childAt = at === '' ? key : `${at}.${key}`;
      if (optional && isAbsent(child)) continue;
      if (!each) next.push([childAt, child]);
      else if (Array.isArray(child)) child.forEach((item, i) => next.push([`${childAt}[${i}]`, item]));
    }
    found = next;
  }
  return found;
}

export function validateDocumentData<K extends keyof DocumentDataByKind>(kind: K, data: unknown): void {
  const missing: string[] = [];
  const invalid: string[] = [];
  for (const [path, check] of Object.entries(RULES[kind])) {
    for (const [at, value] of resolve(data, path)) {
      if (isAbsent(value)) missing.push(at);
      else if (!isValid(check, value)) invalid.push(at);
    }
  }
  if (missing.length === 0 && invalid.length === 0) checkTotals(kind, data, invalid);
  if (missing.length > 0 || invalid.length > 0) throw new DocumentDataError(kind, missing, invalid);
}

// A document that states a total must agree with its own lines; a mismatch is a caller's bug
// that would otherwise be printed and signed.
function checkTotals(kind: keyof DocumentDataByKind, data: unknown, invalid: string[]): void {
  if (kind === 'AGREEMENT') {
    const d = data as DocumentDataByKind['AGREEMENT'];
    if (!sumMoney(d.tranches.map((t) => t.amount)).equals(sumMoney([d.amount]))) invalid.push('tranches');
  }
  if (kind === 'PUBLIC_NOTICE') {
    const d = data as DocumentDataByKind['PUBLIC_NOTICE'];
    if (!sumMoney(d.entries.map((e) => e.award)).equals(sumMoney([d.totalAward]))) invalid.push('totalAward');
  }
  checkImplementationTotals(kind, data, invalid);
}

const same = (a: string, b: string): boolean => parseMoney(a).equals(parseMoney(b));
const above = (a: string, b: string): boolean => parseMoney(a).greaterThan(parseMoney(b));

// The settlement figures follow the rules in workflows/rules/closeout: recovery = max(paid − spent, 0).
function checkImplementationTotals(kind: keyof DocumentDataByKind, data: unknown, invalid: string[]): void {
  if (kind === 'DISBURSEMENT_NOTICE') {
    const { tranche, totals } = data as DocumentDataByKind['DISBURSEMENT_NOTICE'];
    if (above(tranche.amount, totals.paidToDate)) invalid.push('tranche.amount');
    if (above(totals.paidToDate, totals.award)) invalid.push('totals.paidToDate');
    else if (!parseMoney(totals.award).minus(parseMoney(totals.paidToDate)).equals(parseMoney(totals.remaining)))
      invalid.push('totals.remaining');
  }
  if (kind === 'REPORT_RECEIPT') {
    const d = data as DocumentDataByKind['REPORT_RECEIPT'];
    if (!sumMoney(d.spending.map((s) => s.spent)).equals(parseMoney(d.spendingTotal))) invalid.push('spendingTotal');
  }
  if (kind === 'EVALUATION_REPORT') {
    const { evaluation } = data as DocumentDataByKind['EVALUATION_REPORT'];
    if (GRADE_LABELS[gradeFromScore(evaluation.total)].zh !== evaluation.grade) invalid.push('evaluation.grade');
  }
  if (kind === 'CLOSEOUT_CERTIFICATE') {
    const d = data as DocumentDataByKind['CLOSEOUT_CERTIFICATE'];
    if (above(d.paidTotal, d.award)) invalid.push('paidTotal');
    if (!same(d.recovery, recoveryAmount(d.paidTotal, d.spentTotal))) invalid.push('recovery');
  }
  if (kind === 'TERMINATION_NOTICE') {
    const { settlement: s, returnWithinDays } = data as DocumentDataByKind['TERMINATION_NOTICE'];
    if (returnWithinDays < 1) invalid.push('returnWithinDays');
    if (above(s.paid, s.award)) invalid.push('settlement.paid');
    else if (!parseMoney(s.award).minus(parseMoney(s.paid)).equals(parseMoney(s.cancelledUnpaid)))
      invalid.push('settlement.cancelledUnpaid');
    if (!same(s.recovery, recoveryAmount(s.paid, s.spent))) invalid.push('settlement.recovery');
  }
}
