/**
 * Checks a document's data before rendering, so that a page is never issued with a blank where
 * an amount, a date or a name should be. Handlebars is not run in strict mode (optional fields
 * such as a phone number are simply left out), so this list is what makes a field required.
 */
import { isMoneyString, sumMoney } from '../../workflows/rules/money';
import { DocumentDataError, type DocumentDataByKind } from './document-data';
import { parseDocumentDate } from './helpers';

type FieldCheck = 'text' | 'money' | 'date' | 'instant' | 'dateOrInstant' | 'int' | 'number' | 'bool' | 'list' | 'nonEmptyList';

/*
 * Paths are dotted; `xs[]` applies the rest of the path to each element, and a segment ending
 * in `?` makes that object optional (its fields are required only when it is present).
 */
type FieldRules = Readonly<Record<string, FieldCheck>>;

const COMMON: FieldRules = { documentNo: 'text', issuedOn: 'date', 'bureau.name': 'text' };
const ORG: FieldRules = { 'round.name': 'text', 'organization.name': 'text', 'organization.creditCode': 'text' };

const RULES: Readonly<Record<keyof DocumentDataByKind, FieldRules>> = {
  ACCEPTANCE_RECEIPT: {
    ...COMMON, ...ORG,
    'application.title': 'text', 'application.category': 'text', 'application.requestedAmount': 'money',
    'application.submittedAt': 'instant', 'application.submissionNo': 'int',
    eligibility: 'list', 'eligibility[].label': 'text', 'eligibility[].passed': 'bool',
  },
  RETURN_NOTICE: {
    ...COMMON, ...ORG,
    'application.title': 'text', reason: 'text', revisionDeadline: 'instant', 'reviewer.name': 'text',
  },
  REJECTION_NOTICE: { ...COMMON, ...ORG, 'application.title': 'text', reason: 'text', 'reviewer.name': 'text' },
  PUBLIC_NOTICE: {
    ...COMMON,
    'round.name': 'text', 'round.budgetPool': 'money',
    'period.startsAt': 'instant', 'period.endsAt': 'instant', 'period.workingDays': 'int',
    entries: 'nonEmptyList', 'entries[].rank': 'int', 'entries[].organizationName': 'text',
    'entries[].projectTitle': 'text', 'entries[].category': 'text', 'entries[].finalScore': 'text',
    'entries[].award': 'money', totalAward: 'money', 'objectionChannel.url': 'text',
  },
  AGREEMENT: {
    ...COMMON,
    version: 'int', 'partyA.name': 'text', 'partyB.name': 'text', 'partyB.creditCode': 'text',
    'project.title': 'text', 'project.category': 'text', 'project.summary': 'text',
    'project.beneficiaries': 'text', 'project.term.startsOn': 'date', 'project.term.endsOn': 'date',
    entrustedItems: 'nonEmptyList', 'entrustedItems[].name': 'text', 'entrustedItems[].indicator': 'text',
    'entrustedItems[].target': 'text', 'entrustedItems[].unit': 'text',
    amount: 'money',
    tranches: 'nonEmptyList', 'tranches[].label': 'text', 'tranches[].percent': 'number',
    'tranches[].amount': 'money', 'tranches[].condition': 'text',
    reportingDuties: 'list', 'reportingDuties[].kind': 'text', 'reportingDuties[].due': 'text',
    obligationsA: 'nonEmptyList', 'obligationsA[]': 'text', obligationsB: 'nonEmptyList', 'obligationsB[]': 'text',
    'signatures.partyA?.name': 'text', 'signatures.partyA?.signedAt': 'dateOrInstant',
    'signatures.partyB?.name': 'text', 'signatures.partyB?.signedAt': 'dateOrInstant',
  },
};

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function isValid(check: FieldCheck, value: unknown): boolean {
  switch (check) {
    case 'text': return typeof value === 'string';
    case 'money': return isMoneyString(value);
    case 'date': return parseDocumentDate(value)?.kind === 'date';
    case 'instant': return parseDocumentDate(value)?.kind === 'instant';
    case 'dateOrInstant': return parseDocumentDate(value) !== undefined;
    case 'int': return Number.isSafeInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'bool': return typeof value === 'boolean';
    case 'list': return Array.isArray(value);
    case 'nonEmptyList': return Array.isArray(value) && value.length > 0;
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
}
