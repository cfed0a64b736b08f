import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import { fillApplicationForm, sampleApplication } from './steps/applicant';
import type { Dialog, Page } from 'playwright-core';

/**
 * Issue 16 point 6 h, in Chromium at 1366×768 and 390×844 with axe-core and html-validate: the
 * long application form has a table of contents, takes attachments before its first save (the
 * "save to upload" button saves the draft and opens its upload), saves a changed draft by itself
 * with a visible time, and warns before the page is left with unsaved changes.
 */
const SHOTS = 'small-things-form-';
const TEST_MS = 180_000;
const ENV = { PSP_AUTOSAVE_MS: '2000' };

describe('web portal: the long application form', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let applicant: TestUser;
  let orgId: string;
  let roundId: string;
  let page: Page;
  let draftId: string;

  const check = (name: string) => pages.atBothWidths(page, name);

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    const manager = await makeUser(p, 'PROGRAM_MANAGER');
    applicant = await makeUser(p, 'APPLICANT');
    orgId = (await makeOrganization(p.prisma, applicant.id)).id;
    const now = Date.now();
    const body = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600_000).toISOString() });
    roundId = (await p.http.post('/api/rounds').set(auth(manager)).send(body).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    page = await pages.signedIn(applicant);
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  afterEach(async () => {
    expect(await pages.markup.found()).toEqual([]);
  });

  /** Each link of the table of contents leads to a part of the page. */
  async function tocTargets(): Promise<string[]> {
    const hrefs = await page.locator('nav.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    const missing: string[] = [];
    for (const href of hrefs) if ((await page.locator(href).count()) !== 1) missing.push(href);
    expect(missing).toEqual([]);
    return hrefs;
  }

  it(
    'has a table of contents, and saves a new draft to take attachments before its first save',
    async () => {
      await page.goto(`${base}/my/applications/new?roundId=${roundId}&organizationId=${orgId}`);
      expect(await tocTargets()).toEqual(['#app-basics', '#app-budgetLines', '#app-indicators', '#app-milestones', '#attachments']);
      await check('new');
      await page.locator('nav.toc a[href="#app-milestones"]').click();
      expect(page.url()).toMatch(/#app-milestones$/);

      await fillApplicationForm(page, sampleApplication(orgId, roundId, { title: '自动保存检验项目' }));
      await Promise.all([
        page.waitForURL(/\/my\/applications\/[0-9a-f-]{36}\/edit\?notice=created#attachments$/),
        page.locator('#attachments button[value="upload"]').click(),
      ]);
      draftId = /applications\/([0-9a-f-]{36})\/edit/.exec(page.url())![1];
      expect((await p.prisma.application.findUniqueOrThrow({ where: { id: draftId } })).title).toBe('自动保存检验项目');
      expect(await page.locator('#attachments #upload-file').count()).toBe(1);
      expect(await tocTargets()).toEqual([
        '#app-basics',
        '#app-budgetLines',
        '#app-indicators',
        '#app-milestones',
        '#attachments',
        '#submit',
      ]);
      await check('saved-to-upload');
    },
    TEST_MS,
  );

  it(
    'saves a changed draft by itself, shows when, and a save by hand afterwards is not taken for a stale one',
    async () => {
      const before = (await p.prisma.application.findUniqueOrThrow({ where: { id: draftId } })).version;
      await page.locator('#app-title').fill('自动保存检验项目（已修改）');
      await page.locator('#autosave-status').filter({ hasText: '已自动保存' }).waitFor({ timeout: 20_000 });
      expect(await page.locator('#autosave-status').innerText()).toMatch(/^已自动保存 \d{2}:\d{2}:\d{2}$/);
      const saved = await p.prisma.application.findUniqueOrThrow({ where: { id: draftId } });
      expect(saved.title).toBe('自动保存检验项目（已修改）');
      expect(saved.version).toBe(before + 1);
      expect(await page.locator('#application-form input[name="version"]').inputValue()).toBe(String(saved.version));
      await check('autosaved');

      // The save by hand is clicked while a save of its own is still on its way (its answer held
      // back here for a second and a half): it waits for that answer and is sent with the version
      // that save made.
      const own = `${base}/my/applications/${draftId}`;
      let held = 0;
      await page.route(own, async (route) => {
        if (route.request().resourceType() !== 'fetch') return route.continue();
        held += 1;
        // The server takes the save at once; its answer (the redirect to the saved form) is late.
        const response = await route.fetch({ maxRedirects: 0 });
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.fulfill({ response }).catch(() => undefined);
      });
      const autosaving = page.waitForRequest((req) => req.url() === own && req.resourceType() === 'fetch');
      await page.locator('#app-beneficiaries').fill('社区独居老人及其家属');
      await autosaving;
      await Promise.all([
        page.waitForURL(new RegExp(`/my/applications/${draftId}/edit\\?notice=saved`)),
        page.locator('#application-form button[value="save"]').click(),
      ]);
      await page.unroute(own);
      expect(held).toBe(1);
      await eventually(
        async () =>
          (await p.prisma.application.findUniqueOrThrow({ where: { id: draftId } })).beneficiaries === '社区独居老人及其家属'
            ? true
            : undefined,
        { label: 'saved by hand' },
      );
    },
    TEST_MS,
  );

  it(
    'asks before leaving with unsaved changes, and not once they are saved',
    async () => {
      await page.goto(`${base}/my/applications/${draftId}/edit`);
      const dialogs: string[] = [];
      const onDialog = (d: Dialog) => {
        dialogs.push(d.type());
        void d.dismiss();
      };
      page.on('dialog', onDialog);
      await page.locator('#app-summary').fill('面向社区独居、空巢老人提供上门探访和健康讲座服务，建立社区互助支持网络，并培育志愿者队伍。');
      await page.locator('.breadcrumb a').first().click();
      await eventually(async () => (dialogs.length > 0 ? true : undefined), { label: 'beforeunload asked' });
      expect(dialogs).toEqual(['beforeunload']);
      // Staying on the page was chosen: the change is still there, and then saved by itself.
      expect(page.url()).toContain(`/my/applications/${draftId}/edit`);
      await page.locator('#autosave-status').filter({ hasText: '已自动保存' }).waitFor({ timeout: 20_000 });
      await Promise.all([page.waitForURL(`${base}/my/applications`), page.locator('.breadcrumb a').first().click()]);
      expect(dialogs).toEqual(['beforeunload']);
      page.off('dialog', onDialog);
    },
    TEST_MS,
  );
});
