import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { makeOrganization, makeUser, organizationPayload, TEST_PASSWORD } from '../support/factories';
import { startMailDelivery, testMailDomain } from '../support/mailbox';
import { deliveredMailTo } from '../support/outbox-mail';
import { PortalPages, signIn as portalSignIn, type Viewport } from '../support/portal-pages';
import { registerOrganization } from './steps/applicant';
import type { Page } from 'playwright-core';

/**
 * Issue 16 point 4 in the browser, at desktop and phone width: a social organization's staff member
 * registers from the login page, verifies the address with the code mailed to them (delivered
 * through SMTP to the run's Mailpit and read there), signs in and registers
 * the organization; a forgotten password is reset by mail, which ends the sessions open elsewhere;
 * an owner invites a colleague, who registers through the link and is a member with the role.
 * axe-core 0 serious or critical and valid HTML on every page; screenshots kept.
 */
const SHOTS = 'accounts-';
const TEST_MS = 240_000;
const NEW_PASSWORD = 'Sunny-Meadow-Teapot-41';
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];
const unique = () => Math.random().toString(36).slice(2, 8);

describe('web portal: registration, password reset and invitations', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  // The addresses of this file, delivered by the worker's own delivery loop to the run's Mailpit.
  const domain = testMailDomain('accounts');
  let mail: ReturnType<typeof startMailDelivery> | undefined;

  const check = (page: Page, name: string) => pages.check(page, name, { fitsWidth: true });

  const openPage = (viewport: Viewport): Promise<Page> => pages.open({ viewport });

  async function submit(page: Page, form: string): Promise<void> {
    await Promise.all([
      page.waitForNavigation({ waitUntil: 'load' }),
      page.locator(`form[action="${form}"] [type="submit"]`).first().click(),
    ]);
  }

  const signIn = (page: Page, username: string, password: string) => portalSignIn(page, base, username, password);

  beforeAll(async () => {
    p = await startPlatform({ listen: true, worker: false });
    base = p.baseUrl!;
    // Links in mail point at this server.
    process.env.PSP_PUBLIC_URL = base;
    pages = await PortalPages.launch(base, SHOTS);
    mail = startMailDelivery(p.prisma, domain);
  }, TEST_MS);

  afterAll(async () => {
    await mail?.stop();
    await pages?.close();
    await shutDown(p);
  });

  describe.each(VIEWPORTS)('at $name width', (viewport) => {
    const shot = (name: string) => `${viewport.name}-${name}`;

    it(
      'registers from the login page, verifies with the mailed code, signs in and registers the organization',
      async () => {
        const page = await openPage(viewport);
        await page.goto(`${base}/login`);
        await check(page, shot('login'));
        await Promise.all([page.waitForURL(`${base}/register`), page.locator('a[href="/register"]').click()]);
        await check(page, shot('register'));
        // Everything wrong at once: every field named in the summary.
        await page.locator('#register-username').fill('x');
        await page.locator('#register-password').fill('short');
        await submit(page, '/register');
        const summary = await page.locator('.error-summary li').allInnerTexts();
        expect(summary).toHaveLength(4);
        expect(summary.join(' ')).toMatch(/用户名.*姓名.*电子邮箱.*密码至少需要 10 位/s);
        await check(page, shot('register-errors'));

        const username = `zhou-${unique()}`;
        const email = `${username}@${domain}`;
        await page.locator('#register-username').fill(username);
        await page.locator('#register-displayName').fill('周晓梅');
        await page.locator('#register-email').fill(email);
        await page.locator('#register-password').fill(NEW_PASSWORD);
        await submit(page, '/register');
        expect(await page.locator('#account-done').innerText()).toContain(email);
        await check(page, shot('registered'));

        const mail = await deliveredMailTo(email, /验证您的电子邮箱/);
        expect(mail?.link).toBe(`${base}/register/verify?token=${mail!.token}`);
        await page.goto(mail!.link!);
        expect(await page.locator('#verify-token').inputValue()).toBe(mail!.token);
        await check(page, shot('verify'));
        await submit(page, '/register/verify');
        expect(await page.locator('#account-done').innerText()).toContain(username);
        await check(page, shot('verified'));

        await signIn(page, username, NEW_PASSWORD);
        const { organizationId } = await registerOrganization(
          page,
          { ...organizationPayload(), contactName: '周晓梅' } as Parameters<typeof registerOrganization>[1],
          (name) => check(page, shot(name)),
        );
        const user = await p.prisma.user.findUniqueOrThrow({ where: { username } });
        expect(user).toMatchObject({ active: true, role: 'APPLICANT', emailVerifiedAt: expect.any(Date) });
        // The registrant owns the organization; its facts await a reviewer's verification.
        expect(
          await p.prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId } } }),
        ).toMatchObject({
          role: 'OWNER',
        });
        expect(await p.prisma.organization.findUniqueOrThrow({ where: { id: organizationId } })).toMatchObject({
          factsStatus: 'UNVERIFIED',
        });
      },
      TEST_MS,
    );

    it(
      'resets a forgotten password by mail: the session open elsewhere ends, the new password signs in',
      async () => {
        const user = await makeUser(p, 'APPLICANT');
        const email = `${user.username}@${domain}`;
        await p.prisma.user.update({ where: { id: user.id }, data: { email } });
        const elsewhere = await openPage(viewport);
        await signIn(elsewhere, user.username, TEST_PASSWORD);

        const page = await openPage(viewport);
        await page.goto(`${base}/login`);
        await Promise.all([page.waitForURL(`${base}/password/forgot`), page.locator('a[href="/password/forgot"]').click()]);
        await check(page, shot('forgot'));
        await page.locator('#forgot-account').fill(email);
        await submit(page, '/password/forgot');
        await check(page, shot('forgot-sent'));
        const mail = await deliveredMailTo(email, /重设密码/);
        await page.goto(mail!.link!);
        await page.locator('#reset-newPassword').fill('1234567890');
        await submit(page, '/password/reset');
        expect(await page.locator('.error-summary li').allInnerTexts()).toEqual([expect.stringContaining('常见')]);
        await check(page, shot('reset-errors'));
        await page.locator('#reset-newPassword').fill(NEW_PASSWORD);
        await submit(page, '/password/reset');
        await check(page, shot('reset-done'));

        // The session opened before the reset is over.
        await elsewhere.goto(`${base}/workspace`);
        expect(new URL(elsewhere.url()).pathname).toBe('/login');
        await signIn(page, user.username, NEW_PASSWORD);
        const sessions = await p.prisma.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: 'asc' } });
        expect(sessions.map((s) => s.endedReason)).toEqual(['passwordReset', 'passwordReset', null]);
      },
      TEST_MS,
    );

    it(
      'an owner invites a colleague, who registers through the link and is a member with the role; a second invitation is revoked',
      async () => {
        const owner = await makeUser(p, 'APPLICANT');
        const org = await makeOrganization(p.prisma, owner.id);
        const page = await openPage(viewport);
        await signIn(page, owner.username, TEST_PASSWORD);
        await page.goto(`${base}/my/organizations/${org.id}`);
        await check(page, shot('members'));
        await page.locator('#invite-email').fill('not an address');
        await submit(page, `/my/organizations/${org.id}/invitations`);
        expect(await page.locator('#members .error-summary li').allInnerTexts()).toHaveLength(1);
        await check(page, shot('invite-errors'));

        const email = `colleague-${unique()}@${domain}`;
        await page.locator('#invite-email').fill(email);
        await page.selectOption('#invite-role', 'STAFF');
        await submit(page, `/my/organizations/${org.id}/invitations`);
        expect(await page.locator(`[data-invitation="${email}"]`).innerText()).toContain('经办人');
        const other = `other-${unique()}@${domain}`;
        await page.locator('#invite-email').fill(other);
        await submit(page, `/my/organizations/${org.id}/invitations`);
        await check(page, shot('invited'));
        const revoke = page.locator(`[data-invitation="${other}"]`);
        await revoke.locator('input[name="reason"]').fill('发错了邮箱');
        await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), revoke.locator('[type="submit"]').click()]);
        expect(await page.locator(`[data-invitation="${other}"]`).count()).toBe(0);
        await check(page, shot('revoked'));

        const mail = await deliveredMailTo(email, /邀请您加入/);
        const guest = await openPage(viewport);
        await guest.goto(mail!.link!);
        expect(await guest.locator('main').innerText()).toContain(org.name);
        await check(guest, shot('join'));
        await Promise.all([guest.waitForURL(/\/register\?invitation=/), guest.locator('a[href^="/register?invitation="]').click()]);
        expect(await guest.locator('#register-email').inputValue()).toBe(email);
        await check(guest, shot('register-invited'));
        const username = `wu-${unique()}`;
        await guest.locator('#register-username').fill(username);
        await guest.locator('#register-displayName').fill('吴丽');
        await guest.locator('#register-password').fill(NEW_PASSWORD);
        await submit(guest, '/register');
        await check(guest, shot('joined'));
        await signIn(guest, username, NEW_PASSWORD);
        await guest.goto(`${base}/my/organizations/${org.id}`);
        expect(await guest.locator(`[data-member="${username}"]`).innerText()).toContain('经办人');
        // A staff member sees the members but no invite form.
        expect(await guest.locator(`form[action="/my/organizations/${org.id}/invitations"]`).count()).toBe(0);
        await check(guest, shot('member-staff'));
        const user = await p.prisma.user.findUniqueOrThrow({ where: { username } });
        expect(
          await p.prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId: org.id } } }),
        ).toMatchObject({
          role: 'STAFF',
        });
      },
      TEST_MS,
    );
  });
});
