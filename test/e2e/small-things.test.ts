// This file reads the region's eligibility queue and dashboard: it runs in a city of its own.
process.env.PSP_TEST_CITY = '330800';

import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import type { Page } from 'playwright-core';

/**
 * Issue 16 point 6, small things staff notice, in Chromium at 1366×768 and 390×844 with
 * axe-core (0 serious or critical) and html-validate on every page: the round set-up form's
 * defaults, region names on the dashboard, the eligibility queue's search and bulk pass, and the
 * reviewer going on to the next application. The public side is small-things-public.test.ts.
 */
const SHOTS = 'small-things-';
const TEST_MS = 180_000;
const ENV = {};

describe('web portal: small things a person notices', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let manager: TestUser;
  let reviewer: TestUser;
  let reviewer2: TestUser;
  let applicant: TestUser;
  let openRoundId: string;
  let orgName: string;
  let warnedOrgName: string;
  let clean: string[];
  let warned: string;

  const open = (user?: TestUser): Promise<Page> => (user ? pages.signedIn(user) : pages.open());
  const check = (page: Page, name: string) => pages.atBothWidths(page, name);

  async function submitted(orgId: string, confirmWarnings = false): Promise<string> {
    const body = applicationPayload(openRoundId, orgId, '60000.00');
    const id: string = (await p.http.post('/api/applications').set(auth(applicant)).send(body).expect(201)).body.id;
    await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).send({ confirmWarnings }).expect(200);
    await eventually(async () => ((await p.prisma.eligibilityCheck.count({ where: { applicationId: id } })) > 0 ? true : undefined), {
      label: 'checks recorded',
    });
    return id;
  }

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    [manager, reviewer, reviewer2, applicant] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'APPLICANT'),
    ]);
    // Organizations in 柯城区 (a county the region table names) and in a code it does not list.
    const tag = Date.now().toString(36);
    orgName = `Qingke 柯城社工服务中心 ${tag}`;
    warnedOrgName = `衢江未核验社工服务中心 ${tag}`;
    const org = await makeOrganization(p.prisma, applicant.id, { name: orgName, regionCode: '330802' });
    const warnedOrg = await makeOrganization(p.prisma, applicant.id, { name: warnedOrgName, regionCode: '330899', verified: false });

    const now = Date.now();
    const createRound = async (overrides: Record<string, unknown>) =>
      (await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload(overrides)).expect(201)).body as { id: string; name: string };
    openRoundId = (await createRound({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600_000).toISOString() })).id;
    await p.http.post(`/api/rounds/${openRoundId}/publish`).set(auth(manager)).expect(200);
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: openRoundId } })).status === 'OPEN' ? true : undefined),
      { label: 'round OPEN' },
    );
    clean = [await submitted(org.id), await submitted(org.id), await submitted(org.id)];
    // Declared facts only: years registered and rating fail as warnings, confirmed at submission.
    warned = await submitted(warnedOrg.id, true);
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  afterEach(async () => {
    expect(await pages.markup.found()).toEqual([]);
  });

  it(
    'a: the round set-up form speaks to the programme manager and states each default, which a blank field then gets',
    async () => {
      const page = await open(manager);
      await page.goto(`${base}/manage/rounds/new`);
      const lead = await page.locator('p.lead').innerText();
      expect(lead).not.toMatch(/POST|\/api|接口/);
      expect(lead).toContain('草稿');
      expect(await page.locator('main').innerText()).not.toContain('系统默认值');
      const hints: Record<string, string> = {};
      for (const field of [
        'expertsPerApplication',
        'passMark',
        'managementCapPercent',
        'noticeWorkingDays',
        'projectTermMonths',
        'periodicReports',
        'dishonestMonths',
      ]) {
        hints[field] = await page.locator(`#round-${field}-hint`).innerText();
        expect({ field, hint: hints[field] }).toEqual({ field, hint: expect.stringMatching(/默认 \d+/) });
      }
      expect(hints.expertsPerApplication).toBe('默认 5 位。');
      expect(await page.locator('#round-issuingBureau-hint').innerText()).toContain('不填写则为“民政局”');
      await check(page, 'round-form');

      const name = `默认值检验轮次${Date.now().toString(36)}`;
      await page.locator('#round-name').fill(name);
      await page.locator('#round-categories').fill('为老\n助残');
      await page.locator('#round-budgetPool').fill('500000.00');
      await page.locator('#round-projectCeiling').fill('100000.00');
      await Promise.all([page.waitForURL(/\/manage\/rounds\/[0-9a-f-]+\?done=created$/), page.locator('button[data-save]').click()]);
      const round = await p.prisma.round.findFirstOrThrow({ where: { name } });
      const stated = (field: string) => Number(/默认 (\d+)/.exec(hints[field])![1]);
      expect({
        expertsPerApplication: round.expertsPerApplication,
        passMark: Number(round.passMark),
        managementCapPercent: round.managementCapPercent,
        noticeWorkingDays: round.noticeWorkingDays,
        projectTermMonths: round.projectTermMonths,
        periodicReports: round.periodicReports,
        dishonestMonths: round.dishonestMonths,
        issuingBureau: round.issuingBureau,
      }).toEqual({
        expertsPerApplication: stated('expertsPerApplication'),
        passMark: stated('passMark'),
        managementCapPercent: stated('managementCapPercent'),
        noticeWorkingDays: stated('noticeWorkingDays'),
        projectTermMonths: stated('projectTermMonths'),
        periodicReports: stated('periodicReports'),
        dishonestMonths: stated('dishonestMonths'),
        issuingBureau: '民政局',
      });
    },
    TEST_MS,
  );

  it(
    'b: the dashboard names the regions of the applicants instead of showing their codes',
    async () => {
      const page = await open(manager);
      await page.goto(`${base}/manage/dashboard`);
      const rows = await page.locator('section[aria-labelledby="region-title"] tbody th').allInnerTexts();
      expect(rows).toEqual(expect.arrayContaining(['柯城区', '浙江省 330899（县级）']));
      expect(rows.filter((r) => /^\d{6}/.test(r))).toEqual([]);
      expect(await page.locator('section[aria-labelledby="region-title"] svg.office-chart__wide').textContent()).toContain('柯城区');
      await check(page, 'dashboard');
    },
    TEST_MS,
  );

  it(
    'g: the eligibility queue searches by organization or project name, in any case, and passes the ticked applications whose checks all passed',
    async () => {
      const page = await open(reviewer);
      await page.goto(`${base}/reviewer/eligibility`);
      await check(page, 'queue');
      await page.locator('#eligibility-q').fill('QINGKE');
      await Promise.all([
        page.waitForURL(/\/reviewer\/eligibility\?q=QINGKE$/),
        page.locator('form[role="search"] [type="submit"]').click(),
      ]);
      const listed = await page.locator('main tbody tr th a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(listed.sort()).toEqual(clean.map((id) => `/reviewer/eligibility/${id}`).sort());
      await page.goto(`${base}/reviewer/eligibility?q=${encodeURIComponent('衢江未核验')}`);
      expect(await page.locator('main tbody tr').count()).toBe(1);
      // Its automatic checks did not all pass: nothing to tick.
      expect(await page.locator(`#pass-${warned}`).count()).toBe(0);

      await page.goto(`${base}/reviewer/eligibility?q=qingke`);
      await check(page, 'queue-search');
      await page.locator(`#pass-${clean[0]}`).check();
      await page.locator(`#pass-${clean[1]}`).check();
      // Meanwhile another reviewer passes one of them: it is refused by name, the other passes.
      await p.http.post(`/api/applications/${clean[1]}/eligibility-decision`).set(auth(reviewer2)).send({ decision: 'PASS' }).expect(200);
      await page.locator('#passes-form button[type="submit"]').click();
      await page.locator('#passes-outcome').waitFor();
      expect(await page.locator('#passes-outcome h2').innerText()).toBe('已通过 1 件，未通过 1 件');
      expect(await page.locator('#passes-outcome [data-passed] li').allInnerTexts()).toHaveLength(1);
      expect(await page.locator(`#passes-outcome [data-refused] li[data-id="${clean[1]}"]`).count()).toBe(1);
      await check(page, 'queue-passed');
      const audits = await p.prisma.auditEntry.findMany({
        where: { entityType: 'Application', entityId: { in: clean.slice(0, 2) }, action: 'eligibility.pass' },
      });
      expect(audits.map((a) => [a.entityId, a.actorId]).sort()).toEqual(
        [
          [clean[0], reviewer.id],
          [clean[1], reviewer2.id],
        ].sort(),
      );
    },
    TEST_MS,
  );

  it(
    'f: after a decision the reviewer lands on the next application waiting, then on the queue when none is left',
    async () => {
      const page = await open(reviewer);
      await page.goto(`${base}/reviewer/eligibility/${clean[2]}`);
      await page.locator('input[name="decision"][value="PASS"]').check();
      await Promise.all([
        page.waitForURL(new RegExp(`/reviewer/eligibility/${warned}\\?done=eligibility$`)),
        page.locator(`form[action="/reviewer/eligibility/${clean[2]}"] [type="submit"]`).click(),
      ]);
      expect(await page.locator('#review-done').innerText()).toContain('资格审查决定已记录');
      await check(page, 'next-item');
      await page.locator('input[name="decision"][value="REJECT"]').check();
      await page.locator('#eligibility-reason').fill('登记成立年限不足，不符合本轮申报条件。');
      await Promise.all([
        page.waitForURL(/\/reviewer\/eligibility\?done=eligibility$/),
        page.locator(`form[action="/reviewer/eligibility/${warned}"] [type="submit"]`).click(),
      ]);
      expect(await page.locator('#review-done').innerText()).toContain('资格审查决定已记录');
    },
    TEST_MS,
  );
});
