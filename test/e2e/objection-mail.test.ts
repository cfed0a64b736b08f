import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, describeViolations, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { noticedRound, NoticedRound } from '../support/funded-projects';
import { MarkupWatch } from '../support/html';
import { mailbox, startMailDelivery, testMailDomain } from '../support/mailbox';
import type { MailDelivery } from '../../apps/worker/src/mail/mail-delivery.service';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 17, first point, as a person meets it: an objection filed on the public notice page with
 * an email address, the confirmation code read from the email as Mailpit received it, and the code
 * typed into the page confirms the objection.
 */
const SHOTS = 'objection-mail-';

describe('web portal: the objection confirmation code by email', () => {
  let p: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let notice: NoticedRound;
  let delivery: MailDelivery;
  const domain = testMailDomain('portal');
  const saved = process.env.PSP_NOTICE_PERIOD_MS;
  let step = 0;

  const markup = new MarkupWatch();
  async function check(name: string): Promise<void> {
    step += 1;
    await screenshot(page, `${SHOTS}${String(step).padStart(2, '0')}-${name}`);
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    expect(await markup.found()).toEqual([]);
  }

  beforeAll(async () => {
    clearScreenshots(SHOTS);
    process.env.PSP_NOTICE_PERIOD_MS = String(30 * 60 * 1000);
    p = await startPlatform({ listen: true });
    notice = await noticedRound(p, 1);
    delivery = startMailDelivery(p.prisma, domain);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
    markup.watch(context);
    page = await context.newPage();
  }, 180_000);

  afterAll(async () => {
    await delivery?.stop();
    await browser?.close();
    await shutDown(p);
    if (saved === undefined) delete process.env.PSP_NOTICE_PERIOD_MS;
    else process.env.PSP_NOTICE_PERIOD_MS = saved;
  });

  it('files an objection with an email address and confirms it with the code from the email', async () => {
    const contact = `li.si@${domain}`;
    await page.goto(`${p.baseUrl}/notices/${notice.roundId}`);
    await page.getByLabel('异议所针对的项目').selectOption(notice.applicationIds[0]);
    await page.getByLabel('姓名').fill('李四');
    await page.getByLabel('联系方式').fill(contact);
    await page.getByLabel('事实与理由').fill('该项目预算中人员费用测算依据不足，与申报材料中服务人次不符。');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.waitForURL(new RegExp(`/notices/${notice.roundId}\\?filed=`));
    expect(await page.locator('#objection-filed').innerText()).toContain('请确认您的异议');
    await check('filed');

    const message = await mailbox().waitForMessage(contact, { subject: /确认码/ });
    expect(message.subject).toBe('公示异议确认码 / objection confirmation code');
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    // The message as a developer reads it from Mailpit (its text view; a page of Mailpit's, not checked here).
    const mailView = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const view = await mailView.newPage();
    await view.goto(`${mailbox().url}/view/${message.id}.txt`);
    expect(await view.locator('body').innerText()).toContain(`您的异议确认码为 ${code}`);
    await screenshot(view, `${SHOTS}${String(++step).padStart(2, '0')}-mailpit-message`);
    await mailView.close();

    await page.getByLabel('确认码').fill(code!);
    await page.getByRole('button', { name: '确认异议' }).click();
    await page.waitForURL(new RegExp(`/notices/${notice.roundId}\\?confirmed=`));
    expect(await page.locator('#objection-confirmed').innerText()).toContain('异议已受理');
    await check('confirmed');
    const stored = await p.prisma.objection.findFirstOrThrow({ where: { roundId: notice.roundId, contact } });
    expect(stored.status).toBe('FILED');
  });
});
