import { shutDown, startPlatform, TestPlatform } from '../../support/app';
import { launchBrowser } from '../../support/browser';
import { makeOrganization, makeUser, TestUser } from '../../support/factories';
import type { Browser, BrowserContext } from 'playwright-core';

/**
 * What the office roles' browser files set up before their first page: the platform listening for
 * Chromium, and the people of one round. Each file calls these in its own beforeAll, so each file
 * still stands on its own.
 */
export interface OfficePortal {
  p: TestPlatform;
  /** http://127.0.0.1:<port> of the platform under test. */
  base: string;
  browser: Browser;
}

/** `noticePeriodMs` is the notice period of this file's round, read by the worker when the notice is published. */
export async function startOfficePortal(noticePeriodMs: string): Promise<OfficePortal> {
  process.env.PSP_NOTICE_PERIOD_MS = noticePeriodMs;
  const p = await startPlatform({ listen: true });
  const base = p.baseUrl!;
  const browser = await launchBrowser();
  return { p, base, browser };
}

export async function stopOfficePortal(p: TestPlatform, browser: Browser | undefined, contexts: BrowserContext[]): Promise<void> {
  for (const c of contexts) await c.close();
  await browser?.close();
  await shutDown(p);
  delete process.env.PSP_NOTICE_PERIOD_MS;
}

export interface OfficeCast {
  manager: TestUser;
  /** Passes eligibility. */
  reviewer: TestUser;
  /** A second reviewer of the region, for the decisions the first may not take. */
  signer: TestUser;
  finance1: TestUser;
  finance2: TestUser;
  applicants: TestUser[];
  /** One organization of each applicant, in the same order. */
  orgIds: string[];
}

/** A program manager, two reviewers, two finance officers and two applicants with an organization each. */
export async function officeCast(p: TestPlatform): Promise<OfficeCast> {
  const [manager, reviewer, signer, finance1, finance2] = await Promise.all([
    makeUser(p, 'PROGRAM_MANAGER'),
    makeUser(p, 'REVIEWER'),
    makeUser(p, 'REVIEWER'),
    makeUser(p, 'FINANCE'),
    makeUser(p, 'FINANCE'),
  ]);
  const applicants = [await makeUser(p, 'APPLICANT'), await makeUser(p, 'APPLICANT')];
  const orgIds = [(await makeOrganization(p.prisma, applicants[0].id)).id, (await makeOrganization(p.prisma, applicants[1].id)).id];
  return { manager, reviewer, signer, finance1, finance2, applicants, orgIds };
}
