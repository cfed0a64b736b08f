import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, TestUser } from '../support/factories';
import { pdfFile, pngFile } from '../support/files';
import { fundedProjects, FundedProjects } from '../support/funded-projects';
import { PortalPages, signIn as portalSignIn, type Viewport } from '../support/portal-pages';
import type { Page } from 'playwright-core';

/**
 * Issue 16, point 1, in Chromium at 1366×768 and 390×844: the applicant's uploaded PDF and image
 * are listed on the reviewer's eligibility and project pages and on the assigned expert's scoring
 * page, previewed in the page (the PDF in a frame, the image in <img>, both served by the platform
 * itself under its CSP), and each preview is an audit row in PostgreSQL naming who, which file
 * and from which page; the project's evaluator previews the application's files and its evidence
 * on the project page; finance previews the report evidence it pays against from its desk.
 * axe-core 0 serious or critical and valid HTML on every page.
 */
const SHOTS = 'attachments-';
/** What the test reads of an <img> once loaded (the project compiles without the DOM library). */
interface ImageShown {
  complete: boolean;
  naturalWidth: number;
  naturalHeight: number;
}
const TEST_MS = 240_000;
const VIEWPORTS = [
  { name: 'desktop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
];

describe('web portal: reviewers and the assigned expert read the application’s attachments', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let r: FundedProjects;
  let id: string;
  const files = { plan: '', scan: '', evidence: '' };
  const refused: string[] = [];

  async function check(page: Page, name: string): Promise<void> {
    // Nothing wider than the screen: the file cards wrap instead of scrolling the page sideways.
    await pages.check(page, name, { fitsWidth: true });
    expect(refused).toEqual([]);
  }

  async function signIn(user: TestUser, viewport: Viewport): Promise<Page> {
    const page = await pages.open({ viewport });
    // A frame the browser refused to show (X-Frame-Options, frame-ancestors) is only told on the console.
    page.on('console', (msg) => {
      if (/Refused to (display|frame|load)/i.test(msg.text())) refused.push(msg.text());
    });
    await portalSignIn(page, base, user.username);
    return page;
  }

  const reads = async (actorId: string) =>
    (await p.prisma.auditEntry.findMany({ where: { entityType: 'Attachment', actorId }, orderBy: { id: 'asc' } })).map((e) => [
      e.entityId,
      e.action,
      e.reason,
    ]);

  /** Follows the file's preview link, and waits for the platform to serve the file into the page. */
  async function preview(page: Page, fileId: string, from: string, type: string) {
    const [res] = await Promise.all([
      page.waitForResponse((x) => x.url().endsWith(`/files/applications/${id}/${fileId}/preview?from=${from}`)),
      page.locator(`a[href$="?preview=${fileId}#attachment-preview"]`).click(),
    ]);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe(type);
    await page.waitForLoadState('load');
    await page.locator('#attachment-preview').scrollIntoViewIfNeeded();
  }

  beforeAll(async () => {
    // A city of its own: the finance desk lists its region's tranches, which the file running
    // beside it would otherwise share (and push this file's off the first page).
    Object.assign(process.env, { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000', PSP_TEST_CITY: '330300' });
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    r = await fundedProjects(p, 1, '100000.00', {
      async beforeSubmit(started, [draft], [applicant]) {
        id = draft;
        const upload = async (kind: string, data: Buffer, filename: string, contentType: string) =>
          (
            await started.http
              .post(`/api/applications/${draft}/attachments`)
              .set(auth(applicant))
              .field('kind', kind)
              .attach('file', data, { filename, contentType })
              .expect(201)
          ).body.id as string;
        files.plan = await upload('IMPLEMENTATION_PLAN', pdfFile('Implementation plan 2026'), '实施方案.pdf', 'application/pdf');
        files.scan = await upload('QUALIFICATION', pngFile(320, 200), '资质证明扫描件.png', 'image/png');
      },
    });
    // Evidence of the project's first months, which the finance desk pays against.
    files.evidence = (
      await p.http
        .post(`/api/applications/${id}/attachments`)
        .set(auth(r.applicants[0]))
        .field('kind', 'REPORT_EVIDENCE')
        .attach('file', pngFile(240, 160), { filename: '活动签到照片.png', contentType: 'image/png' })
        .expect(201)
    ).body.id as string;
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(r.manager)).send({ evaluatorId: r.evaluator.id }).expect(200);
  }, TEST_MS);

  afterAll(async () => {
    delete process.env.PSP_TEST_CITY;
    await pages?.close();
    await p?.client.workflow
      .getHandle(`round-${r?.roundId}`)
      .terminate('test finished')
      .catch(() => undefined);
    await shutDown(p);
    for (const k of ['PSP_NOTICE_PERIOD_MS', 'PSP_TERM_MS']) delete process.env[k];
  }, TEST_MS);

  for (const viewport of VIEWPORTS) {
    it(
      `reviewer (${viewport.name}): lists the files on the eligibility and project pages and previews the PDF and the image`,
      async () => {
        const page = await signIn(r.reviewer, viewport);
        const before = (await reads(r.reviewer.id)).length;
        await page.goto(`${base}/reviewer/eligibility/${id}`);
        const section = page.locator('#attachments');
        expect(await section.locator('.file-name').allInnerTexts()).toEqual(['实施方案.pdf', '资质证明扫描件.png', '活动签到照片.png']);
        expect(await page.locator('#attachment-preview').count()).toBe(0);
        await check(page, `${viewport.name}-01-reviewer-eligibility`);

        await preview(page, files.plan, 'eligibility', 'application/pdf');
        const frame = page.locator('#attachment-preview iframe');
        expect(await frame.getAttribute('title')).toBe('附件预览：实施方案.pdf');
        expect(await page.frames().some((f) => f.url().includes(`/${files.plan}/preview`))).toBe(true);
        await check(page, `${viewport.name}-02-reviewer-eligibility-pdf`);

        await page.goto(`${base}/reviewer/projects/${id}`);
        await preview(page, files.scan, 'project', 'image/png');
        const img = page.locator('#attachment-preview img');
        await img.waitFor();
        expect(await img.evaluate((el) => (el as unknown as ImageShown).complete && (el as unknown as ImageShown).naturalWidth)).toBe(320);
        expect(await img.getAttribute('alt')).toBe('附件图片：资质证明扫描件.png');
        await check(page, `${viewport.name}-03-reviewer-project-image`);

        const download = page.locator(`#attachment-preview a[href="/files/applications/${id}/${files.scan}?from=project"]`);
        expect(await download.count()).toBe(1);
        expect((await reads(r.reviewer.id)).slice(before)).toEqual([
          [files.plan, 'attachment.viewed', 'eligibility'],
          [files.scan, 'attachment.viewed', 'project'],
        ]);
      },
      TEST_MS,
    );

    it(
      `assigned expert (${viewport.name}): previews the PDF and the image on the scoring page`,
      async () => {
        const page = await signIn(r.expert, viewport);
        const before = (await reads(r.expert.id)).length;
        await page.goto(`${base}/expert/assignments/${id}`);
        expect(await page.locator('#attachments .file-name').allInnerTexts()).toEqual(['实施方案.pdf', '资质证明扫描件.png']);
        expect(await page.locator('#attachments-title').innerText()).toBe('附件与佐证材料');
        await check(page, `${viewport.name}-04-expert-assignment`);

        await preview(page, files.plan, 'expert', 'application/pdf');
        await check(page, `${viewport.name}-05-expert-pdf`);
        await page.goto(`${base}/expert/assignments/${id}`);
        await preview(page, files.scan, 'expert', 'image/png');
        expect(await page.locator('#attachment-preview img').evaluate((el) => (el as unknown as ImageShown).naturalHeight)).toBe(200);
        await check(page, `${viewport.name}-06-expert-image`);

        expect((await reads(r.expert.id)).slice(before)).toEqual([
          [files.plan, 'attachment.viewed', 'expert'],
          [files.scan, 'attachment.viewed', 'expert'],
        ]);
      },
      TEST_MS,
    );

    it(
      `evaluator (${viewport.name}): previews the application's PDF and the project's evidence on the project page`,
      async () => {
        const page = await signIn(r.evaluator, viewport);
        const before = (await reads(r.evaluator.id)).length;
        await page.goto(`${base}/evaluator/projects/${id}`);
        expect(await page.locator('#attachments .file-name').allInnerTexts()).toEqual([
          '实施方案.pdf',
          '资质证明扫描件.png',
          '活动签到照片.png',
        ]);
        await check(page, `${viewport.name}-07-evaluator-project`);
        await preview(page, files.plan, 'evaluator', 'application/pdf');
        expect(await page.locator('#attachment-preview iframe').getAttribute('title')).toBe('附件预览：实施方案.pdf');
        await check(page, `${viewport.name}-08-evaluator-pdf`);
        await page.goto(`${base}/evaluator/projects/${id}`);
        await preview(page, files.evidence, 'evaluator', 'image/png');
        expect(await page.locator('#attachment-preview img').evaluate((el) => (el as unknown as ImageShown).naturalWidth)).toBe(240);
        await check(page, `${viewport.name}-09-evaluator-evidence`);
        expect((await reads(r.evaluator.id)).slice(before)).toEqual([
          [files.plan, 'attachment.viewed', 'evaluator'],
          [files.evidence, 'attachment.viewed', 'evaluator'],
        ]);
      },
      TEST_MS,
    );

    it(
      `finance (${viewport.name}): follows the tranche to the project's evidence and previews it, the application's plan left out`,
      async () => {
        const page = await signIn(r.finance1, viewport);
        const before = (await reads(r.finance1.id)).length;
        await page.goto(`${base}/finance-desk`);
        await Promise.all([
          page.waitForURL(new RegExp(`/finance-desk/projects/${id}/evidence$`)),
          page.locator(`a[href="/finance-desk/projects/${id}/evidence"]`).first().click(),
        ]);
        expect(await page.locator('#attachments .file-name').allInnerTexts()).toEqual(['活动签到照片.png']);
        expect(await page.locator('#attachments-title').innerText()).toBe('报告佐证材料与支出凭证');
        await check(page, `${viewport.name}-10-finance-evidence`);
        await preview(page, files.evidence, 'finance', 'image/png');
        const shown = page.locator('#attachment-preview img');
        expect(await shown.evaluate((el) => (el as unknown as ImageShown).naturalWidth)).toBe(240);
        await check(page, `${viewport.name}-11-finance-evidence-image`);
        expect((await reads(r.finance1.id)).slice(before)).toEqual([[files.evidence, 'attachment.viewed', 'finance']]);
      },
      TEST_MS,
    );
  }
});
