// A city of its own: its round in notice would otherwise pass through other files' eligibility queues.
process.env.PSP_TEST_CITY = '331100';

import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, roundPayload, TestUser } from '../support/factories';
import { pdfFile, pngFile } from '../support/files';
import { noticedRound, NoticedRound } from '../support/funded-projects';
import { fileConfirmed } from '../support/objections';
import { PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import type { Page } from 'playwright-core';

/**
 * Issue 16 point 6, small things the public notices, in Chromium at 1366×768 and 390×844 with
 * axe-core (0 serious or critical) and html-validate on every page: the public round page
 * (申报指南) with the files of the call its manager attached, the objection lookup by receipt and
 * contact, and the favicon.
 */
const SHOTS = 'small-things-';
const TEST_MS = 180_000;
const ENV = { PSP_NOTICE_PERIOD_MS: '600000' };

describe('web portal: small things a person notices', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let manager: TestUser;
  let reviewer2: TestUser;
  let guideRoundId: string;
  let guideRoundName: string;
  let draftRoundId: string;
  let filesRoundId: string;
  let noticed: NoticedRound;
  let objectionId: string;

  const open = (): Promise<Page> => pages.open();
  const check = (page: Page, name: string) => pages.atBothWidths(page, name);

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    [manager, reviewer2] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'REVIEWER')]);

    const now = Date.now();
    const createRound = async (overrides: Record<string, unknown>) =>
      (await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload(overrides)).expect(201)).body as { id: string; name: string };
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
    filesRoundId = (
      await createRound({ opensAt: new Date(now + 86400_000).toISOString(), closesAt: new Date(now + 30 * 86400_000).toISOString() })
    ).id;

    noticed = await noticedRound(p, 1);
    objectionId = await fileConfirmed(p, noticed.roundId, {
      applicationId: noticed.applicationIds[0],
      name: '王小明',
      contact: '13800138000',
      reason: '该项目的人员费用测算明显偏高，请核实社工岗位补贴标准。',
    });
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
      expect(await page.locator('[data-region]').innerText()).toBe('丽水市');
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
    'h: the manager attaches the guidelines to a draft, a wrong type is refused beside the field; once published the public page offers them',
    async () => {
      const page = await pages.signedIn(manager);
      const attach = async (kind: string, name: string, mimeType: string, buffer: Buffer) => {
        await page.selectOption('#upload-kind', kind);
        await page.setInputFiles('#upload-file', { name, mimeType, buffer });
        await Promise.all([page.waitForLoadState('load'), page.click('form.upload-form button[type="submit"]')]);
      };
      await page.goto(`${base}/manage/rounds/${filesRoundId}`);
      expect(await page.locator('#files').innerText()).toContain('尚未上传附件');
      await check(page, 'round-files-empty');
      const guide = pdfFile('申报指南全文');
      await attach('GUIDELINES', '2027年度申报指南.pdf', 'application/pdf', guide);
      expect(page.url()).toContain('done=fileAttached');
      await attach('OTHER', '扫描件.png', 'image/png', pngFile());
      expect(await page.locator('#upload-file-error').innerText()).toContain('PDF、DOCX、XLSX');
      expect(await page.locator('#upload-file').getAttribute('aria-invalid')).toBe('true');
      await check(page, 'round-files-refused');
      await attach('BUDGET_TEMPLATE', '预算表.pdf', 'application/pdf', pdfFile('预算表'));
      expect(await page.locator('[data-round-files] .file-name').allInnerTexts()).toEqual(['2027年度申报指南.pdf', '预算表.pdf']);
      await check(page, 'round-files-attached');
      await Promise.all([page.waitForURL(/done=fileRemoved/), page.locator('[data-round-files] li').nth(1).locator('button').click()]);
      expect(await page.locator('[data-round-files] .file-name').allInnerTexts()).toEqual(['2027年度申报指南.pdf']);
      expect((await p.prisma.roundFile.findMany({ where: { roundId: filesRoundId } })).map((f) => f.kind)).toEqual(['GUIDELINES']);

      // Not public while a draft; published, anyone downloads the file from the round's page.
      const visitor = await open();
      expect((await visitor.goto(`${base}/rounds/${filesRoundId}/guidelines`))?.status()).toBe(404);
      await p.http.post(`/api/rounds/${filesRoundId}/publish`).set(auth(manager)).expect(200);
      await page.reload();
      expect(await page.locator('#upload-file').count()).toBe(0);
      expect(await page.locator('[data-round-files] button').count()).toBe(0);
      await visitor.goto(`${base}/rounds/${filesRoundId}/guidelines`);
      const link = visitor.locator('[data-round-files] a');
      expect(await link.innerText()).toContain('下载');
      expect(await visitor.locator('[data-round-files]').innerText()).toContain('申报指南 · PDF');
      await check(visitor, 'guidelines-files');
      const file = await visitor.request.get(`${base}${await link.getAttribute('href')}`);
      expect(file.status()).toBe(200);
      expect((await file.body()).equals(guide)).toBe(true);
      expect((await visitor.goto(`${base}/rounds/${guideRoundId}/guidelines`))?.status()).toBe(200);
      expect(await visitor.locator('#round-files + p').innerText()).toBe('本轮次未附文件。');
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
});
