import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { clearScreenshots, describeViolations, interfaceText, screenshot, SCREENSHOT_DIR, seriousViolations } from '../support/browser';
import { applicationPayload, auth, makeUser, roundPayload, TestUser } from '../support/factories';
import { waitStage } from '../support/funded-projects';
import { MarkupWatch } from '../support/html';
import { eventually } from '../support/wait';
import {
  approveRound,
  approveTranche,
  assignEvaluator,
  closePanel,
  confirmStep,
  createAndPublishRound,
  cutAward,
  downloadLedger,
  fillRoundForm,
  formPanel,
  postForm,
  publishNotice,
  requestTranche,
  RoundInput,
  StepContext,
  terminateProject,
  viewDashboard,
} from './steps/office';
import { officeCast, startOfficePortal, stopOfficePortal } from './steps/office-setup';
import type { TestPlatform } from '../support/app';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 5, the office roles' pages in Chromium: a program manager sets up and publishes a round,
 * forms the panel, closes it, cuts an award, publishes the notice and approves after the period;
 * finance officers request and approve a tranche (the same officer is refused) and download the
 * ledger; the manager assigns an evaluator, terminates a project and reads the dashboard. Axe on
 * every page, a screenshot per step, refusals and validation errors on the page, then English.
 */

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const SHOTS = 'office-';
const PASSWORD = 'Test@12345';
const RUBRIC = [
  { key: 'need', name: '需求分析', nameEn: 'Needs', weight: 20 },
  { key: 'design', name: '项目设计', nameEn: 'Design', weight: 30 },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', weight: 20 },
  { key: 'budget', name: '预算合理性', nameEn: 'Budget', weight: 30 },
];

describe('web portal: finance desk and program management', () => {
  let p: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let base: string;
  let manager: TestUser;
  let reviewer: TestUser;
  let signer: TestUser;
  let experts: TestUser[];
  let finance1: TestUser;
  let finance2: TestUser;
  let evaluator: TestUser;
  let applicants: TestUser[];
  let orgIds: string[];
  let roundId: string;
  let projectIds: string[];
  let step = 0;

  const markup = new MarkupWatch();
  /** A signed-in page of its own (own cookies), and the check every step calls on it (axe-core, html-validate). */
  async function signedIn(user: TestUser, opts: { javaScriptEnabled?: boolean } = {}): Promise<{ page: Page; ctx: StepContext }> {
    const context = await browser.newContext({ locale: 'zh-CN', acceptDownloads: true, ...opts });
    contexts.push(context);
    markup.watch(context);
    const page = await context.newPage();
    const ctx: StepContext = {
      base,
      async check(name: string) {
        step += 1;
        await screenshot(page, `${SHOTS}${String(step).padStart(2, '0')}-${name}`);
        // axe-core runs as a script in the page: a context without JavaScript gets the screenshot only.
        if (opts.javaScriptEnabled !== false) expect(describeViolations(await seriousViolations(page))).toEqual([]);
        expect(await markup.found()).toEqual([]);
      },
    };
    await page.goto(`${base}/login`);
    await page.fill('#login-username', user.username);
    await page.fill('#login-password', PASSWORD);
    await postForm(page, () => page.click('form[action="/login"] button[type="submit"]'));
    expect(page.url()).toBe(`${base}/workspace`);
    return { page, ctx };
  }

  const roundStatus = async () => (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status;
  const main = (page: Page) => page.locator('main').innerText();

  let mgr: { page: Page; ctx: StepContext };

  beforeAll(async () => {
    clearScreenshots(SHOTS);
    ({ p, base, browser } = await startOfficePortal('15000'));
    ({ manager, reviewer, signer, finance1, finance2, applicants, orgIds } = await officeCast(p));
    evaluator = await makeUser(p, 'EVALUATOR');
    experts = [await makeUser(p, 'EXPERT'), await makeUser(p, 'EXPERT')];
    mgr = await signedIn(manager);
  });

  afterAll(async () => {
    await stopOfficePortal(p, browser, contexts);
  });

  it('links the workspace to the office pages and keeps them to their roles and region', async () => {
    await mgr.page.goto(`${base}/workspace`);
    for (const href of ['/manage/rounds', '/manage/dashboard']) expect(await mgr.page.locator(`main a[href="${href}"]`).count()).toBe(1);
    await mgr.ctx.check('workspace-manager');

    const noSession = await fetch(`${base}/finance-desk/ledger.xlsx`, { redirect: 'manual' });
    expect(noSession.status).toBe(303);
    expect(noSession.headers.get('location')).toBe('/login?next=%2Ffinance-desk%2Fledger.xlsx');

    // A draft of this region, and a manager of another province who must not find it.
    const draft = await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload()).expect(201);
    const foreign = await signedIn(await makeUser(p, 'PROGRAM_MANAGER', { regionCode: '110000' }));
    const res = await foreign.page.goto(`${base}/manage/rounds/${draft.body.id}`);
    expect(res?.status()).toBe(404);
    expect(await foreign.page.locator('h1').innerText()).toBe('页面不存在');
    await foreign.ctx.check('foreign-round-not-found');
    const fin = await signedIn(finance1);
    expect((await fin.page.goto(`${base}/manage/rounds`))?.status()).toBe(403);
    await fin.ctx.check('finance-not-manager');
  });

  it('names each wrong field of the round form, keeps what was typed, and works without JavaScript', async () => {
    const { page, ctx } = mgr;
    const now = Date.now();
    const input: RoundInput = {
      name: '',
      categories: ['为老', '为小'],
      budgetPool: '5000000.00',
      projectCeiling: '150000.00',
      opensAt: new Date(now + 3600e3),
      closesAt: new Date(now + 7200e3),
      rubric: RUBRIC.map((c) => ({ ...c, weight: c.key === 'budget' ? 20 : c.weight })),
    };
    await page.goto(`${base}/manage/rounds/new`);
    await fillRoundForm(page, input);
    await postForm(page, () => page.click('[data-save]'));
    expect(await page.locator('#round-name-error').innerText()).toContain('轮次名称至少需要 2 个字');
    expect(await page.getAttribute('#round-name', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#round-budgetPool')).toBe('5000000.00');
    await ctx.check('round-form-name-missing');

    // The DTO passes; the shared round rules refuse the weights, named at the rubric.
    await page.fill('#round-name', '权重不足的轮次');
    await postForm(page, () => page.click('[data-save]'));
    expect(await page.locator('#round-rubric').innerText()).toContain('评分标准各项权重之和应为100，当前为 90');
    expect(await page.locator('.error-summary a[href="#round-rubric"]').count()).toBe(1);
    await ctx.check('round-form-weights');

    // Without JavaScript, "add a criterion" posts the form and comes back with one more row.
    const plain = await signedIn(manager, { javaScriptEnabled: false });
    await plain.page.goto(`${base}/manage/rounds/new`);
    const rows = await plain.page.locator('#round-rubric [data-row]').count();
    await plain.page.fill('#round-name', '无脚本填写的轮次');
    await postForm(plain.page, () => plain.page.click('#round-rubric [data-add-row]'));
    expect(await plain.page.locator('#round-rubric [data-row]').count()).toBe(rows + 1);
    expect(await plain.page.inputValue('#round-name')).toBe('无脚本填写的轮次');
    await plain.ctx.check('round-form-no-js-row');
  });

  it('edits a draft, and shows the refusal to publish a window already past', async () => {
    const { page, ctx } = mgr;
    const past = roundPayload({
      opensAt: new Date(Date.now() - 7200e3).toISOString(),
      closesAt: new Date(Date.now() - 3600e3).toISOString(),
    });
    const draft = (await p.http.post('/api/rounds').set(auth(manager)).send(past).expect(201)).body.id as string;
    await page.goto(`${base}/manage/rounds/${draft}/edit`);
    await ctx.check('round-edit');
    await page.fill('#round-name', '修改后的草稿轮次');
    await postForm(page, () => page.click('[data-save]'));
    expect(await page.locator('h1').innerText()).toBe('修改后的草稿轮次');
    await ctx.check('round-updated');
    await confirmStep(page, ctx, 'round-publish-past', () => page.click(`form[action="/manage/rounds/${draft}/publish"] button`));
    expect(await page.locator('#refusal').innerText()).toContain('申报截止时间已过，不能发布');
    await ctx.check('round-publish-refused');
    expect((await p.prisma.round.findUniqueOrThrow({ where: { id: draft } })).status).toBe('DRAFT');
  });

  it('sets up and publishes a round, forms the panel, closes it and cuts an award', async () => {
    const { page, ctx } = mgr;
    const now = Date.now();
    ({ roundId } = await createAndPublishRound(page, ctx, {
      name: `浏览器测试公益创投${now.toString(36)}`,
      categories: ['为老', '为小', '助残'],
      budgetPool: '5000000.00',
      projectCeiling: '150000.00',
      opensAt: new Date(now + 2000),
      closesAt: new Date(now + 40000),
      minYearsRegistered: 2,
      minRating: '3A',
      rubric: RUBRIC,
      tranchePlan: [
        { stage: 'AGREEMENT_SIGNED', percent: 50, label: '签订协议后' },
        { stage: 'MIDTERM_PASSED', percent: 40 },
        { stage: 'CLOSEOUT', percent: 10 },
      ],
      expertsPerApplication: 1,
      passMark: 60,
      noticeWorkingDays: 5,
      periodicReports: 3,
    }));
    expect((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).expertsPerApplication).toBe(1);

    // Applications come from the applicants' own pages in the story; here through the API.
    projectIds = [];
    for (const [k, a] of applicants.entries()) {
      projectIds.push(
        (
          await p.http
            .post('/api/applications')
            .set(auth(a))
            .send(applicationPayload(roundId, orgIds[k], '100000.00'))
            .expect(201)
        ).body.id,
      );
    }
    await eventually(async () => ((await roundStatus()) === 'OPEN' ? true : undefined), { label: 'round OPEN' });
    for (const [k, id] of projectIds.entries()) {
      await p.http.post(`/api/applications/${id}/submit`).set(auth(applicants[k])).expect(200);
      await p.http.post(`/api/applications/${id}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' }).expect(200);
    }
    await eventually(async () => ((await roundStatus()) === 'CLOSED' ? true : undefined), { label: 'round CLOSED', timeoutMs: 60000 });

    // A panel without experts is refused by FormPanelDto, on the page.
    await page.goto(`${base}/manage/rounds/${roundId}/panel`);
    await postForm(page, () => page.click(`form[action="/manage/rounds/${roundId}/panel"] button[type="submit"]`));
    expect(await page.locator('#panel-expertIds').innerText()).toContain('评审专家至少需要 1 项');
    await ctx.check('panel-none-chosen');

    await formPanel(page, ctx, roundId, [experts[0].id]);
    expect(await main(page)).toContain('待评分');
    for (const id of projectIds) {
      await p.http
        .post(`/api/assignments/${id}/scores`)
        .set(auth(experts[0]))
        .send({ scores: { need: 18, design: 27, feasibility: 18, budget: 27 } })
        .expect(200);
    }
    await closePanel(page, ctx, roundId);
    expect(await page.getAttribute('[data-round-status]', 'data-round-status')).toBe('RANKED');

    // No reason → the DTO's rule; more than requested → the workflow's; both beside their field.
    await page.selectOption('#award-applicationId', projectIds[0]);
    await page.fill('#award-amount', '80000.00');
    await postForm(page, () => page.click(`form[action="/manage/rounds/${roundId}/awards"] button`));
    expect(await page.locator('#award-reason-error').innerText()).toContain('理由至少需要 2 个字');
    expect(await page.inputValue('#award-amount')).toBe('80000.00');
    await ctx.check('award-reason-missing');
    await page.fill('#award-amount', '200000.00');
    await page.fill('#award-reason', '按评审意见调整');
    await postForm(page, () => page.click(`form[action="/manage/rounds/${roundId}/awards"] button`));
    expect(await page.locator('#award-amount-error').innerText()).toContain('调整后的金额不能高于申请金额');
    await ctx.check('award-above-requested');

    const { award } = await cutAward(page, ctx, {
      roundId,
      applicationId: projectIds[0],
      amount: '80000.00',
      reason: '预算中活动费用测算偏高，按评审意见调减。',
    });
    expect(award).toBe('80000.00');
    expect(await page.getAttribute('[data-allocated]', 'data-allocated')).toBe('180000.00');
  }, 180000);

  it('publishes the notice, shows the refusal to approve during the period, then approves', async () => {
    const { page, ctx } = mgr;
    await publishNotice(page, ctx, roundId);
    const early = await approveRound(page, ctx, roundId);
    expect(early.approved).toBe(false);
    expect(early.refusal).toContain('期满前不能确定立项');
    expect(early.refusal).toContain('当前状态：公示中');
    expect(await page.content()).not.toMatch(/at \w+ \(|\.ts:\d+/);
    const later = await approveRound(page, ctx, roundId, { retryForMs: 60000 });
    expect(later.approved).toBe(true);
    expect(await roundStatus()).toBe('FINALIZED');

    // Agreements are signed on the applicants' and reviewers' pages in the story.
    for (const [k, id] of projectIds.entries()) {
      await waitStage(p, id, 'APPROVED');
      await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(applicants[k])).expect(200);
      await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(signer)).expect(200);
    }
    for (const id of projectIds) await waitStage(p, id, 'IMPLEMENTATION');
  }, 120000);

  it('requests a tranche, refuses its approval by the same officer, pays it with another and exports the ledger', async () => {
    const f1 = await signedIn(finance1);
    expect(await f1.page.locator('main a[href="/finance-desk"]').count()).toBe(1);
    await requestTranche(f1.page, f1.ctx, { projectId: projectIds[0], seq: 1 });
    const own = await approveTranche(f1.page, f1.ctx, { projectId: projectIds[0], seq: 1 });
    expect(own.paid).toBe(false);
    expect(own.refusal).toContain('申请人与审批人不能为同一人');

    const f2 = await signedIn(finance2);
    expect(await approveTranche(f2.page, f2.ctx, { projectId: projectIds[0], seq: 1 })).toEqual({ paid: true });
    await f2.page.goto(`${base}/finance-desk?status=PAID`);
    expect(await f2.page.locator(`tr[data-project="${projectIds[0]}"][data-seq="1"]`).innerText()).toContain('40,000.00 元');
    await f2.ctx.check('finance-paid-queue');

    mkdirSync(join(SCREENSHOT_DIR, '..'), { recursive: true });
    const ledger = await downloadLedger(f2.page, f2.ctx, join(SCREENSHOT_DIR, '..', 'office-ledger.xlsx'), { roundId });
    expect(ledger.filename).toBe('资金拨付台账.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(ledger.path);
    const sheet = workbook.getWorksheet('资金拨付台账')!;
    const rows = [4, 5, 6, 7, 8, 9].map((r) => (sheet.getRow(r).values as unknown[]).slice(1));
    expect(rows.filter((r) => r[9] === '已拨付')).toHaveLength(1);
    expect(rows.map((r) => r[8]).filter((x) => typeof x === 'number')).toHaveLength(6);
  }, 120000);

  it('assigns an evaluator, terminates a project with its reason and shows the dashboard', async () => {
    const { page, ctx } = mgr;
    await page.goto(`${base}/manage/rounds/${roundId}/projects`);
    expect(await page.locator(`a[href="/manage/projects/${projectIds[0]}"]`).count()).toBe(1);
    await ctx.check('round-projects');

    await page.goto(`${base}/manage/projects/${projectIds[0]}`);
    await postForm(page, () => page.click(`form[action="/manage/projects/${projectIds[0]}/evaluator"] button`));
    expect(await page.locator('#evaluator-evaluatorId-error').innerText()).toContain('请选择评估人员');
    await ctx.check('evaluator-not-chosen');
    await assignEvaluator(page, ctx, projectIds[0], evaluator.id);
    expect(await page.locator('[data-evaluator]').innerText()).toContain('测试EVALUATOR');

    await page.goto(`${base}/manage/projects/${projectIds[1]}`);
    await postForm(page, () => page.click(`form[action="/manage/projects/${projectIds[1]}/terminate"] button`));
    expect(await page.locator('#terminate-reason-error').innerText()).toContain('理由至少需要 2 个字');
    await ctx.check('terminate-no-reason');
    await terminateProject(page, ctx, projectIds[1], '承接单位主要负责人变更，无法继续履行协议约定的服务内容。');
    expect(await page.getAttribute('[data-project-stage]', 'data-project-stage')).toBe('TERMINATED');

    const figures = await viewDashboard(page, ctx, roundId);
    expect(figures).toEqual({ committed: '180000.00', paid: '40000.00' });
    // Each chart is drawn twice, wide and stacked for phones; at desktop width only the wide one shows.
    expect(await page.locator('svg[role="img"]:visible').count()).toBe(4);
    expect(await page.locator('svg.office-chart__wide[role="img"]:visible').count()).toBe(4);
    expect(await main(page)).toContain('已终止');
  });

  it('speaks English on every office page after the switch, user content aside', async () => {
    const { page, ctx } = mgr;
    await page.goto(`${base}/manage/rounds`);
    await postForm(page, () => page.click('a[hreflang="en"]'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const pages = [
      '/manage/rounds',
      '/manage/rounds/new',
      `/manage/rounds/${roundId}`,
      `/manage/rounds/${roundId}/panel`,
      `/manage/rounds/${roundId}/ranking`,
      `/manage/rounds/${roundId}/projects`,
      `/manage/projects/${projectIds[0]}`,
      `/manage/projects/${projectIds[1]}`,
      '/manage/dashboard',
    ];
    for (const path of pages) {
      await page.goto(`${base}${path}`);
      expect([path, (await interfaceText(page)).match(CJK) ?? []]).toEqual([path, []]);
      await ctx.check(`en${path.replace(/[0-9a-f-]{36}/g, 'id').replace(/\//g, '-')}`);
    }
    expect(await page.locator('h1').first().innerText()).toBe('Dashboard');

    // A refusal in English: approving a round that is already final.
    await page.goto(`${base}/manage/rounds/${roundId}/ranking`);
    const token = await page.inputValue('input[name="_csrf"]');
    const res = await page.request.post(`${base}/manage/rounds/${roundId}/approve`, { form: { _csrf: token } });
    expect(res.status()).toBe(409);
    const html = await res.text();
    expect(html).toContain('Current status: Results final');
    expect(html).not.toMatch(/at \w+ \(|\.ts:\d+/);

    const f = await signedIn(finance2);
    await postForm(f.page, () => f.page.click('a[hreflang="en"]'));
    await f.page.goto(`${base}/finance-desk`);
    expect((await interfaceText(f.page)).match(CJK) ?? []).toEqual([]);
    expect(await f.page.locator('h1').innerText()).toBe('Tranche releases');
    await f.ctx.check('en-finance-desk');
  }, 120000);
  it('pages a round of a thousand applications on the server: the ranking and the project list', async () => {
    const { page, ctx } = mgr;
    // A thousand more scored applications in this round, copied from one of its own in SQL:
    // not funded, no workflow, so nothing but these lists sees them.
    const CLONES = 1000;
    await p.prisma.$executeRawUnsafe(
      `INSERT INTO "Application"
       SELECT (jsonb_populate_record(NULL::"Application", to_jsonb(a) || jsonb_build_object(
         'id', gen_random_uuid(), 'workflowId', NULL, 'title', '分页测试项目' || g, 'rank', 1000 + g, 'award', NULL, 'stage', 'NOT_FUNDED'))).*
       FROM "Application" a, generate_series(1, ${CLONES}) AS g WHERE a.id = $1::uuid`,
      projectIds[0],
    );
    try {
      const ranked = await p.prisma.application.count({ where: { roundId, finalScore: { not: null } } });
      expect(ranked).toBeGreaterThan(CLONES);
      const pages = Math.ceil(ranked / 20);
      await page.goto(`${base}/manage/rounds/${roundId}/ranking`);
      expect(await page.locator('table[aria-labelledby="ranking-title"] tbody tr').count()).toBe(20);
      expect(await page.locator('nav.pager a[rel="next"]').getAttribute('href')).toBe(`/manage/rounds/${roundId}/ranking?page=2`);
      await ctx.check('ranking-page-1-of-many');
      await page.goto(`${base}/manage/rounds/${roundId}/ranking?page=${pages}`);
      expect(await page.locator('table[aria-labelledby="ranking-title"] tbody tr').count()).toBe(ranked - (pages - 1) * 20);
      expect(await page.locator('nav.pager a[rel="next"]').count()).toBe(0);
      expect(await page.locator('tbody tr').last().innerText()).toContain(`分页测试项目${CLONES}`);
      await ctx.check('ranking-last-page');

      await page.goto(`${base}/manage/rounds/${roundId}/projects`);
      expect(await page.locator('tbody tr').count()).toBeLessThanOrEqual(20);
      expect(await page.locator('nav.pager a[rel="next"]').count()).toBe(1);
      await ctx.check('round-projects-many');
    } finally {
      await p.prisma.application.deleteMany({ where: { roundId, title: { startsWith: '分页测试项目' } } });
    }
  }, 120000);
});
