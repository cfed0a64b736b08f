import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TEST_PASSWORD, TestUser } from '../support/factories';
import { csrfOf, portalSignIn } from '../support/portal';
import { DESKTOP, PHONE, PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import { postForm } from './steps/office';
import type { Page } from 'playwright-core';

/**
 * Issue 16, point 4, in Chromium at desktop (1366×768) and phone (390×844) width: 消息通知 for
 * every role — a notification from a real flow (an application accepted on submission), its
 * unread count in the header and on the workspace tile, marked read one by one and all at once,
 * and never by anyone else; the administrator's desk — an account created, able to sign in,
 * given another role and region, added to an organization, deactivated (sign-in refused),
 * reactivated, its password reset to a temporary one shown once that works; a holiday added to the
 * calendar and then seen by the API, a make-up working day on a weekday refused, a day removed
 * after confirming; and every other role refused the desk. axe-core (0 serious or critical),
 * html-validate and a screenshot on every page at both widths.
 */

const SHOTS = 'desk-';
const VIEWPORTS = { desktop: DESKTOP, phone: PHONE } as const;
type View = keyof typeof VIEWPORTS;
const TEST_MS = 180000;

describe('web portal: 消息通知 for every role, and the administrator desk', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let admin: TestUser;
  let applicant: TestUser;
  let other: TestUser;
  let manager: TestUser;
  let orgId: string;
  let orgName: string;
  let applicationId: string;
  let notificationId: string;

  const check = (page: Page, view: View, name: string) => pages.check(page, `${view}-${name}`);
  const browse = (view: View): Promise<Page> => pages.open({ viewport: VIEWPORTS[view] });

  /** Signs in through the login form; answers with where the form led (the workspace, or the login page again). */
  async function signIn(page: Page, username: string, password = TEST_PASSWORD): Promise<string> {
    await page.goto(`${base}/login`);
    await page.fill('#login-username', username);
    await page.fill('#login-password', password);
    await postForm(page, () => page.click('form[action="/login"] button[type="submit"]'));
    return new URL(page.url()).pathname;
  }

  const unreadInHeader = async (page: Page) => {
    const badge = page.locator('header [data-inbox-link] [data-unread-count]');
    return (await badge.count()) === 0 ? 0 : Number(/\d+/.exec(await badge.innerText())?.[0]);
  };
  const unreadInDb = (userId: string) => p.prisma.notification.count({ where: { userId, readAt: null } });

  beforeAll(async () => {
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    [admin, applicant, other, manager] = await Promise.all([
      makeUser(p, 'ADMIN'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'PROGRAM_MANAGER'),
    ]);
    const org = await makeOrganization(p.prisma, applicant.id);
    [orgId, orgName] = [org.id, org.name];
    // A real flow that notifies: the applicant's application, accepted on submission by its workflow.
    const now = Date.now();
    const round = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600000).toISOString() });
    const roundId: string = (await p.http.post('/api/rounds').set(auth(manager)).send(round).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'round OPEN',
        timeoutMs: 60000,
      },
    );
    const body = applicationPayload(roundId, orgId, '80000.00');
    applicationId = (await p.http.post('/api/applications').set(auth(applicant)).send(body).expect(201)).body.id;
    await p.http.post(`/api/applications/${applicationId}/submit`).set(auth(applicant)).expect(200);
    notificationId = await eventually(
      async () =>
        (await p.prisma.notification.findFirst({ where: { userId: applicant.id, applicationId, kind: 'application.submitted' } }))?.id,
      { label: 'the applicant notified of the accepted application', timeoutMs: 60000 },
    );
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
  });

  it(
    'refuses anyone else marking the notification read (404 on the page and in the API), and it stays unread',
    async () => {
      const agent = await portalSignIn(p, other);
      const csrf = csrfOf((await agent.get('/inbox').expect(200)).text);
      await agent.post(`/inbox/notifications/${notificationId}/read`).type('form').send({ _csrf: csrf }).redirects(0).expect(404);
      await p.http.post(`/api/notifications/${notificationId}/read`).set(auth(other)).expect(404);
      await p.http.post(`/api/notifications/read-all`).set(auth(other)).expect(200);
      expect((await p.prisma.notification.findUniqueOrThrow({ where: { id: notificationId } })).readAt).toBeNull();
      // And the applicant's own inbox never lists it for the other applicant.
      expect((await agent.get('/inbox').expect(200)).text).not.toContain(notificationId);
    },
    TEST_MS,
  );

  it(
    'shows the applicant the unread count on every page and the tile, lists the notification linked to the application, and the count drops when read',
    async () => {
      const unread = await unreadInDb(applicant.id);
      expect(unread).toBeGreaterThanOrEqual(1);
      const page = await browse('desktop');
      expect(await signIn(page, applicant.username)).toBe('/workspace');
      expect(await unreadInHeader(page)).toBe(unread);
      const tile = page.locator('.workspace-nav a[href="/inbox"]');
      expect(await tile.locator('[data-unread-count]').innerText()).toContain(String(unread));
      await check(page, 'desktop', 'workspace-unread');
      // Another page of the applicant's area carries the same count.
      await page.goto(`${base}/my/applications`);
      expect(await unreadInHeader(page)).toBe(unread);

      await page.click('.workspace-nav a[href="/inbox"], header [data-inbox-link]');
      expect(new URL(page.url()).pathname).toBe('/inbox');
      const item = page.locator(`[data-notification="${notificationId}"]`);
      expect(await item.getAttribute('data-unread')).not.toBeNull();
      expect(await item.locator('h3 a').getAttribute('href')).toBe(`/my/applications/${applicationId}`);
      await check(page, 'desktop', 'inbox-unread');

      await postForm(page, () => item.locator('[data-mark-read]').click());
      expect(new URL(page.url()).searchParams.get('done')).toBe('read');
      expect(await unreadInHeader(page)).toBe(unread - 1);
      expect(await page.locator(`[data-notification="${notificationId}"]`).getAttribute('data-unread')).toBeNull();
      expect((await p.prisma.notification.findUniqueOrThrow({ where: { id: notificationId } })).readAt).not.toBeNull();
      const audited = await p.prisma.auditEntry.findFirst({ where: { entityId: notificationId, action: 'notification.read' } });
      expect(audited?.actorId).toBe(applicant.id);
      await check(page, 'desktop', 'inbox-read');

      // The link leads to the applicant's page of the application.
      await postForm(page, () => page.locator(`[data-notification="${notificationId}"] h3 a`).click());
      expect(new URL(page.url()).pathname).toBe(`/my/applications/${applicationId}`);
    },
    TEST_MS,
  );

  it(
    'marks all read at phone width, and the count leaves the header',
    async () => {
      await p.prisma.notification.create({
        data: {
          userId: applicant.id,
          kind: 'test.extra',
          title: '测试通知',
          body: '第二条通知',
          idempotencyKey: `desk-test/${applicant.id}`,
        },
      });
      const page = await browse('phone');
      expect(await signIn(page, applicant.username)).toBe('/workspace');
      expect(await unreadInHeader(page)).toBe(await unreadInDb(applicant.id));
      await page.goto(`${base}/inbox?unread=true`);
      expect(await page.locator('[data-notification][data-unread]').count()).toBeGreaterThanOrEqual(1);
      await check(page, 'phone', 'inbox-unread-only');
      await postForm(page, () => page.click('[data-read-all]'));
      expect(await unreadInDb(applicant.id)).toBe(0);
      expect(await unreadInHeader(page)).toBe(0);
      expect(await page.locator('[data-notification]').count()).toBe(0);
      await check(page, 'phone', 'inbox-all-read');
    },
    TEST_MS,
  );

  it(
    'lets the admin create an account that signs in, change its role and region, add it to an organization, deactivate it (sign-in refused), reactivate it and reset its password to one shown once',
    async () => {
      const page = await browse('desktop');
      expect(await signIn(page, admin.username)).toBe('/workspace');
      for (const href of ['/admin/users', '/admin/calendar', '/manage/dashboard', '/inbox'])
        expect(await page.locator(`.workspace-nav a[href="${href}"]`).count()).toBe(1);
      await check(page, 'desktop', 'admin-workspace');
      // The dashboard, read only: the whole country's figures, and no form but the round filter.
      await Promise.all([page.waitForURL(`${base}/manage/dashboard`), page.click('.workspace-nav a[href="/manage/dashboard"]')]);
      expect(await page.locator('main form[method="post"]').count()).toBe(0);
      await check(page, 'desktop', 'admin-dashboard');
      await page.goto(`${base}/admin/users/new`);
      // Everything wrong at once: nothing is created.
      await page.fill('#desk-username', 'x');
      await postForm(page, () => page.click('form[action="/admin/users"] button[type="submit"]'));
      expect(await page.locator('.error-summary li').count()).toBeGreaterThanOrEqual(3);
      await check(page, 'desktop', 'new-user-errors');

      const username = `desk-${Date.now().toString(36)}`;
      await page.fill('#desk-username', username);
      await page.fill('#desk-displayName', '王晓梅');
      await page.selectOption('#desk-role', 'APPLICANT');
      await page.fill('#desk-email', `${username}@example.org`);
      await page.fill('#desk-password', 'Garden-Lantern-2031');
      await postForm(page, () => page.click('form[action="/admin/users"] button[type="submit"]'));
      expect(page.url()).toMatch(/\/admin\/users\/[0-9a-f-]{36}\?done=created$/);
      const userId = /\/admin\/users\/([0-9a-f-]{36})/.exec(page.url())![1];
      await check(page, 'desktop', 'user-created');

      const person = await browse('desktop');
      expect(await signIn(person, username, 'Garden-Lantern-2031')).toBe('/workspace');

      // 角色与区域: a reason is required; then finance staff of a city, then back to an applicant.
      await page.selectOption('#role-role', 'FINANCE');
      await page.fill('#role-regionCode', '330100');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/role"] button[type="submit"]`));
      expect(await page.locator('#role-reason-error').count()).toBe(1);
      await page.fill('#role-reason', '调任财务岗位');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/role"] button[type="submit"]`));
      expect(page.url()).toContain('done=roleChanged');
      expect(await page.locator('[data-account-region]').innerText()).toBe('330100');
      expect((await p.prisma.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe('FINANCE');
      await person.goto(`${base}/finance-desk`);
      expect(await person.locator('h1').count()).toBe(1);
      await page.selectOption('#role-role', 'APPLICANT');
      await page.fill('#role-regionCode', '');
      await page.fill('#role-reason', '回到申报单位');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/role"] button[type="submit"]`));
      expect((await p.prisma.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe('APPLICANT');

      // An applicant's organization.
      await page.selectOption('#member-organizationId', orgId);
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/memberships"] button[type="submit"]`));
      expect(page.url()).toContain('done=memberAdded');
      expect(await page.locator('[data-memberships]').innerText()).toContain(orgName);
      await check(page, 'desktop', 'user-member');
      // Now a member, the account stays an applicant: the change is refused, nothing changes.
      await page.selectOption('#role-role', 'REVIEWER');
      await page.fill('#role-reason', '尝试调岗');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/role"] button[type="submit"]`));
      expect(await page.locator('#refusal').innerText()).toContain('社会组织成员');
      expect((await p.prisma.user.findUniqueOrThrow({ where: { id: userId } })).role).toBe('APPLICANT');

      // Deactivate: asked first; then the person's session ends and sign-in is refused.
      await page.goto(`${base}/admin/users/${userId}`);
      await page.fill('#account-reason', '人员离职');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/deactivate"] button[type="submit"]`));
      expect(await page.locator('[data-confirm-step]').count()).toBe(1);
      expect((await p.prisma.user.findUniqueOrThrow({ where: { id: userId } })).active).toBe(true);
      await check(page, 'desktop', 'deactivate-confirm');
      await postForm(page, () => page.click('[data-confirm]'));
      expect(page.url()).toContain('done=deactivated');
      expect((await p.prisma.user.findUniqueOrThrow({ where: { id: userId } })).active).toBe(false);
      await person.goto(`${base}/workspace`);
      expect(new URL(person.url()).pathname).toBe('/login');
      expect(await signIn(person, username, 'Garden-Lantern-2031')).toBe('/login');

      // Reactivate, then reset: the temporary password is shown once and signs in (to the password change first).
      await page.fill('#account-reason', '人员返岗');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/reactivate"] button[type="submit"]`));
      await postForm(page, () => page.click('[data-confirm]'));
      expect(page.url()).toContain('done=reactivated');
      await page.fill('#reset-reason', '本人遗忘密码');
      await postForm(page, () => page.click(`form[action="/admin/users/${userId}/password-reset"] button[type="submit"]`));
      await check(page, 'desktop', 'reset-confirm');
      await postForm(page, () => page.click('[data-confirm]'));
      const temporary = (await page.locator('[data-temporary-password]').innerText()).trim();
      expect(temporary.length).toBeGreaterThanOrEqual(10);
      await check(page, 'desktop', 'reset-issued');
      await page.goto(`${base}/admin/users/${userId}`);
      expect(await page.content()).not.toContain(temporary);
      expect(await signIn(person, username, 'Garden-Lantern-2031')).toBe('/login');
      expect(await signIn(person, username, temporary)).toBe('/account/password');

      const actions = (await p.prisma.auditEntry.findMany({ where: { actorId: admin.id, entityId: { in: [userId, orgId] } } })).map(
        (a) => a.action,
      );
      for (const a of [
        'user.created',
        'user.roleChanged',
        'organization.memberAdded',
        'user.deactivated',
        'user.reactivated',
        'user.passwordReset',
      ])
        expect(actions).toContain(a);
      expect(
        await p.prisma.auditEntry.count({
          where: { entityId: userId, action: 'user.roleChanged', reason: '调任财务岗位', toState: 'FINANCE' },
        }),
      ).toBe(1);

      // The list finds the account by name, role and state, at phone width.
      const phone = await browse('phone');
      expect(await signIn(phone, admin.username)).toBe('/workspace');
      await phone.goto(`${base}/admin/users?q=${encodeURIComponent('王晓梅')}&role=APPLICANT&active=true`);
      expect(await phone.locator(`[data-user="${username}"]`).count()).toBe(1);
      await check(phone, 'phone', 'users-found');
      await phone.goto(`${base}/admin/users?q=${username}&active=false`);
      expect(await phone.locator(`[data-user="${username}"]`).count()).toBe(0);
      await phone.goto(`${base}/admin/users?regionCode=3x`);
      expect(await phone.locator('#desk-regionCode-error').count()).toBe(1);
      await check(phone, 'phone', 'users-filter-error');
    },
    TEST_MS,
  );

  it(
    'lets the admin add a holiday that then appears (in the API too), refuses a weekday make-up working day, and removes a day once confirmed',
    async () => {
      const page = await browse('phone');
      expect(await signIn(page, admin.username)).toBe('/workspace');
      await page.goto(`${base}/admin/calendar?year=2031`);
      await check(page, 'phone', 'calendar-empty');
      await page.fill('#desk-date', '2031-10-01');
      await page.fill('#desk-name', '国庆节');
      await postForm(page, () => page.click('form[action="/admin/calendar"] button[type="submit"]'));
      expect(page.url()).toContain('done=set');
      expect(await page.locator('[data-day="2031-10-01"]').innerText()).toContain('国庆节');
      const api = (await p.http.get('/api/calendar?year=2031').expect(200)).body as { date: string; working: boolean; name: string }[];
      expect(api).toContainEqual({ date: '2031-10-01', working: false, name: '国庆节', source: 'ADMIN' });
      await check(page, 'phone', 'calendar-holiday');

      // 2031-10-08 is a Wednesday: not a make-up working day.
      await page.fill('#desk-date', '2031-10-08');
      await page.fill('#desk-name', '调休上班');
      await page.check('input[name="working"][value="true"]');
      await postForm(page, () => page.click('form[action="/admin/calendar"] button[type="submit"]'));
      expect(await page.locator('.error-summary').innerText()).toContain('周六或周日');
      expect(await p.prisma.calendarDay.count({ where: { date: new Date('2031-10-08T00:00:00Z') } })).toBe(0);
      await check(page, 'phone', 'calendar-weekday-refused');

      const desktop = await browse('desktop');
      expect(await signIn(desktop, admin.username)).toBe('/workspace');
      await desktop.goto(`${base}/admin/calendar?year=2031`);
      await postForm(desktop, () => desktop.locator('[data-day="2031-10-01"] [data-remove-day]').click());
      expect(await desktop.locator('[data-confirm-step]').count()).toBe(1);
      expect(await p.prisma.calendarDay.count({ where: { date: new Date('2031-10-01T00:00:00Z') } })).toBe(1);
      await check(desktop, 'desktop', 'calendar-remove-confirm');
      await postForm(desktop, () => desktop.click('[data-confirm]'));
      expect(desktop.url()).toContain('done=removed');
      expect(await desktop.locator('[data-day="2031-10-01"]').count()).toBe(0);
      const removed = await p.prisma.auditEntry.findFirst({ where: { entityId: '2031-10-01', action: 'calendar.removed' } });
      expect(removed?.actorId).toBe(admin.id);
      await check(desktop, 'desktop', 'calendar-removed');
    },
    TEST_MS,
  );

  it(
    'refuses every other role the admin desk with the 403 page',
    async () => {
      const page = await browse('desktop');
      expect(await signIn(page, manager.username)).toBe('/workspace');
      for (const path of ['/admin/users', '/admin/users/new', `/admin/users/${applicant.id}`, '/admin/calendar']) {
        const res = await page.goto(`${base}${path}`);
        expect(res?.status()).toBe(403);
      }
      await check(page, 'desktop', 'admin-refused');
      const agent = await portalSignIn(p, other);
      const csrf = csrfOf((await agent.get('/workspace').expect(200)).text);
      await agent
        .post('/admin/calendar')
        .type('form')
        .send({ _csrf: csrf, date: '2031-10-02', working: 'false', name: '假日' })
        .expect(403);
      expect(await p.prisma.calendarDay.count({ where: { date: new Date('2031-10-02T00:00:00Z') } })).toBe(0);
    },
    TEST_MS,
  );
});
