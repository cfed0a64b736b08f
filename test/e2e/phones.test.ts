import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { describeViolations, screenshot, seriousViolations } from '../support/browser';
import { applicationPayload, auth, makeUser, roundPayload, TestUser } from '../support/factories';
import { FundedProjects, fundedProjects } from '../support/funded-projects';
import { PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import type { Page } from 'playwright-core';

/**
 * Issue 16 point 2, phones: every role signs in and walks its main pages at 390×844 and at
 * 320×640. On each page the document does not scroll sideways, no table or other region inside
 * it scrolls sideways either (list tables become stacked cards), axe-core finds nothing serious
 * or critical and the markup is valid; the dashboard's chart labels stay at 12 px or more.
 * One funded round (two projects) and a second open round with a submitted application give
 * the lists rows to show.
 */

const SHOTS = 'phones-';
const SIZES = [
  { width: 390, height: 844 },
  { width: 320, height: 640 },
];
// Two widths, axe-core and a screenshot on every page: slow on a busy two-core machine.
const TEST_MS = 180_000;
const ENV = { PSP_NOTICE_PERIOD_MS: '2000', PSP_TERM_MS: '600000' };

interface PageVisit {
  path: string;
  /** The page lists rows in a table with column headers: they must show as stacked cards. */
  list?: boolean;
}

/** What the page looks like sideways, measured in the page. */
interface Layout {
  scrollWidth: number;
  innerWidth: number;
  /** Elements inside the page that scroll sideways (a scrollable region). */
  scrolling: string[];
  /** Cells of list tables narrower than the card they sit in (a column squeezed, not stacked). */
  squeezed: string[];
  listTables: number;
}

// Page-side code is passed as text: the project's TypeScript has no DOM types (see browser.ts).
const MEASURE = `(() => {
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + [...el.classList].map((c) => '.' + c).join('');
  const scrolling = [...document.querySelectorAll('main *')]
    .filter((el) => {
      const ox = getComputedStyle(el).overflowX;
      return (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1;
    })
    .map(describe);
  const tables = [...document.querySelectorAll('main table')].filter((t) => t.querySelector('thead'));
  const squeezed = [];
  for (const table of tables) {
    for (const row of table.querySelectorAll('tbody tr')) {
      const rowWidth = row.getBoundingClientRect().width;
      for (const cell of row.children) {
        if (cell.getClientRects().length === 0) continue; // an empty cell left out of its card
        const w = cell.getBoundingClientRect().width;
        if (w < rowWidth * 0.8) squeezed.push(describe(cell) + ' ' + Math.round(w) + '/' + Math.round(rowWidth) + 'px: ' + (cell.textContent || '').trim().slice(0, 30));
      }
    }
  }
  return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, scrolling, squeezed, listTables: tables.length };
})()`;
const measure = (page: Page): Promise<Layout> => page.evaluate(MEASURE);

/** The rendered size (CSS pixels on the screen) of each visible bar-chart text: font size times the SVG's scale. */
const chartTextSizes = (page: Page): Promise<number[]> =>
  page.evaluate(`[...document.querySelectorAll('.office-chart text')]
    .filter((t) => t.getClientRects().length > 0)
    .map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM() ? t.getScreenCTM().a : 0))`);

describe('web portal on phones (390 and 320 pixels wide)', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let f: FundedProjects;
  let admin: TestUser;
  let openAppId: string;
  let draftId: string;
  let openRoundId: string;

  const signIn = (user: TestUser): Promise<Page> => pages.signedIn(user, { viewport: SIZES[0], hasTouch: true });

  /** Each page at each width: no sideways scrolling, list tables stacked, axe and markup clean, a screenshot. */
  async function walk(role: string, user: TestUser, visits: PageVisit[]): Promise<Page> {
    const page = await signIn(user);
    for (const size of SIZES) {
      await page.setViewportSize(size);
      for (const visit of visits) {
        const res = await page.goto(`${base}${visit.path}`);
        const where = `${role} ${visit.path} at ${size.width}px`;
        expect(`${where}: ${res?.status()}`).toBe(`${where}: 200`);
        await screenshot(page, `${SHOTS}${size.width}-${role}-${visit.path.replace(/[0-9a-f-]{36}/g, 'id')}`);
        const layout = await measure(page);
        expect({ where, scrollWidth: layout.scrollWidth, scrolling: layout.scrolling, squeezed: layout.squeezed }).toEqual({
          where,
          scrollWidth: Math.min(layout.scrollWidth, layout.innerWidth, size.width),
          scrolling: [],
          squeezed: [],
        });
        if (visit.list) expect({ where, listTables: layout.listTables > 0 }).toEqual({ where, listTables: true });
        expect({ where, axe: describeViolations(await seriousViolations(page)) }).toEqual({ where, axe: [] });
      }
    }
    expect(await pages.markup.found()).toEqual([]);
    return page;
  }

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    f = await fundedProjects(p, 2);
    admin = await makeUser(p, 'ADMIN');
    // Money in motion and an evaluator at work, so the finance desk and the evaluator's list have rows.
    await p.http.post(`/api/projects/${f.projectIds[0]}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${f.projectIds[0]}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    // A second round still open, with a submitted application waiting in the reviewer's eligibility queue.
    const now = Date.now();
    const open = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600000).toISOString() });
    openRoundId = (await p.http.post('/api/rounds').set(auth(f.manager)).send(open).expect(201)).body.id;
    await p.http.post(`/api/rounds/${openRoundId}/publish`).set(auth(f.manager)).expect(200);
    const body = applicationPayload(openRoundId, f.orgIds[1], '80000.00');
    openAppId = (await p.http.post('/api/applications').set(auth(f.applicants[1])).send(body).expect(201)).body.id;
    // The first applicant keeps a draft in it, to edit on the long application form.
    const draft = applicationPayload(openRoundId, f.orgIds[0], '60000.00');
    draftId = (await p.http.post('/api/applications').set(auth(f.applicants[0])).send(draft).expect(201)).body.id;
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: openRoundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'second round OPEN',
      },
    );
    await p.http.post(`/api/applications/${openAppId}/submit`).set(auth(f.applicants[1])).expect(200);
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  it(
    'the applicant (申报单位): organizations, rounds, applications and a funded project',
    async () => {
      await walk('applicant', f.applicants[0], [
        { path: '/' },
        { path: '/notices' },
        { path: `/notices/${f.roundId}`, list: true },
        { path: '/workspace' },
        { path: '/my/organizations', list: true },
        { path: `/my/organizations/${f.orgIds[0]}` },
        { path: '/my/rounds' },
        { path: '/my/applications', list: true },
        { path: `/my/applications/${f.projectIds[0]}` },
        { path: `/my/applications/${draftId}/edit` },
      ]);
    },
    TEST_MS,
  );

  it(
    'the reviewer (民政审核人员): queues, a decision page and a project',
    async () => {
      await walk('reviewer', f.reviewer, [
        { path: '/workspace' },
        { path: '/reviewer/eligibility', list: true },
        { path: `/reviewer/eligibility/${openAppId}` },
        { path: '/reviewer/reports' },
        { path: '/reviewer/agreements' },
        { path: '/reviewer/projects', list: true },
        { path: `/reviewer/projects/${f.projectIds[0]}` },
        { path: '/reviewer/organizations' },
        { path: '/reviewer/credit' },
      ]);
    },
    TEST_MS,
  );

  it(
    'the expert (评审专家): assignments, a scored application and ties',
    async () => {
      await walk('expert', f.expert, [
        { path: '/workspace' },
        { path: '/expert/assignments', list: true },
        { path: `/expert/assignments/${f.projectIds[0]}` },
        { path: '/expert/ties' },
      ]);
    },
    TEST_MS,
  );

  it(
    'finance (财务人员) and the administrator: the finance desk, also in English; wider than a phone, a table that scrolls is a region the keyboard reaches',
    async () => {
      // Then in English, whose column labels are longer: the cards still fit.
      const page = await walk('finance', f.finance1, [
        { path: '/workspace' },
        { path: '/finance-desk', list: true },
        { path: `/lang/en?next=${encodeURIComponent('/finance-desk')}`, list: true },
      ]);
      expect(await page.locator('h1').innerText()).toBe('Tranche releases');
      await walk('admin', admin, [{ path: '/workspace' }, { path: '/account/password' }]);

      // Just above the phone layout the desk's table is a table again, and in English its eight
      // columns do not fit: it scrolls inside its wrapper, which is then a region named after the
      // table that takes keyboard focus (axe: scrollable-region-focusable); the page does not scroll.
      await page.setViewportSize({ width: 645, height: 900 });
      await page.goto(`${base}/finance-desk`);
      const wraps = () =>
        page.evaluate(`[...document.querySelectorAll('main .table-wrap')].map((w) => ({
        scrolls: w.scrollWidth > w.clientWidth + 1,
        tabindex: w.getAttribute('tabindex'),
        role: w.getAttribute('role'),
        name: w.getAttribute('aria-label'),
      }))`);
      expect(await wraps()).toEqual([
        { scrolls: true, tabindex: '0', role: 'region', name: await page.locator('#queue-title').innerText() },
      ]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(645);
      await page.locator('main .table-wrap').focus();
      await page.keyboard.press('ArrowRight');
      await eventually(
        async () => ((await page.evaluate<number>(`document.querySelector('main .table-wrap').scrollLeft`)) > 0 ? true : undefined),
        {
          label: 'the region scrolled by the arrow key',
          timeoutMs: 5000,
        },
      );
      await screenshot(page, `${SHOTS}645-finance-desk-scrolling-region`);
      expect(describeViolations(await seriousViolations(page))).toEqual([]);
      // On the desktop the table fits: the wrapper leaves the tab order.
      await page.setViewportSize({ width: 1366, height: 768 });
      await eventually(async () => ((await page.locator('main .table-wrap[tabindex]').count()) === 0 ? true : undefined), {
        label: 'the wrapper out of the tab order once the table fits',
        timeoutMs: 5000,
      });
      expect(await wraps()).toEqual([{ scrolls: false, tabindex: null, role: null, name: null }]);
    },
    TEST_MS,
  );

  it(
    'the evaluator (评估人员): assigned projects and a project',
    async () => {
      await walk('evaluator', f.evaluator, [
        { path: '/workspace' },
        { path: '/evaluator/projects', list: true },
        { path: `/evaluator/projects/${f.projectIds[0]}` },
      ]);
    },
    TEST_MS,
  );

  it(
    'the program manager (项目管理人员): rounds, panel, ranking, projects and the dashboard with readable chart labels',
    async () => {
      const page = await walk('manager', f.manager, [
        { path: '/workspace' },
        { path: '/manage/rounds', list: true },
        { path: '/manage/rounds/new' },
        { path: `/manage/rounds/${f.roundId}` },
        { path: `/manage/rounds/${f.roundId}/panel` },
        { path: `/manage/rounds/${f.roundId}/ranking`, list: true },
        { path: `/manage/rounds/${f.roundId}/projects`, list: true },
        { path: `/manage/projects/${f.projectIds[0]}` },
        { path: '/manage/dashboard', list: true },
      ]);
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.goto(`${base}/manage/dashboard?roundId=${f.roundId}`);
        const sizes = await chartTextSizes(page);
        expect(sizes.length).toBeGreaterThanOrEqual(8);
        expect({ width: size.width, smallest: Math.min(...sizes) >= 12 }).toEqual({ width: size.width, smallest: true });
      }
    },
    TEST_MS,
  );
});
