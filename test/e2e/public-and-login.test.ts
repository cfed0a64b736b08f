import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, describeViolations, interfaceText, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { fundedProjects, noticedRound, NoticedRound } from '../support/funded-projects';
import { MarkupWatch } from '../support/html';
import { confirmationCode } from '../support/objections';
import { eventually } from '../support/wait';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 5, first slice: the server-rendered portal in Debian's Chromium — public pages (open
 * calls, notices, a notice with its objection form, a project's result), signing in and out,
 * the language switch — with axe-core run on every page and a screenshot of every step.
 */

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const SHOTS = 'public-and-login-';

describe('web portal: public pages and signing in', () => {
  let p: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let applicant: TestUser;
  let notice: NoticedRound;
  let openRoundName: string;
  let fundedProjectId: string;
  let finalizedRoundId: string;
  let step = 0;

  const markup = new MarkupWatch();
  /** Every page the test sees: screenshot, then no serious or critical axe-core violation and no invalid HTML. */
  async function check(name: string): Promise<void> {
    step += 1;
    await screenshot(page, `${SHOTS}${String(step).padStart(2, '0')}-${name}`);
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    expect(await markup.found()).toEqual([]);
  }

  beforeAll(async () => {
    clearScreenshots(SHOTS);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    browser = await launchBrowser();

    // A project in implementation, for its public result page: the notice period is compressed
    // to a few seconds so that the round can be approved and the agreement signed.
    process.env.PSP_NOTICE_PERIOD_MS = '12000';
    const funded = await fundedProjects(p, 1);
    fundedProjectId = funded.projectIds[0];
    finalizedRoundId = funded.roundId;
    // The notice objected to below stays open for the rest of the run.
    process.env.PSP_NOTICE_PERIOD_MS = String(30 * 60 * 1000);
    notice = await noticedRound(p, 2);
    await eventually(
      async () => {
        const res = await p.http.get(`/api/public/notices/${notice.roundId}`);
        return res.status === 200 && res.body.entries.length === 2 ? true : undefined;
      },
      { label: 'both entries listed in the notice' },
    );

    // An open call on the home page: published, its window still ahead.
    const manager = await makeUser(p, 'PROGRAM_MANAGER');
    const hour = 3600 * 1000;
    const open = roundPayload({
      opensAt: new Date(Date.now() + hour).toISOString(),
      closesAt: new Date(Date.now() + 2 * hour).toISOString(),
    });
    openRoundName = open.name;
    const created = await p.http.post('/api/rounds').set(auth(manager)).send(open).expect(201);
    await p.http.post(`/api/rounds/${created.body.id}/publish`).set(auth(manager)).expect(200);

    applicant = await makeUser(p, 'APPLICANT');
    await makeOrganization(p.prisma, applicant.id);
    context = await browser.newContext({ locale: 'zh-CN' });
    markup.watch(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await shutDown(p);
    delete process.env.PSP_NOTICE_PERIOD_MS;
  });

  it('refuses a form POST without its CSRF token with 403', async () => {
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: applicant.username, password: 'Test@12345' }),
    });
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain('表单已失效');
    expect(html).not.toMatch(/at \w+ \(|\.ts:\d+/); // no stack trace
    expect(res.headers.get('set-cookie') ?? '').not.toContain('psp_session=ey');
  });

  it('sends a visitor who is not signed in from /workspace to /login', async () => {
    const res = await fetch(`${base}/workspace`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fworkspace');
  });

  it('answers an unknown page with a 404 page and never redirects off the site', async () => {
    const unknown = await fetch(`${base}/notices/not-a-round`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('页面不存在');
    const away = await fetch(`${base}/lang/en?next=${encodeURIComponent('//evil.example/')}`, { redirect: 'manual' });
    expect(away.status).toBe(303);
    expect(away.headers.get('location')).toBe('/');
  });

  it('keeps the JSON API on bearer tokens: a session cookie is no credential there', async () => {
    await p.http.get('/api/auth/me').set('Cookie', 'psp_session=anything').expect(401);
    await p.http.get('/api/auth/me').set(auth(applicant)).expect(200);
  });

  it('shows open calls, the public notices and a notice with its period and entries', async () => {
    // Rounds of the files running beside this one share the list (soonest closing first): the open
    // round is on one of its pages.
    let listedOn = 0;
    for (let n = 1; n <= 20 && !listedOn; n++) {
      await page.goto(`${base}/?page=${n}`);
      if ((await page.locator('main').innerText()).includes(openRoundName)) listedOn = n;
    }
    expect(listedOn).toBeGreaterThan(0);
    await page.goto(`${base}/`);
    expect(await page.locator('h1').innerText()).toBe('正在征集的项目');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await check('home');

    await page.getByRole('link', { name: '公示公告', exact: true }).first().click();
    await page.waitForURL(`${base}/notices`);
    expect(await page.locator('main').innerText()).toContain(notice.roundName);
    await check('notices');

    await page.getByRole('link', { name: notice.roundName }).click();
    await page.waitForURL(`${base}/notices/${notice.roundId}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('个工作日');
    expect(main).toContain('公示期内，可提出异议');
    for (const title of notice.titles) expect(main).toContain(title);
    expect(main).toContain('100,000.00 元');
    await check('notice');
  });

  it('refuses an objection without reasons, naming the field, then files it and confirms', async () => {
    await page.goto(`${base}/notices/${notice.roundId}`);
    await page.getByLabel('异议所针对的项目').selectOption(notice.applicationIds[0]);
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('联系方式').fill('13800001111');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.waitForLoadState('load');
    const error = page.locator('#objection-reason-error');
    expect(await error.innerText()).toContain('事实与理由至少需要 10 个字');
    expect(await page.getAttribute('#objection-reason', 'aria-invalid')).toBe('true');
    // What was typed is kept, so only the missing part has to be filled in.
    expect(await page.inputValue('#objection-name')).toBe('李四');
    await check('objection-missing-reason');

    await page.getByLabel('事实与理由').fill('该项目预算中人员费用测算依据不足，与申报材料中服务人次不符。');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.waitForURL(new RegExp(`/notices/${notice.roundId}\\?filed=`));
    expect(await page.locator('#objection-filed').innerText()).toContain('请确认您的异议');
    await check('objection-filed');
    const stored = await p.prisma.objection.findMany({ where: { roundId: notice.roundId } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ applicationId: notice.applicationIds[0], name: '李四', status: 'UNCONFIRMED' });

    // The code sent to the contact (here: read from the outbox) confirms it; only then does it count.
    await page.getByLabel('确认码').fill(await confirmationCode(p, stored[0].id));
    await page.getByRole('button', { name: '确认异议' }).click();
    await page.waitForURL(new RegExp(`/notices/${notice.roundId}\\?confirmed=`));
    expect(await page.locator('#objection-confirmed').innerText()).toContain('异议已受理');
    await check('objection-confirmed');
    expect(await p.prisma.objection.findUniqueOrThrow({ where: { id: stored[0].id } })).toMatchObject({ status: 'FILED' });
  });

  it('shows a refusal of the workflow as a readable message on the page, never a stack trace', async () => {
    // A form's token, from the sign-in page (the token is per visitor, not per form).
    await page.goto(`${base}/login`);
    const token = await page.inputValue('input[name="_csrf"]');
    // The round's results are final: its page offers no form any more, but a stale one still posts.
    await page.goto(`${base}/notices/${finalizedRoundId}`);
    expect(await page.locator('main').innerText()).toContain('公示期已结束，不再受理异议');
    expect(await page.locator('#objection-title').count()).toBe(0);
    const fields = {
      _csrf: token,
      applicationId: fundedProjectId,
      name: '王五',
      contact: '13900002222',
      reason: '公示名单中该项目的服务对象与实际不符。',
    };
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/objections')),
      page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/notices/${finalizedRoundId}/objections';
        for (const [name, value] of Object.entries(${JSON.stringify(fields)})) {
          const input = document.createElement('input');
          input.type = 'hidden'; input.name = name; input.value = value;
          form.appendChild(input);
        }
        document.body.appendChild(form);
        form.submit();
      })()`),
    ]);
    expect(response.status()).toBe(409);
    await page.waitForLoadState('load');
    const alert = await page.locator('[role="alert"]').innerText();
    expect(alert).toContain('流程已结束');
    expect(alert).toContain('当前状态：立项结果已确定');
    expect(await page.content()).not.toMatch(/at \w+ \(|\.ts:\d+/);
    await check('objection-refused');
  });

  it("shows a funded project's public result", async () => {
    await page.goto(`${base}/projects/${fundedProjectId}/result`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('项目结果公开');
    expect(main).toContain('实施中');
    expect(main).toContain('100,000.00 元');
    await check('project-result');

    const missing = await page.goto(`${base}/projects/00000000-0000-4000-8000-000000000000/result`);
    expect(missing?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('页面不存在');
    await check('project-result-not-found');
  });

  it('signs in, shows the workspace by role, switches to English and signs out', async () => {
    await page.goto(`${base}/workspace`);
    await page.waitForURL(`${base}/login?next=%2Fworkspace`);
    await check('login');

    await page.getByLabel('用户名').fill(applicant.username);
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForLoadState('load');
    expect(await page.locator('main').innerText()).toContain('用户名或密码错误');
    await check('login-failed');

    await page.getByLabel('密码').fill('Test@12345');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForURL(`${base}/workspace`);
    const main = await page.locator('main').innerText();
    expect(main).toContain('测试APPLICANT');
    expect(main).toContain('申报单位');
    expect(main).toContain('我的申报');
    const session = (await context.cookies()).find((c) => c.name === 'psp_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    await check('workspace');

    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${base}/workspace`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.locator('h1').innerText()).toBe('Workspace');
    expect(await page.locator('main').innerText()).toContain('Applicant');
    expect((await interfaceText(page)).match(CJK) ?? []).toEqual([]);
    await check('workspace-en');

    await page.getByRole('link', { name: 'Home', exact: true }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('h1').innerText()).toBe('Open calls');
    expect((await interfaceText(page)).match(CJK) ?? []).toEqual([]);
    await check('home-en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/`);
    expect((await context.cookies()).find((c) => c.name === 'psp_session')).toBeUndefined();
    expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(1);
    await check('signed-out-en');

    // Signed out means out: the workspace asks for a sign-in again.
    await page.goto(`${base}/workspace`);
    await page.waitForURL(/\/login\?next=/);
    expect(await page.locator('h1').innerText()).toBe('Sign in');
  });
});
