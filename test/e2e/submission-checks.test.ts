import { chinaDateTime } from '../../workflows/rules/china-date';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { pdfFile } from '../support/files';
import { PortalPages, type Viewport } from '../support/portal-pages';
import { eventually } from '../support/wait';
import type { Page } from 'playwright-core';

/**
 * Issue 16 point 3 in Debian's Chromium, at desktop and phone width: the draft's automatic checks
 * (the rules the workflow records at submission) on its page and its form, with the failed ones
 * named in Chinese and English; the refusal of a draft failing a hard rule; the confirmation of a
 * failed warning (确认仍然提交); the refusal outside the window with its times in China time.
 */
const SHOTS = 'submission-checks-';
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

describe('web portal: checks before submitting', () => {
  let p: TestPlatform;
  let portal: PortalPages;
  const pages: Record<string, Page> = {};
  let manager: TestUser;
  let applicant: TestUser;
  let verifiedOrg: string;
  let unverifiedOrg: string;
  let openRound: string;
  let earlyRound: { id: string; opensAt: Date; closesAt: Date };

  const check = (page: Page, name: string) => portal.check(page, name, { fitsWidth: true });

  const signedIn = (viewport: Viewport): Promise<Page> => portal.signedIn(applicant, { viewport });

  async function publishedRound(overrides: Record<string, unknown>): Promise<string> {
    const id: string = (await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload(overrides)).expect(201)).body.id;
    await p.http.post(`/api/rounds/${id}/publish`).set(auth(manager)).expect(200);
    return id;
  }

  async function draft(body: Record<string, unknown>, plan = false): Promise<string> {
    const id: string = (await p.http.post('/api/applications').set(auth(applicant)).send(body).expect(201)).body.id;
    if (plan)
      await p.http
        .post(`/api/applications/${id}/attachments`)
        .set(auth(applicant))
        .field('kind', 'IMPLEMENTATION_PLAN')
        .attach('file', pdfFile('实施方案'), { filename: '实施方案.pdf', contentType: 'application/pdf' })
        .expect(201);
    return id;
  }

  /** Clicks the submit button of the draft's form and returns the status the portal answered with. */
  async function clickSubmit(page: Page, id: string): Promise<number> {
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/my/applications/${id}/submit`)),
      page.click(`form[action="/my/applications/${id}/submit"] button[type="submit"]`),
    ]);
    await page.waitForLoadState('load');
    return response.status();
  }

  const stage = async (id: string) => (await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage;

  beforeAll(async () => {
    p = await startPlatform({ listen: true });
    portal = await PortalPages.launch(p.baseUrl!, SHOTS);
    [manager, applicant] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'APPLICANT')]);
    verifiedOrg = (await makeOrganization(p.prisma, applicant.id)).id;
    unverifiedOrg = (await makeOrganization(p.prisma, applicant.id, { verified: false })).id;
    const now = Date.now();
    openRound = await publishedRound({
      opensAt: new Date(now + 500).toISOString(),
      closesAt: new Date(now + 60 * 60 * 1000).toISOString(),
      eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true, requiredAttachments: ['IMPLEMENTATION_PLAN'] },
    });
    const opensAt = new Date(now + 2 * 60 * 60 * 1000);
    const closesAt = new Date(now + 5 * 60 * 60 * 1000);
    earlyRound = { id: await publishedRound({ opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() }), opensAt, closesAt };
    for (const v of VIEWPORTS) pages[v.name] = await signedIn(v);
    await eventually(async () => (Date.now() > now + 700 ? true : undefined), { label: 'window open' });
  });

  afterAll(async () => {
    await portal?.close();
    await shutDown(p);
  });

  it.each(VIEWPORTS)('lists the checks of a draft with the failed hard rules named, and refuses to submit it ($name)', async ({ name }) => {
    const page = pages[name];
    // The draft of the issue: lines 6,000 short, management over its 10 % cap, no implementation plan.
    const id = await draft(
      applicationPayload(openRound, verifiedOrg, '100000.00', {
        budgetLines: [
          { type: 'PERSONNEL', description: '社工人员补贴', amount: '50000.00' },
          { type: 'ACTIVITY', description: '探访与小组活动', amount: '29000.00' },
          { type: 'MANAGEMENT', description: '项目管理费', amount: '15000.00' },
        ],
      }),
    );
    await page.goto(`${p.baseUrl}/my/applications/${id}`);
    const failed = page.locator('#checks [data-failed="hard"] li');
    expect(await failed.evaluateAll((li) => li.map((e) => e.getAttribute('data-rule')))).toEqual([
      'managementCap',
      'budgetSumsToRequested',
      'requiredAttachments',
    ]);
    const listed = await page.locator('#checks [data-failed="hard"]').innerText();
    for (const text of [
      '管理费比例',
      'management fee cap',
      '预算合计',
      'budget adds up to the request',
      '必备附件',
      'required attachments',
    ])
      expect(listed).toContain(text);
    expect(listed).toContain('相差 6000.00 元');
    expect(listed).toContain('缺少必备附件：实施方案');
    expect(await page.locator('#checks tr[data-rule="notDishonest"]').getAttribute('data-passed')).toBe('true');
    await check(page, `${name}-01-draft-checks`);

    await page.goto(`${p.baseUrl}/my/applications/${id}/edit`);
    expect(await page.locator('#submit [data-failed="hard"] li').count()).toBe(3);
    await check(page, `${name}-02-form-checks`);

    // While typing (assets/draft-checks.js): the lines now add up with management at 10 %, not yet saved.
    await page.fill('#app-budget-1-amount', '40000.00');
    await page.fill('#app-budget-2-amount', '10000.00');
    const sum = page.locator('#submit tr[data-rule="budgetSumsToRequested"]');
    await eventually(async () => ((await sum.getAttribute('data-passed')) === 'true' ? true : undefined), { label: 'live check' });
    expect(await page.locator('#submit tr[data-rule="managementCap"]').getAttribute('data-passed')).toBe('true');
    const live = page.locator('#submit [data-failed="hard"] li');
    expect(await live.evaluateAll((li) => li.map((e) => e.getAttribute('data-rule')))).toEqual(['requiredAttachments']);
    expect(await page.locator('#submit [data-checks-status]').innerText()).toContain('尚未保存');
    await check(page, `${name}-02b-live-checks`);
    // Submission judges what was saved: the three failures still stand.
    expect(await clickSubmit(page, id)).toBe(400);
    const alert = await page.locator('#refusal').innerText();
    expect(alert).toContain('申报书未通过必须通过的自动校验，未提交');
    for (const text of ['管理费比例 / management fee cap', '预算合计 / budget adds up to the request', '必备附件 / required attachments'])
      expect(alert).toContain(text);
    expect(await stage(id)).toBe('DRAFT');
    await check(page, `${name}-03-hard-refused`);
  });

  it.each(VIEWPORTS)('asks to confirm a failed warning before submitting, then submits ($name)', async ({ name }) => {
    const page = pages[name];
    const id = await draft(applicationPayload(openRound, unverifiedOrg, '50000.00'), true);
    await page.goto(`${p.baseUrl}/my/applications/${id}/edit`);
    expect(await page.locator('#submit [data-failed="hard"]').count()).toBe(0);
    const warnings = await page.locator('#submit [data-failed="warning"]').innerText();
    expect(warnings).toContain('成立年限 / years registered');
    expect(warnings).toContain('登记信息未核验');
    expect(await page.locator('label[for="app-confirmWarnings"]').innerText()).toContain('确认仍然提交');
    await check(page, `${name}-04-warnings`);

    expect(await clickSubmit(page, id)).toBe(400);
    expect(await page.locator('#refusal').innerText()).toContain('请勾选“确认仍然提交”后再提交');
    expect(await page.locator('#app-confirmWarnings').getAttribute('aria-invalid')).toBe('true');
    expect(await stage(id)).toBe('DRAFT');
    await check(page, `${name}-05-confirm-asked`);

    await page.check('#app-confirmWarnings');
    await Promise.all([
      page.waitForURL(/notice=submitted/),
      page.click(`form[action="/my/applications/${id}/submit"] button[type="submit"]`),
    ]);
    expect(await stage(id)).toBe('ELIGIBILITY_REVIEW');
    await check(page, `${name}-06-submitted-anyway`);
  });

  it.each(VIEWPORTS)("refuses a submission before the window opens, with the window's times in China time ($name)", async ({ name }) => {
    const page = pages[name];
    const id = await draft(applicationPayload(earlyRound.id, verifiedOrg, '50000.00'));
    const opens = chinaDateTime(earlyRound.opensAt);
    const closes = chinaDateTime(earlyRound.closesAt);
    await page.goto(`${p.baseUrl}/my/applications/${id}/edit`);
    const window = await page.locator('#submit [data-window-state]').innerText();
    expect(window).toContain(`申报期：${opens} 至 ${closes}（北京时间）`);
    expect(window).toContain('申报尚未开始');
    expect(await clickSubmit(page, id)).toBe(409);
    const alert = await page.locator('#refusal').innerText();
    expect(alert).toContain(`申报尚未开始，不能提交：申报期为 ${opens} 至 ${closes}（北京时间）`);
    expect(await stage(id)).toBe('DRAFT');
    await check(page, `${name}-07-window-refused`);

    // The same refusal in English, with the same times.
    await page.goto(`${p.baseUrl}/lang/en?next=${encodeURIComponent(`/my/applications/${id}/edit`)}`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await clickSubmit(page, id)).toBe(409);
    const english = await page.locator('#refusal').innerText();
    expect(english).toContain(`the application window has not opened yet: it runs from ${opens} to ${closes} (China time, Asia/Shanghai)`);
    await check(page, `${name}-08-window-refused-en`);
  });
});
