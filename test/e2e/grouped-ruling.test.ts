// This file reads the region's objections queue: it runs in a city of its own.
process.env.PSP_TEST_CITY = '320400';

import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { makeUser, TestUser } from '../support/factories';
import { noticedRound, NoticedRound } from '../support/funded-projects';
import { fileConfirmed } from '../support/objections';
import { DESKTOP, PHONE, PortalPages } from '../support/portal-pages';
import type { Page } from 'playwright-core';

/**
 * Issue 15, finding 2 (a reviewer rules on several objections of the same substance with one
 * reasoned ruling), in the portal: on the objections queue the reviewer ticks FILED objections of
 * one project and gives one written ruling, confirmed first, as other irreversible steps are. The
 * same rules as POST /api/objections/rulings: a reason, one project, the reviewer's own region,
 * not the eligibility decider. In Chromium at 1366×768 and 390×844, with axe-core (0 serious or
 * critical), html-validate and no sideways scroll on the phone; the rulings and their audit
 * entries are read from PostgreSQL.
 */
const SHOTS = 'grouped-ruling-';
const TEST_MS = 240_000;
const ENV = { PSP_NOTICE_PERIOD_MS: String(30 * 60_000) };
const RULING = '经核查，三件异议所称人员费用测算问题系同一事由：预算按社工岗位标准测算，与服务人次相符，异议不成立。';

describe('web portal: one ruling on several objections of a project', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let r: NoticedRound;
  let ruler: TestUser;
  let elsewhere: TestUser;
  let projectA: string;
  let onA: string[];
  let onB: string;

  /** The page at desktop and at phone width: screenshot, axe-core, html-validate; on the phone nothing wider than the screen. */
  async function atBothWidths(page: Page, name: string) {
    await pages.check(page, `${name}-desktop`);
    await page.setViewportSize(PHONE);
    await pages.check(page, `${name}-phone`, { fitsWidth: true });
    await page.setViewportSize(DESKTOP);
  }

  /** Posts the page's rulings form (or the confirmation's), waiting for the page it answers with. */
  async function post(page: Page, button: string): Promise<number> {
    const [answer] = await Promise.all([
      page.waitForResponse((res) => res.request().method() === 'POST' && res.url().endsWith('/reviewer/objections/rulings')),
      page.locator(button).click(),
    ]);
    await page.waitForLoadState('load');
    return answer.status();
  }

  const fill = async (page: Page, ids: string[], ruling = RULING) => {
    for (const id of ids) await page.locator(`#rule-${id}`).check();
    await page.locator('#rulings-form input[name="decision"][value="DISMISSED"]').check();
    await page.locator('#rulings-ruling').fill(ruling);
  };

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    r = await noticedRound(p, 2);
    [ruler, elsewhere] = await Promise.all([makeUser(p, 'REVIEWER'), makeUser(p, 'REVIEWER', { regionCode: '320500' })]);
    projectA = r.applicationIds[0];
    const file = (applicationId: string, k: number) =>
      fileConfirmed(p, r.roundId, {
        applicationId,
        name: `异议人${k}`,
        contact: `1390000${String(k).padStart(4, '0')}`,
        reason: '该项目预算中人员费用测算依据不足，与申报的服务人次不符，请核查。',
      });
    onA = [];
    for (let k = 1; k <= 4; k++) onA.push(await file(projectA, k));
    onB = await file(r.applicationIds[1], 5);
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  it(
    'rules on three objections of one project at once, confirmed first: each carries the ruling and its own audit entry',
    async () => {
      const page = await pages.signedIn(ruler);
      await page.goto(`${base}/reviewer/objections`);
      expect(await page.locator('#rulings-form tbody tr').count()).toBe(5);
      await atBothWidths(page, 'queue');

      // Nothing ticked, no outcome, no ruling: every problem at once, nothing ruled.
      expect(await post(page, '#rulings-form button[type="submit"]')).toBe(400);
      const linked = await page.locator('[data-error-summary] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(linked.sort()).toEqual(['#rulings-decision', '#rulings-objectionIds', '#rulings-ruling']);
      expect(await page.locator('#rulings-objectionIds').innerText()).toContain('请至少勾选一件要处理的异议');
      await atBothWidths(page, 'queue-errors');

      // Objections of two projects: refused by the same rule as the API, with the input kept.
      await fill(page, [onA[0], onB]);
      expect(await post(page, '#rulings-form button[type="submit"]')).toBe(400);
      expect(await page.locator('#rulings-objectionIds').innerText()).toContain('一份处理意见只能针对同一项目的异议');
      expect(await page.locator(`#rule-${onA[0]}`).isChecked()).toBe(true);
      expect(await page.inputValue('#rulings-ruling')).toBe(RULING);

      // The project's objections only, three of its four ticked: the confirmation names them.
      await page.goto(`${base}/reviewer/objections`);
      await Promise.all([
        page.waitForURL(`${base}/reviewer/objections?project=${projectA}`),
        page.locator(`a[href="/reviewer/objections?project=${projectA}"]`).first().click(),
      ]);
      expect(await page.locator('#rulings-form tbody tr').count()).toBe(4);
      await fill(page, onA.slice(0, 3));
      expect(await post(page, '#rulings-form button[type="submit"]')).toBe(200);
      expect(await page.locator('#confirm-title').innerText()).toBe('确认对 3 件异议作出同一处理意见？');
      const facts = await page.locator('[data-confirm-step] .facts').innerText();
      for (const said of [r.titles[0], '异议人1、异议人2、异议人3', '异议不成立', RULING]) expect(facts).toContain(said);
      await atBothWidths(page, 'confirm');

      // Back to edit: the same ticks and words; then confirmed.
      expect(await post(page, '[data-confirm-back]')).toBe(200);
      expect(await page.locator('#rulings-form input[name="objectionIds"]:checked').count()).toBe(3);
      expect(await page.inputValue('#rulings-ruling')).toBe(RULING);
      expect(await post(page, '#rulings-form button[type="submit"]')).toBe(200);
      await Promise.all([
        page.waitForURL(`${base}/reviewer/objections?project=${projectA}&done=rulings`),
        page.locator('[data-confirm]').click(),
      ]);
      expect(await page.locator('#review-done').innerText()).toContain('已对所选异议作出同一处理意见');
      expect(await page.locator('#rulings-form tbody tr').count()).toBe(1);
      await atBothWidths(page, 'ruled');

      const objections = await p.prisma.objection.findMany({ where: { id: { in: [...onA, onB] } } });
      const byId = new Map(objections.map((o) => [o.id, o]));
      for (const id of onA.slice(0, 3)) expect(byId.get(id)).toMatchObject({ status: 'DISMISSED', ruling: RULING, ruledById: ruler.id });
      expect([byId.get(onA[3])?.status, byId.get(onB)?.status]).toEqual(['FILED', 'FILED']);
      // Filing and confirming are audited too; the rulings are the entries that leave FILED.
      const audits = await p.prisma.auditEntry.findMany({
        where: { entityType: 'Objection', entityId: { in: [...onA, onB] }, fromState: 'FILED' },
      });
      expect(audits.map((a) => a.entityId).sort()).toEqual(onA.slice(0, 3).sort());
      for (const a of audits) {
        expect(a).toMatchObject({
          action: 'objection.dismissed',
          fromState: 'FILED',
          toState: 'DISMISSED',
          actorId: ruler.id,
          actorRole: 'REVIEWER',
          reason: RULING,
          data: { applicationId: projectA, ruledTogether: 3 },
        });
      }
      expect(await p.prisma.application.findUniqueOrThrow({ where: { id: projectA } })).toMatchObject({ stage: 'PUBLIC_NOTICE' });
    },
    TEST_MS,
  );

  it(
    'refuses the reviewer who decided the eligibility (403, on the page) and a reviewer of another region (404)',
    async () => {
      const decider = await pages.signedIn(r.reviewer);
      await decider.goto(`${base}/reviewer/objections?project=${projectA}`);
      await fill(decider, [onA[3]], '经核查，异议所称问题不成立。');
      expect(await post(decider, '#rulings-form button[type="submit"]')).toBe(200);
      expect(await post(decider, '[data-confirm]')).toBe(403);
      expect(await decider.locator('#refusal').innerText()).toContain('原资格审查决定人不能处理针对该项目的异议');
      expect(await decider.inputValue('#rulings-ruling')).toBe('经核查，异议所称问题不成立。');
      await atBothWidths(decider, 'decider-refused');

      const other = await pages.signedIn(elsewhere);
      await other.goto(`${base}/reviewer/objections`);
      expect(await other.locator('.empty').innerText()).toContain('目前没有待处理的异议');
      const csrf = await other.inputValue('input[name="_csrf"] >> nth=0');
      const res = await other.request.post(`${base}/reviewer/objections/rulings`, {
        form: { _csrf: csrf, objectionIds: onA[3], decision: 'DISMISSED', ruling: '经核查，异议不成立。', confirmed: 'yes' },
      });
      expect(res.status()).toBe(404);
      expect((await p.prisma.objection.findUniqueOrThrow({ where: { id: onA[3] } })).status).toBe('FILED');
    },
    TEST_MS,
  );
});
