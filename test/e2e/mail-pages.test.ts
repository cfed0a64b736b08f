import { randomUUID } from 'node:crypto';
import { OUTBOX_CHANNEL } from '../../prisma/outbox';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, describeViolations, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { makeUser, TEST_PASSWORD, TestUser } from '../support/factories';
import { MarkupWatch } from '../support/html';
import { postForm } from './steps/office';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 17, email, in Chromium at desktop and phone width: 通知设置 (every role: the language of
 * one's email, email per topic) and the administrator's 发送失败的邮件 (a given-up message with its
 * recipient, kind, last error and attempts; a resend refused without a reason, then done with
 * one). axe-core (0 serious or critical), html-validate and a screenshot on every page.
 */
const SHOTS = 'mail-';
const VIEWPORTS = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } } as const;
type View = keyof typeof VIEWPORTS;

describe('web portal: notification settings and failed mail', () => {
  let p: TestPlatform;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];
  const markup = new MarkupWatch();
  let step = 0;
  let admin: TestUser;
  let expert: TestUser;

  async function check(page: Page, view: View, name: string): Promise<void> {
    step += 1;
    await screenshot(page, `${SHOTS}${String(step).padStart(2, '0')}-${view}-${name}`);
    expect(describeViolations(await seriousViolations(page))).toEqual([]);
    expect(await markup.found()).toEqual([]);
  }

  async function signedIn(view: View, user: TestUser): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: VIEWPORTS[view] });
    contexts.push(context);
    markup.watch(context);
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#login-username', user.username);
    await page.fill('#login-password', TEST_PASSWORD);
    await postForm(page, () => page.click('form[action="/login"] button[type="submit"]'));
    return page;
  }

  beforeAll(async () => {
    clearScreenshots(SHOTS);
    p = await startPlatform({ listen: true, worker: false });
    base = p.baseUrl!;
    browser = await launchBrowser();
    [admin, expert] = await Promise.all([makeUser(p, 'ADMIN'), makeUser(p, 'EXPERT')]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await shutDown(p);
  });

  it.each(Object.keys(VIEWPORTS) as View[])('lets a person choose the language and topics of their email (%s)', async (view) => {
    const page = await signedIn(view, expert);
    await page.click('.workspace-nav a[href="/account/notifications"]');
    expect(new URL(page.url()).pathname).toBe('/account/notifications');
    await check(page, view, 'settings');
    await page.check('input[name="language"][value="en"]');
    await page.uncheck('input[data-topic="panel.assigned"]');
    await postForm(page, () => page.click('form[data-mail-settings] button[type="submit"]'));
    expect(page.url()).toMatch(/\/account\/notifications\?done=saved$/);
    expect(await page.isChecked('input[data-topic="panel.assigned"]')).toBe(false);
    expect(await page.isChecked('input[name="language"][value="en"]')).toBe(true);
    await check(page, view, 'settings-saved');
    const saved = await p.prisma.user.findUniqueOrThrow({ where: { id: expert.id }, include: { mailOptOuts: true } });
    expect(saved.language).toBe('en');
    expect(saved.mailOptOuts.map((o) => o.topic)).toEqual(['panel.assigned']);
    await p.prisma.notificationMailOptOut.deleteMany({ where: { userId: expert.id } });
    await p.prisma.user.update({ where: { id: expert.id }, data: { language: 'zh-CN' } });
  });

  it.each(Object.keys(VIEWPORTS) as View[])('shows the administrator a failed message and resends it with a reason (%s)', async (view) => {
    const row = await p.prisma.outboxMessage.create({
      data: {
        channel: OUTBOX_CHANNEL.EMAIL,
        recipient: `failed-${view}@mail-pages.example.cn`,
        kind: 'notification.tranche.paid',
        subject: '资金已拨付：第1期',
        body: '支付凭证号 X',
        entityType: 'Notification',
        entityId: randomUUID(),
        attempts: 10,
        lastError: 'EENVELOPE 550 5.1.1 mailbox unavailable',
        failedAt: new Date(),
      },
    });
    const page = await signedIn(view, admin);
    await page.click('.workspace-nav a[href="/admin/mail"]');
    const line = page.locator(`tr[data-message="${row.id}"]`);
    expect(await line.innerText()).toContain('550 5.1.1 mailbox unavailable');
    expect(await line.innerText()).toContain(row.recipient);
    await check(page, view, 'failed');
    await postForm(page, () => line.locator('button[data-resend]').click());
    expect(await page.locator('.error-summary li').count()).toBeGreaterThanOrEqual(1);
    await check(page, view, 'failed-no-reason');
    await page.locator(`tr[data-message="${row.id}"] input[name="reason"]`).fill('收件人邮箱已更正');
    await postForm(page, () => page.locator(`tr[data-message="${row.id}"] button[data-resend]`).click());
    expect(page.url()).toMatch(/\/admin\/mail\?done=resent$/);
    expect(await page.locator(`tr[data-message="${row.id}"]`).count()).toBe(0);
    await check(page, view, 'failed-resent');
    const trail = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: row.id, action: 'mail.resend' } });
    expect(trail).toMatchObject({ actorId: admin.id, reason: '收件人邮箱已更正' });
  });
});
