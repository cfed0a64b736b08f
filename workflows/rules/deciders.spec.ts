import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as messages from '../messages';
import {
  DECIDERS,
  decidersOf,
  EVALUATION_FILERS,
  mayDecide,
  NATIONAL_CALENDAR_EDITORS,
  PUBLIC_DECISIONS,
  secondPersonRefusal,
} from './deciders';
import { EVALUATION_KINDS } from './evaluation';
import { ROLES } from './stages';

const updates = (Object.values(messages) as unknown[])
  .filter((v): v is { type: 'update'; name: string } => typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'update')
  .map((u) => u.name);

describe('DECIDERS', () => {
  it('names every decision a workflow takes (each update), and nothing else', () => {
    expect(updates.length).toBeGreaterThan(20);
    expect([...Object.keys(DECIDERS), ...PUBLIC_DECISIONS].sort()).toEqual([...updates].sort());
  });

  it('gives each decision at least one role, each a stored role, none twice', () => {
    for (const roles of Object.values(DECIDERS)) {
      expect(roles.length).toBeGreaterThan(0);
      expect(ROLES).toEqual(expect.arrayContaining([...roles]));
      expect(new Set(roles).size).toBe(roles.length);
    }
  });

  it('lets those file evaluations who file one of its kinds', () => {
    expect(Object.keys(EVALUATION_FILERS)).toEqual([...EVALUATION_KINDS]);
    expect(DECIDERS.fileEvaluation).toEqual([...new Set(EVALUATION_KINDS.map((k) => EVALUATION_FILERS[k]))]);
  });

  it('answers whether a role may decide', () => {
    expect(mayDecide('FINANCE', 'approveTranche')).toBe(true);
    expect(mayDecide('PROGRAM_MANAGER', 'requestTranche')).toBe(false);
    expect(mayDecide('nobody', 'signAgreement')).toBe(false);
  });

  it('narrows a decision to one workspace role, and refuses a role the table does not allow', () => {
    expect(decidersOf('signAgreement')).toEqual(['APPLICANT', 'REVIEWER']);
    expect(decidersOf('signAgreement', ['REVIEWER'])).toEqual(['REVIEWER']);
    expect(() => decidersOf('signAgreement', ['EXPERT'])).toThrow(/EXPERT may not decide signAgreement/);
  });
});

describe('the workflows', () => {
  // Their checks read the table (requireDecider, EVALUATION_FILERS), so that the roles a workflow
  // accepts are the ones the API's routes admit: a role typed out in a check would drift.
  const dir = join(__dirname, '..');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it('check roles only through the table', () => {
    const literal = /requireRole\([^)]*'[A-Z_]+'/;
    const offending = sources.filter((f) => literal.test(readFileSync(join(dir, f), 'utf8')));
    expect(sources.length).toBeGreaterThan(5);
    expect(offending).toEqual([]);
  });
});

describe('two-person decisions', () => {
  it('refuses the proposer and any role the table does not name, and lets a second reviewer decide', () => {
    expect(secondPersonRefusal('creditChange', 'r1', { id: 'r1', role: 'REVIEWER' })?.en).toMatch(/proposer cannot confirm/);
    expect(secondPersonRefusal('creditChange', 'r1', { id: 'm1', role: 'PROGRAM_MANAGER' })?.en).toMatch(/may not confirm/);
    expect(secondPersonRefusal('creditChange', 'r1', { id: 'r2', role: 'REVIEWER' })).toBeNull();
  });

  it('leaves the national calendar to the administrator', () => {
    expect(NATIONAL_CALENDAR_EDITORS).toEqual(['ADMIN']);
  });
});
