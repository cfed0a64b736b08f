import { shutDown, startPlatform, TestPlatform } from '../../support/app';
import { describeViolations, interfaceText, launchBrowser, screenshot, seriousViolations } from '../../support/browser';
import { freshCreditCode, makeUser, TestUser } from '../../support/factories';
import { MarkupWatch } from '../../support/html';
import { eventually } from '../../support/wait';
import * as applicant from './applicant';
import * as office from './office';
import * as review from './review';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * One project's whole life through the portal's pages — the organization registers, applies, is
 * checked, scored, noticed, signs, is paid, reports, is evaluated both ways and receives its
 * certificate — each step by the right person in a browser session of their own. Every page
 * gets a screenshot, axe-core and html-validate; in English no Chinese may remain in the
 * interface; at phone width the page may not scroll sideways. Run by the lifecycle-story test
 * files at desktop and phone width.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
// The round's rubric, as the manager enters it on the set-up form; the expert scores against it.
const RUBRIC = [
  { key: 'need', name: '需求分析', nameEn: 'Needs', weight: 20 },
  { key: 'design', name: '项目设计', nameEn: 'Design', weight: 30 },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', weight: 20 },
  { key: 'budget', name: '预算合理性', nameEn: 'Budget', weight: 30 },
];

export interface StoryOptions {
  lang: 'zh-CN' | 'en';
  /** The browser window; desktop when left out. */
  viewport?: { width: number; height: number };
  /** Screenshot file names start with this. */
  shots: string;
}

export interface StoryFindings {
  /** axe-core serious or critical violations, by step. */
  violations: string[];
  /** Chinese text left in the English interface, by step. */
  untranslated: string[];
  /** Steps whose page scrolls sideways (phone width only). */
  overflowing: string[];
  /** html-validate findings on the HTML the server sent. */
  markup: string[];
  steps: number;
}

/** The notice period and term the story's timers run on: set before the platform starts. */
export const STORY_ENV = { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: String(10 * 60 * 1000) };

/** What a story file runs on: one platform listening for Chromium, with STORY_ENV's timers, and one browser. */
export interface StoryStage {
  p: TestPlatform;
  browser: Browser;
}

/** Registers the file's beforeAll and afterAll that start and stop its StoryStage. */
export function storyStage(): StoryStage {
  const stage = {} as StoryStage;
  beforeAll(async () => {
    // A notice period of seconds and a term of minutes: the story waits for real timers.
    Object.assign(process.env, STORY_ENV);
    stage.p = await startPlatform({ listen: true });
    stage.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await shutDown(stage.p);
    for (const name of Object.keys(STORY_ENV)) delete process.env[name];
  });
  return stage;
}

export async function runLifecycleStory(p: TestPlatform, browser: Browser, options: StoryOptions): Promise<StoryFindings> {
  const { lang, viewport, shots } = options;
  const contexts: BrowserContext[] = [];
  const findings: StoryFindings = { violations: [], untranslated: [], overflowing: [], markup: [], steps: 0 };
  const markup = new MarkupWatch();

  /** A browser session of its own for a person, signed in through the login form. */
  async function session(
    user: TestUser,
  ): Promise<{ page: Page; check: (name: string) => Promise<void>; ctx: { base: string; check: (name: string) => Promise<void> } }> {
    // No bypassCSP: axe-core is evaluated through DevTools, so every page runs under its real CSP.
    const context = await browser.newContext({ locale: lang, ...(viewport && { viewport, isMobile: true, hasTouch: true }) });
    contexts.push(context);
    markup.watch(context);
    if (lang === 'en') await context.addCookies([{ name: 'lang', value: 'en', url: p.baseUrl! }]);
    const page = await context.newPage();
    const check = async (name: string) => {
      findings.steps += 1;
      const label = `${String(findings.steps).padStart(3, '0')}-${user.role.toLowerCase()}-${name}`;
      await screenshot(page, `${shots}${label}`);
      findings.violations.push(...describeViolations(await seriousViolations(page)).map((v) => `${label}: ${v}`));
      // Stored documents (agreement, certificate…) are Chinese official papers by design.
      if (lang === 'en' && !new URL(page.url()).pathname.startsWith('/documents/')) {
        const found = (await interfaceText(page)).match(CJK);
        if (found) findings.untranslated.push(`${label} (${page.url()}): ${[...new Set(found)].join('')}`);
      }
      if (viewport) {
        const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as number[];
        if (scrollWidth > innerWidth) findings.overflowing.push(`${label} (${page.url()}): ${scrollWidth} px in ${innerWidth}`);
      }
    };
    await page.goto(`${p.baseUrl}/login`);
    await check('login');
    await page.fill('#login-username', user.username);
    await page.fill('#login-password', 'Test@12345');
    await Promise.all([page.waitForURL(/\/workspace/), page.locator('form[action="/login"] [type="submit"]').click()]);
    await check('workspace');
    return { page, check, ctx: { base: p.baseUrl!, check } };
  }

  const stageOf = async (id: string) => (await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage;
  const waitStage = (id: string, stage: string) =>
    eventually(async () => ((await stageOf(id)) === stage ? true : undefined), {
      label: `project → ${stage}`,
      timeoutMs: 60000,
      intervalMs: 300,
    });

  try {
    const [managerUser, reviewerUser, expertUser, finance1User, finance2User, evaluatorUser, applicantUser] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'EXPERT'),
      makeUser(p, 'FINANCE'),
      makeUser(p, 'FINANCE'),
      makeUser(p, 'EVALUATOR'),
      makeUser(p, 'APPLICANT'),
    ]);
    const manager = await session(managerUser);
    const reviewer = await session(reviewerUser);
    const expert = await session(expertUser);
    const finance1 = await session(finance1User);
    const finance2 = await session(finance2User);
    const evaluator = await session(evaluatorUser);
    const org = await session(applicantUser);

    // 1. The organization registers (社会组织登记信息).
    const creditCode = freshCreditCode();
    const { organizationId } = await applicant.registerOrganization(
      org.page,
      {
        name: `阳光社会工作服务中心${Date.now().toString(36)}`,
        creditCode,
        regionCode: '330106',
        registeredAt: '2019-05-20',
        rating: '4A',
        contactName: '张敏',
        contactPhone: '13800001111',
        contactEmail: 'zhangmin@example.org',
        address: '杭州市西湖区文三路100号',
      },
      org.check,
    );
    // 登记信息核验: the declared facts count once a reviewer of the region verifies them against the certificate.
    const declared = (
      await p.http.get(`/api/organizations/${organizationId}`).set('Authorization', `Bearer ${reviewerUser.token}`).expect(200)
    ).body;
    await p.http
      .post(`/api/organizations/${organizationId}/verifications`)
      .set('Authorization', `Bearer ${reviewerUser.token}`)
      .send({
        version: declared.version,
        result: 'VERIFIED',
        evidenceRef: 'ATT-登记证书',
        reason: '与登记证书一致',
        creditCode,
        name: declared.name,
        legalRepresentative: '张敏',
        registeredAt: '2019-05-20',
        registrationAuthority: '杭州市西湖区民政局',
        regionCode: '330106',
        rating: '4A',
        ratingValidUntil: `${new Date().getUTCFullYear() + 3}-12-31`,
        annualInspection: '合格',
      })
      .expect(201);

    // 2. The program manager publishes a round; its window opens in seconds.
    const now = Date.now();
    const { roundId } = await office.createAndPublishRound(manager.page, manager.ctx, {
      name: `2027年社区为老服务公益创投${now.toString(36)}`,
      categories: ['为老', '助残'],
      budgetPool: '1000000.00',
      projectCeiling: '200000.00',
      opensAt: new Date(now + 3000),
      // Long enough for the organization to fill in its application on a busy machine; the story then waits for the close.
      closesAt: new Date(now + 120000),
      expertsPerApplication: 1,
      periodicReports: 1,
      minYearsRegistered: 2,
      minRating: '3A',
      rubric: RUBRIC,
    });
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      { label: 'round OPEN', timeoutMs: 30000 },
    );

    // 3. Online application with budget lines, indicators, a milestone and an attachment.
    const { applicationId: id } = await applicant.createAndSubmitApplication(
      org.page,
      applicant.sampleApplication(organizationId, roundId, {
        title: '银龄守护——独居老人关爱服务项目',
        summary: '为社区独居、空巢老人提供定期探访、健康讲座和互助小组服务，建立社区支持网络。',
        requestedAmount: '150000.00',
        budgetLines: [
          { type: 'PERSONNEL', description: '社工人员补贴', amount: '70000.00' },
          { type: 'ACTIVITY', description: '探访与小组活动', amount: '65000.00' },
          { type: 'MANAGEMENT', description: '项目管理费', amount: '15000.00' },
        ],
        attachment: applicant.samplePdf('IMPLEMENTATION_PLAN', '实施方案.pdf'),
      }),
      org.check,
    );

    // 4. 资格审查 by the reviewer.
    await review.passEligibility(reviewer.page, reviewer.ctx, { applicationId: id, search: '银龄守护' });
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'CLOSED' ? true : undefined),
      { label: 'round CLOSED', timeoutMs: 120000, intervalMs: 1000 },
    );

    // 5. Panel, scoring, ranking, notice (公示) and approval.
    await office.formPanel(manager.page, manager.ctx, roundId, [expertUser.id]);
    await review.scoreApplication(expert.page, expert.ctx, {
      applicationId: id,
      scores: { need: 18, design: 27, feasibility: 17, budget: 26 },
      comments: { design: '服务设计完整' },
    });
    await office.closePanel(manager.page, manager.ctx, roundId);
    await office.publishNotice(manager.page, manager.ctx, roundId);
    const approval = await office.approveRound(manager.page, manager.ctx, roundId, { retryForMs: 60000 });
    expect(approval.approved).toBe(true);
    await waitStage(id, 'APPROVED');

    // 6. The agreement, signed by both sides.
    await applicant.openDocument(org.page, id, 'AGREEMENT', org.check);
    await applicant.signAgreement(org.page, id, org.check);
    await review.signAgreementAsReviewer(reviewer.page, reviewer.ctx, { applicationId: id });
    await waitStage(id, 'IMPLEMENTATION');

    // 7. First tranche: requested by one finance officer, approved (paid) by another.
    await office.requestTranche(finance1.page, finance1.ctx, { projectId: id, seq: 1 });
    expect((await office.approveTranche(finance2.page, finance2.ctx, { projectId: id, seq: 1 })).paid).toBe(true);

    // 8. Reports, the mid-term evaluation and the second tranche.
    // Cumulative spending as a share (percent) of each budget line, in whole cents.
    const yuan = (cents: number) => `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
    const report = (seq: number, share: number) => ({
      seq,
      achieved: [Math.round(12 * share), Math.round(0.24 * share)],
      spent: [7000000, 6500000, 1500000].map((cents) => yuan(Math.floor((cents * share) / 100))),
      narrative: '本期按计划开展入户探访和小组活动，服务对象反馈良好，详见佐证材料。',
    });
    // Every report of the plan in order; the mid-term report is followed by the mid-term evaluation and the second tranche.
    const evidence = applicant.samplePdf('REPORT_EVIDENCE', '活动签到表.pdf');
    const reports = await p.prisma.report.findMany({ where: { applicationId: id }, orderBy: { seq: 'asc' } });
    expect(reports.map((r) => r.kind)).toEqual(expect.arrayContaining(['MIDTERM', 'FINAL']));
    for (const r of reports) {
      const share = r.kind === 'FINAL' ? 92 : 20 + 25 * r.seq;
      await applicant.submitReport(org.page, id, { ...report(r.seq, share), ...(r.seq === 1 && { evidence }) }, org.check);
      await review.acceptReport(reviewer.page, reviewer.ctx, { applicationId: id, seq: r.seq });
      if (r.kind === 'MIDTERM') {
        await office.assignEvaluator(manager.page, manager.ctx, id, evaluatorUser.id);
        await review.fileMidtermEvaluation(evaluator.page, evaluator.ctx, {
          applicationId: id,
          scores: { completion: 34, quality: 21, satisfaction: 17, finance: 13 },
          summary: '进度符合协议，服务质量良好',
        });
        await office.requestTranche(finance2.page, finance2.ctx, { projectId: id, seq: 2 });
        expect((await office.approveTranche(finance1.page, finance1.ctx, { projectId: id, seq: 2 })).paid).toBe(true);
      }
    }
    await waitStage(id, 'FINAL_EVALUATION');
    await review.fileGovEvaluation(reviewer.page, reviewer.ctx, {
      applicationId: id,
      scores: { completion: 45, quality: 26, fundUse: 18 },
      summary: '委托事项全部完成',
    });
    await applicant.fileOrgEvaluation(
      org.page,
      id,
      { scores: { timelyPayment: 36, support: 27, noExtraTasks: 28 }, summary: '拨付及时，指导到位' },
      org.check,
    );
    await review.fileFinalEvaluation(evaluator.page, evaluator.ctx, {
      applicationId: id,
      scores: { completion: 38, quality: 23, satisfaction: 19, finance: 14 },
      summary: '成效显著',
    });

    // 10. The final tranche, closeout, the certificate and the credit record.
    await waitStage(id, 'CLOSING');
    await office.requestTranche(finance1.page, finance1.ctx, { projectId: id, seq: 3 });
    expect((await office.approveTranche(finance2.page, finance2.ctx, { projectId: id, seq: 3 })).paid).toBe(true);
    await waitStage(id, 'CLOSED');
    await applicant.openDocument(org.page, id, 'CLOSEOUT_CERTIFICATE', org.check);
    // The reviewer's page of the project holds everything, its documents included.
    await reviewer.page.goto(`${p.baseUrl}/reviewer/projects/${id}`);
    await reviewer.check('project-closed');
    await Promise.all([
      reviewer.page.waitForURL(/\/documents\/[0-9a-f-]{36}\/view$/),
      // The last document read in the page (beside each, a link downloads its PDF).
      reviewer.page.locator('#documents a[href^="/documents/"][href$="/view"]').last().click(),
    ]);
    await reviewer.check('document');
    const dashboard = await office.viewDashboard(manager.page, manager.ctx, roundId);
    expect(dashboard.paid).toBe(dashboard.committed);

    // The record of what happened, written by the workflows behind the pages.
    const payments = await p.prisma.payment.findMany({ where: { applicationId: id } });
    expect(payments).toHaveLength(3);
    const award = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).award!;
    expect(payments.reduce((s, x) => s.plus(x.amount), award.minus(award)).toFixed(2)).toBe(award.toFixed(2));
    expect(await p.prisma.creditRecord.findUniqueOrThrow({ where: { applicationId: id } })).toMatchObject({ grade: 'EXCELLENT' });
    const trail = (await p.prisma.auditEntry.findMany({ where: { entityId: id, toState: { not: null } }, orderBy: { id: 'asc' } })).map(
      (e) => e.toState,
    );
    expect(trail).toEqual(
      expect.arrayContaining([
        'ELIGIBILITY_REVIEW',
        'ELIGIBLE',
        'EXPERT_REVIEW',
        'PUBLIC_NOTICE',
        'APPROVED',
        'AGREEMENT_SIGNED',
        'IMPLEMENTATION',
        'FINAL_EVALUATION',
        'CLOSING',
        'CLOSED',
      ]),
    );
    findings.markup = await markup.found();
    return findings;
  } finally {
    for (const c of contexts) await c.close();
  }
}
