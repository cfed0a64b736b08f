// This file reads the region's eligibility queue and dashboard: it runs in a city of its own.
process.env.PSP_TEST_CITY = '330800';

import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, describeViolations, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TEST_PASSWORD, TestUser } from '../support/factories';
import { noticedRound, NoticedRound } from '../support/funded-projects';
import { MarkupWatch } from '../support/html';
import { fileConfirmed } from '../support/objections';
import { eventually } from '../support/wait';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 16 point 6, small things a person notices, in Chromium at 1366×768 and 390×844 with
 * axe-core (0 serious or critical) and html-validate on every page: the round set-up form's
 * defaults, region names on the dashboard, the public round page, the objection lookup, the
 * favicon, the reviewer going on to the next application, and the eligibility queue's search and
 * bulk pass.
 */
const SHOTS = 'small-things-';
const TEST_MS = 180_000;
const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
const ENV = { PSP_NOTICE_PERIOD_MS: '600000' };

describe('web portal: small things a person notices', () => {
  let p: TestPlatform;
  let browser: Browser;
  let base: string;
  let manager: TestUser;
  let reviewer: TestUser;
  let reviewer2: TestUser;
  let applicant: TestUser;
  let openRoundId: string;
  let guideRoundId: string;
  let guideRoundName: string;
  let draftRoundId: string;
  let orgName: string;
  let warnedOrgName: string;
  let clean: string[];
  let warned: string;
  let noticed: NoticedRound;
  let objectionId: string;
  const contexts: BrowserContext[] = [];
  const markup = new MarkupWatch();

  async function open(user?: TestUser): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: DESKTOP });
    contexts.push(context);
    markup.watch(context);
    const page = await context.newPage();
    if (!user) return page;
    await page.goto(`${base}/login`);
    await page.locator('#login-username').fill(user.username);
    await page.locator('#login-password').fill(TEST_PASSWORD);
    await Promise.all([page.waitForURL(`${base}/workspace`), page.locator('form[action="/login"] [type="submit"]').click()]);
    return page;
  }

  /** The page as it is, at desktop and phone width: a screenshot of each and nothing serious for axe-core. */
  async function check(page: Page, name: string) {
    for (const [label, size] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(size);
      await screenshot(page, `${SHOTS}${name}-${label}`);
      expect({ name, label, axe: describeViolations(await seriousViolations(page)) }).toEqual({ name, label, axe: [] });
    }
    await page.setViewportSize(DESKTOP);
  }

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
    clearScreenshots(SHOTS);
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    browser = await launchBrowser();
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
    const guide = await createRound({
      opensAt: new Date(now + 86400_000).toISOString(),
      closesAt: new Date(now + 30 * 86400_000).toISOString(),
      matchingFundsPercent: 20,
      eligibility: { minYearsRegistered: 3, minRating: '3A', excludeDishonest: true, requiredAttachments: ['IMPLEMENTATION_PLAN'] },
    });
    guideRoundId = guide.id;
    guideRoundName = guide.name;
    await p.http.post(`/api/rounds/${guideRoundId}/publish`).set(auth(manager)).expect(200);
    draftRoundId = (await createRound({})).id;
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: openRoundId } })).status === 'OPEN' ? true : undefined),
      { label: 'round OPEN' },
    );
    clean = [await submitted(org.id), await submitted(org.id), await submitted(org.id)];
    // Declared facts only: years registered and rating fail as warnings, confirmed at submission.
    warned = await submitted(warnedOrg.id, true);

    noticed = await noticedRound(p, 1);
    objectionId = await fileConfirmed(p, noticed.roundId, {
      applicationId: noticed.applicationIds[0],
      name: '王小明',
      contact: '13800138000',
      reason: '该项目的人员费用测算明显偏高，请核实社工岗位补贴标准。',
    });
  }, TEST_MS);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  afterEach(async () => {
    expect(await markup.found()).toEqual([]);
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
    'c: the home page links each round to its public guidelines; a draft round has none (404)',
    async () => {
      const page = await open();
      await page.goto(`${base}/`);
      const rows = await page.locator('main tbody tr').count();
      expect(rows).toBeGreaterThan(0);
      expect(await page.locator('main tbody tr th a[href$="/guidelines"]').count()).toBe(rows);
      await check(page, 'home');

      const res = await page.goto(`${base}/rounds/${guideRoundId}/guidelines`);
      expect(res?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe(guideRoundName);
      expect(await page.locator('[data-region]').innerText()).toBe('衢州市');
      expect(await page.locator('[data-required-attachments]').innerText()).toContain('实施方案');
      const text = await page.locator('main').innerText();
      for (const expected of [
        '登记成立满 3 年',
        '评估等级不低于3A级',
        '未被列入失信名单',
        '需求分析',
        '项目设计',
        '不超过申请金额的 10%',
        '不低于申请金额的 20%',
        '60.00 分以上',
      ]) {
        expect({ expected, found: text.includes(expected) }).toEqual({ expected, found: true });
      }
      await check(page, 'guidelines');

      expect((await page.goto(`${base}/rounds/${draftRoundId}/guidelines`))?.status()).toBe(404);
      expect((await page.goto(`${base}/rounds/00000000-0000-4000-8000-000000000000/guidelines`))?.status()).toBe(404);
    },
    TEST_MS,
  );

  it(
    'd: the filer looks up an objection by receipt and contact; a wrong contact learns nothing; the ruling shows once decided',
    async () => {
      const page = await open();
      await page.goto(`${base}/notices`);
      await Promise.all([page.waitForURL(`${base}/objections/status`), page.locator('a[href="/objections/status"]').click()]);
      await check(page, 'objection-lookup');

      const lookUp = async (receipt: string, contact: string) => {
        await page.locator('#lookup-receipt').fill(receipt);
        await page.locator('#lookup-contact').fill(contact);
        const [res] = await Promise.all([
          page.waitForResponse((r) => r.url().endsWith('/objections/status') && r.request().method() === 'POST'),
          page.locator('form[action="/objections/status"] [type="submit"]').click(),
        ]);
        await page.waitForLoadState();
        return res.status();
      };

      expect(await lookUp('3f2b', '13800138000')).toBe(400);
      expect(await page.locator('#lookup-receipt-error').innerText()).toContain('受理编号');
      expect(await lookUp(objectionId, '13900139000')).toBe(404);
      const notFound = await page.locator('#objection-not-found').innerText();
      expect(await page.locator('#objection-status').count()).toBe(0);
      expect(await lookUp('00000000-0000-4000-8000-000000000000', '13800138000')).toBe(404);
      expect(await page.locator('#objection-not-found').innerText()).toBe(notFound);
      await check(page, 'objection-not-found');

      // The contact as typed differently (spaces, dashes) is the same contact.
      expect(await lookUp(objectionId, ' 138-0013-8000 ')).toBe(200);
      expect(await page.locator('[data-objection-status]').innerText()).toBe('已受理');
      expect(await page.locator('[data-ruling]').count()).toBe(0);
      await check(page, 'objection-filed');

      // Ruled by a reviewer other than the one who decided the application's eligibility.
      await p.http
        .post(`/api/objections/${objectionId}/ruling`)
        .set(auth(reviewer2))
        .send({ decision: 'DISMISSED', ruling: '经核实，人员费用按社工岗位标准测算，异议不成立。' })
        .expect(200);
      await eventually(
        async () =>
          (await p.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).status === 'DISMISSED' ? true : undefined,
        { label: 'objection DISMISSED' },
      );
      expect(await lookUp(objectionId, '13800138000')).toBe(200);
      expect(await page.locator('[data-objection-status]').innerText()).toBe('不成立');
      expect(await page.locator('[data-ruling]').innerText()).toBe('经核实，人员费用按社工岗位标准测算，异议不成立。');
      await check(page, 'objection-ruled');
    },
    TEST_MS,
  );

  it(
    'e: the site has a favicon, linked from every page',
    async () => {
      const page = await open();
      await page.goto(`${base}/`);
      expect(await page.locator('head link[rel="icon"][href="/favicon.ico"]').count()).toBe(1);
      const ico = await page.request.get(`${base}/favicon.ico`);
      expect(ico.status()).toBe(200);
      expect(ico.headers()['content-type']).toMatch(/icon/);
      expect((await ico.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
      const svg = await page.request.get(`${base}/assets/favicon.svg`);
      expect(svg.status()).toBe(200);
      expect(svg.headers()['content-type']).toContain('image/svg+xml');
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
