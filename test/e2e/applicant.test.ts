import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { clearScreenshots, describeViolations, interfaceText, launchBrowser, screenshot, seriousViolations } from '../support/browser';
import { auth, freshCreditCode, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { noticedRound, NoticedRound, waitStage } from '../support/funded-projects';
import { MarkupWatch } from '../support/html';
import { eventually } from '../support/wait';
import {
  Check,
  createAndSubmitApplication,
  createDraft,
  fileOrgEvaluation,
  go,
  openDocument,
  registerOrganization,
  requestChange,
  reviseAndResubmit,
  sampleApplication,
  samplePdf,
  signAgreement,
  submitApplication,
  submitReport,
  uploadFile,
} from './steps/applicant';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Issue 5, the applicant's workspace (申报单位) in Debian's Chromium: organization, eligible rounds,
 * the application form with its rows, version and attachments, submission and resubmission, the
 * project page with its timeline and documents, signing, reports, changes and the two-way
 * evaluation — axe-core on every page, a screenshot of every step, and one pass in English.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const SHOTS = 'applicant-';
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };
const ORG_SIDE = { completion: 45, quality: 26, fundUse: 18 };
const MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };

describe("web portal: the applicant's pages", () => {
  let p: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let page: Page;
  let base: string;
  let manager: TestUser;
  let reviewer: TestUser;
  let applicant: TestUser;
  let roundA: { id: string; name: string };
  let strictRoundName: string;
  let organizationId: string;
  let applicationId: string;
  let step = 0;

  const markup = new MarkupWatch();
  /** Every page the test sees: screenshot, then no serious or critical axe-core violation and no invalid HTML. */
  const checker =
    (on: () => Page): Check =>
    async (name) => {
      step += 1;
      await screenshot(on(), `${SHOTS}${String(step).padStart(2, '0')}-${name}`);
      expect(describeViolations(await seriousViolations(on()))).toEqual([]);
      expect(await markup.found()).toEqual([]);
    };
  const check = checker(() => page);

  async function signedIn(user: TestUser): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN' });
    contexts.push(context);
    markup.watch(context);
    const signed = await context.newPage();
    await signed.goto(`${base}/login`);
    await signed.fill('#login-username', user.username);
    await signed.fill('#login-password', 'Test@12345');
    await Promise.all([signed.waitForURL(`${base}/workspace`), signed.locator('form[action="/login"] button[type="submit"]').click()]);
    return signed;
  }

  async function publishedRound(overrides: Record<string, unknown>): Promise<{ id: string; name: string; closesAt: string }> {
    const body = roundPayload(overrides);
    const id: string = (await p.http.post('/api/rounds').set(auth(manager)).send(body).expect(201)).body.id;
    await p.http.post(`/api/rounds/${id}/publish`).set(auth(manager)).expect(200);
    return { id, name: body.name, closesAt: body.closesAt as string };
  }

  /** A form posted as the browser would, for a form the page no longer offers. */
  const alertText = () => page.locator('[role="alert"]').first().innerText();

  beforeAll(async () => {
    clearScreenshots(SHOTS);
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    browser = await launchBrowser();
    [manager, reviewer, applicant] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'REVIEWER'), makeUser(p, 'APPLICANT')]);
    const now = Date.now();
    roundA = await publishedRound({ opensAt: new Date(now + 1000).toISOString(), closesAt: new Date(now + 60 * 60 * 1000).toISOString() });
    strictRoundName = (
      await publishedRound({
        opensAt: new Date(now + 1000).toISOString(),
        closesAt: new Date(now + 60 * 60 * 1000).toISOString(),
        eligibility: { minYearsRegistered: 20, minRating: '5A', excludeDishonest: true },
      })
    ).name;
    page = await signedIn(applicant);
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await shutDown(p);
    delete process.env.PSP_NOTICE_PERIOD_MS;
  });

  it("links the workspace to the applicant's pages", async () => {
    await go(page, '/workspace');
    await expect(page.locator('a.workspace-item[href="/my/organizations"]').innerText()).resolves.toBe('机构信息');
    // Every item of the applicant's workspace leads somewhere, the inbox (消息通知) and its settings (通知设置) included.
    expect(await page.locator('a.workspace-item').count()).toBe(8);
    await expect(page.locator('a.workspace-item[href="/inbox"]').count()).resolves.toBe(1);
    await expect(page.locator('a.workspace-item[href="/account/notifications"]').count()).resolves.toBe(1);
    await check('workspace');
  });

  it('registers an organization, refusing a wrong check character first without naming the right one, and edits its contacts', async () => {
    const code = freshCreditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    await go(page, '/my/organizations/new');
    await page.fill('#org-name', '杭州市西湖区阳光社会工作服务中心');
    await page.fill('#org-creditCode', wrong);
    await page.click('form[action="/my/organizations"] button[type="submit"]');
    await page.waitForLoadState('load');
    const creditCodeError = await page.locator('#org-creditCode-error').innerText();
    expect(creditCodeError).toContain('统一社会信用代码校验位错误');
    expect(creditCodeError).not.toContain('应为');
    expect(await page.locator('#org-regionCode-error').innerText()).toContain('行政区划代码');
    expect(await page.getAttribute('#org-creditCode', 'aria-invalid')).toBe('true');
    expect(await page.inputValue('#org-name')).toBe('杭州市西湖区阳光社会工作服务中心');
    await check('organization-errors');

    ({ organizationId } = await registerOrganization(
      page,
      {
        name: '杭州市西湖区阳光社会工作服务中心',
        creditCode: code,
        regionCode: '330106',
        registeredAt: '2016-05-01',
        rating: '4A',
        contactName: '张三',
        contactPhone: '0571-12345678',
        contactEmail: 'sunshine@example.org',
        address: '杭州市西湖区文三路 1 号',
      },
      check,
    ));
    expect(await page.locator('main').innerText()).toContain(code);
    await page.fill('#org-contactPhone', '0571-87654321');
    await Promise.all([page.waitForURL(/saved=1/), page.click(`form[action="/my/organizations/${organizationId}"] button[type="submit"]`)]);
    expect(await page.inputValue('#org-contactPhone')).toBe('0571-87654321');
    await check('organization-saved');
    // Declared facts count for the automatic rules once a reviewer of the region verifies them.
    const declared = (await p.http.get(`/api/organizations/${organizationId}`).set(auth(reviewer)).expect(200)).body;
    await p.http
      .post(`/api/organizations/${organizationId}/verifications`)
      .set(auth(reviewer))
      .send({
        version: declared.version,
        result: 'VERIFIED',
        evidenceRef: 'ATT-登记证书',
        reason: '与登记证书一致',
        creditCode: code,
        name: declared.name,
        legalRepresentative: '张三',
        registeredAt: '2016-05-01',
        registrationAuthority: '杭州市西湖区民政局',
        regionCode: '330106',
        rating: '4A',
        ratingValidUntil: `${new Date().getUTCFullYear() + 3}-12-31`,
        annualInspection: '合格',
      })
      .expect(201);
  });

  it('lists the rounds it may apply to, and why not for the others', async () => {
    await go(page, `/my/rounds?organizationId=${organizationId}`);
    const main = await page.locator('main').innerText();
    expect(main).toContain(roundA.name);
    expect(main).toContain(strictRoundName);
    expect(main).toContain('不足要求的20年');
    expect(main).toContain('低于要求的5A');
    await check('rounds-with-reasons');
  });

  it('drafts an application with three budget lines, names a bad amount, keeps a stale edit, uploads and submits', async () => {
    const draft = sampleApplication(organizationId, roundA.id);
    ({ applicationId } = await createDraft(page, draft, check));
    // The live total adds the strings in cents as they are typed.
    await page.fill('#app-budget-2-amount', '10000.5');
    await expect(page.locator('#budget-total').innerText()).resolves.toBe('100,000.50 元');

    await page.fill('#app-budget-1-amount', '45000.123');
    await page.fill('#app-title', '');
    await page.click('form.application-form button[value="save"]');
    await page.waitForLoadState('load');
    expect(await page.locator('#app-budget-1-amount-error').innerText()).toContain('预算第 2 行：金额（元）须为不小于 0 的金额');
    expect(await page.locator('#app-title-error').innerText()).toContain('项目名称');
    expect(await page.inputValue('#app-budget-1-amount')).toBe('45000.123');
    await check('application-errors');

    // Someone else saves meanwhile (the API, same version): the page keeps what was typed and says so.
    await p.http
      .patch(`/api/applications/${applicationId}`)
      .set(auth(applicant))
      .send({ version: 1, beneficiaries: '社区独居老人' })
      .expect(200);
    await page.fill('#app-title', '社区长者关爱服务项目（修订）');
    await page.fill('#app-budget-1-amount', '45000.00');
    await page.fill('#app-budget-2-amount', '10000.00');
    await page.click('form.application-form button[value="save"]');
    await page.waitForLoadState('load');
    expect(await alertText()).toContain('已被他人修改（当前版本 2）');
    expect(await page.inputValue('#app-title')).toBe('社区长者关爱服务项目（修订）');
    await check('application-stale');
    await Promise.all([page.waitForURL(/notice=saved/), page.click('form.application-form button[value="save"]')]);
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).title).toBe('社区长者关爱服务项目（修订）');

    await uploadFile(
      page,
      { kind: 'IMPLEMENTATION_PLAN', name: '实施方案.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') },
      check,
      'attachment-wrong-type',
    );
    expect(await page.locator('#upload-file-error').innerText()).toContain('实施方案仅支持 PDF、DOCX 格式');
    await uploadFile(page, samplePdf('IMPLEMENTATION_PLAN', '实施方案.pdf'), check, 'attachment-uploaded');
    expect(await page.locator('#attachments').innerText()).toContain('实施方案.pdf');
    const download = await page.request.get(`${base}${await page.locator('#attachments a').first().getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect((await download.body()).toString()).toContain('%PDF-1.4');
    // The JSON API reads and judges uploads through the same AttachmentsService.
    const listed = (await p.http.get(`/api/applications/${applicationId}/attachments`).set(auth(applicant)).expect(200)).body;
    expect(listed.map((a: { filename: string }) => a.filename)).toEqual(['实施方案.pdf']);
    const refused = await p.http
      .post(`/api/applications/${applicationId}/attachments`)
      .set(auth(applicant))
      .field('kind', 'OTHER')
      .attach('file', Buffer.from('x'), { filename: 'a.txt', contentType: 'text/plain' })
      .expect(400);
    expect(refused.body.errors[0]).toMatchObject({ field: 'file', rule: 'fileType' });

    await submitApplication(page, applicationId, check);
    expect(await page.locator('main').innerText()).toContain('资格审查中');
    expect(await page.locator('#documents').innerText()).toContain('受理回执');
  });

  it('composes the whole application in one step: rows, an attachment, submission', async () => {
    const { applicationId: second } = await createAndSubmitApplication(
      page,
      sampleApplication(organizationId, roundA.id, {
        title: '困境儿童课后陪伴项目',
        category: '为小',
        requestedAmount: '80000.00',
        budgetLines: [
          { type: 'PERSONNEL', description: '辅导员补贴', amount: '40000.00' },
          { type: 'MATERIAL', description: '学习用品', amount: '32000.00' },
          { type: 'MANAGEMENT', description: '项目管理费', amount: '8000.00' },
        ],
        indicators: [
          { name: '服务人次', unit: '人次', target: 2400 },
          { name: '活动场次', unit: '场', target: 120 },
          { name: '家访次数', unit: '次', target: 50 },
        ],
        milestones: [
          { title: '招募志愿者', dueOn: '2027-02-28', deliverable: '志愿者名册' },
          { title: '中期总结', dueOn: '2027-06-30', deliverable: '中期报告' },
        ],
        attachment: samplePdf('BUDGET_DETAIL', '预算明细表.pdf'),
      }),
      check,
    );
    const stored = await p.prisma.application.findUniqueOrThrow({ where: { id: second } });
    expect(stored.stage).toBe('ELIGIBILITY_REVIEW');
    expect(stored.indicators).toHaveLength(3);
    expect(await p.prisma.attachment.count({ where: { applicationId: second } })).toBe(1);
  });

  it("shows the workflow's refusal of a draft submitted after the window closed", async () => {
    const now = Date.now();
    const late = await publishedRound({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3000).toISOString() });
    const body = sampleApplication(organizationId, late.id, { title: '逾期提交的申报' });
    const lateId: string = (await p.http.post('/api/applications').set(auth(applicant)).send(body).expect(201)).body.id;
    await eventually(async () => (Date.now() > Date.parse(late.closesAt) + 200 ? true : undefined), { label: 'window closed' });
    await go(page, `/my/applications/${lateId}/edit`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/submit')),
      page.click(`form[action="/my/applications/${lateId}/submit"] button[type="submit"]`),
    ]);
    expect(response.status()).toBe(409);
    await page.waitForLoadState('load');
    const alert = await alertText();
    expect(alert).toContain('申报已截止，不能提交');
    expect(alert).toContain('当前状态：草稿');
    expect(await page.content()).not.toMatch(/at \w+ \(|\.ts:\d+/);
    await check('submit-refused');
  });

  it('edits and resubmits after a return for revision, with the timeline from the audit trail', async () => {
    await p.http
      .post(`/api/applications/${applicationId}/eligibility-decision`)
      .set(auth(reviewer))
      .send({
        decision: 'RETURN',
        reason: '请补充服务对象的具体人数',
        revisionDeadline: new Date(Date.now() + 30 * 60 * 1000).toISOString(),
      })
      .expect(200);
    await go(page, `/my/applications/${applicationId}`);
    expect(await page.locator('main').innerText()).toContain('退回补正');
    await reviseAndResubmit(page, applicationId, { 'app-beneficiaries': '社区60岁以上独居及空巢老人约300人' }, check);
    const timeline = await page.locator('.timeline').innerText();
    for (const line of ['创建申报书草稿', '提交申报', '退回补正', '补正后重新提交', '请补充服务对象的具体人数'])
      expect(timeline).toContain(line);
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).stage).toBe('ELIGIBILITY_REVIEW');
  });

  it("answers another organization's application and profile with a 404 page", async () => {
    const other = await makeUser(p, 'APPLICANT');
    const foreign = await makeOrganization(p.prisma, other.id);
    for (const path of [`/my/organizations/${foreign.id}`, `/my/applications/00000000-0000-4000-8000-000000000000`]) {
      const res = await page.goto(`${base}${path}`);
      expect(res?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('页面不存在');
    }
    await check('foreign-404');
  });

  describe('a funded project', () => {
    let r: NoticedRound;
    let projectId: string;
    let owner: Page;
    const checkOwner = checker(() => owner);

    beforeAll(async () => {
      process.env.PSP_NOTICE_PERIOD_MS = '3000';
      r = await noticedRound(p, 1);
      projectId = r.applicationIds[0];
      await eventually(
        async () => ((await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager))).status === 200 ? true : undefined),
        { label: 'approval', timeoutMs: 30000, intervalMs: 500 },
      );
      await waitStage(p, projectId, 'APPROVED');
      owner = await signedIn(r.applicants[0]);
    });

    it('signs the agreement for Party B; the project starts once the bureau signs', async () => {
      await signAgreement(owner, projectId, checkOwner);
      expect(await owner.locator('#agreement').innerText()).toMatch(/乙方（本单位）：已签署[\s\S]*甲方（民政部门）：未签署/);
      const signer = await makeUser(p, 'REVIEWER');
      await p.http.post(`/api/applications/${projectId}/agreement/sign`).set(auth(signer)).expect(200);
      await waitStage(p, projectId, 'IMPLEMENTATION');
      await go(owner, `/my/applications/${projectId}`);
      expect(await owner.locator('#tranches').innerText()).toContain('签订协议后');
      expect(await owner.locator('#reports').innerText()).toContain('中期报告');
      await checkOwner('project-in-implementation');
      const { documentId } = await openDocument(owner, projectId, 'AGREEMENT', checkOwner);
      expect(await owner.locator('h1').innerText()).toContain('协议书');
      // The same document through the same rule for the bureau, and not for another applicant.
      expect((await p.http.get(`/api/documents/${documentId}`).set(auth(signer))).status).toBe(200);
      const listed = (await p.http.get(`/api/applications/${projectId}/documents`).set(auth(r.applicants[0])).expect(200)).body;
      expect(listed.map((d: { id: string }) => d.id)).toContain(documentId);
      const stranger = await fetch(`${base}/documents/${documentId}/view`, {
        redirect: 'manual',
        headers: { cookie: (await contexts[0].cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
      });
      expect(stranger.status).toBe(404);
    });

    it('submits a report with evidence after naming a bad amount', async () => {
      await go(owner, `/my/applications/${projectId}/reports/1`);
      await owner.fill('#report-rind-0-achieved', '300');
      await owner.fill('#report-rind-1-achieved', '6');
      await owner.fill('#report-spend-0-spent', '1,000');
      await owner.click(`form[action="/my/applications/${projectId}/reports/1"] button[type="submit"]`);
      await owner.waitForLoadState('load');
      expect(await owner.locator('#report-spend-0-spent-error').innerText()).toContain('金额');
      await checkOwner('report-errors');
      await submitReport(
        owner,
        projectId,
        {
          seq: 1,
          achieved: [300, 6],
          spent: ['10000.00', '9000.00', '2000.00'],
          narrative: '本期完成入户探访和两次小组活动，服务对象反馈良好，详见附件签到表。',
          evidence: samplePdf('REPORT_EVIDENCE', '活动签到表.pdf'),
        },
        checkOwner,
      );
      const report = await p.prisma.report.findFirstOrThrow({ where: { applicationId: projectId, seq: 1 } });
      expect(report.status).toBe('SUBMITTED');
      expect(report.attachmentIds).toHaveLength(1);
    });

    it('requests changes: a total that moved is refused, a small shift takes effect, an extension awaits approval', async () => {
      const app = await p.prisma.application.findUniqueOrThrow({ where: { id: projectId } });
      const lines = app.budgetLines as { amount: string }[];
      await go(owner, `/my/applications/${projectId}/changes/new`);
      await owner.fill('#change-cbudget-0-amount', '99999.00');
      await owner.fill('#change-reason', '调整人员费');
      await owner.click('form[data-change-form] button[value="save"]');
      await owner.waitForLoadState('load');
      expect(await owner.locator('.error-summary').innerText()).toContain('调整后预算合计');
      await checkOwner('change-refused');
      const cents = lines.map((l) => Math.round(Number(l.amount) * 100));
      const shifted = [cents[0] + 100000, cents[1] - 100000, cents[2]].map((c) => (c / 100).toFixed(2));
      await expect(
        requestChange(owner, projectId, { kind: 'REALLOCATION', amounts: shifted, reason: '人员费略有增加，相应减少活动费' }, checkOwner),
      ).resolves.toEqual({ status: 'applied' });
      const end = new Date(Date.parse(app.termEndsAt!.toISOString()) + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
      await expect(
        requestChange(owner, projectId, { kind: 'EXTENSION', newEndsOn: end, reason: '受天气影响，户外活动顺延一个月' }, checkOwner),
      ).resolves.toEqual({ status: 'pending' });
      const changes = await owner.locator('#changes').innerText();
      expect(changes).toContain('已生效');
      expect(changes).toContain('待审批');
    });

    it('files the remaining reports, then its side of the two-way evaluation', async () => {
      const accept = (seq: number) =>
        p.http
          .post(`/api/projects/${projectId}/reports/${seq}/review`)
          .set(auth(r.reviewer))
          .send({ decision: 'ACCEPT', note: '' })
          .expect(200);
      await accept(1);
      const report = (seq: number) => ({
        seq,
        achieved: [300 * seq, 6 * seq],
        spent: ['20000.00', '20000.00', '5000.00'],
        narrative: `第${seq}份报告：按计划推进，服务人次和活动场次均达到阶段目标。`,
      });
      for (const seq of [2, 3]) {
        await submitReport(owner, projectId, report(seq), checkOwner);
        await accept(seq);
      }
      // The final report waits for a passed mid-term evaluation: the workflow's refusal, on the page.
      await expect(submitReport(owner, projectId, report(4), checkOwner)).rejects.toThrow(
        '中期评估合格后方可提交结项报告 当前状态：实施中',
      );
      await checkOwner('report-4-refused');
      const evaluator = await makeUser(p, 'EVALUATOR');
      await p.http.post(`/api/projects/${projectId}/evaluator`).set(auth(r.manager)).send({ evaluatorId: evaluator.id }).expect(200);
      await p.http
        .post(`/api/projects/${projectId}/evaluations`)
        .set(auth(evaluator))
        .send({ kind: 'MIDTERM', scores: MIDTERM, summary: '进度符合协议，服务质量良好' })
        .expect(200);
      await submitReport(owner, projectId, report(4), checkOwner);
      await accept(4);
      await waitStage(p, projectId, 'FINAL_EVALUATION');
      await p.http
        .post(`/api/projects/${projectId}/evaluations`)
        .set(auth(r.reviewer))
        .send({ kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '委托事项全部完成' })
        .expect(200);

      await go(owner, `/my/applications/${projectId}/evaluation`);
      await owner.fill('#eval-score-timelyPayment', '41');
      await owner.fill('#eval-score-support', '27');
      await expect(owner.locator('#score-total').innerText()).resolves.toBe('68.00');
      await owner.fill('#eval-summary', '拨付及时');
      await owner.click(`form[action="/my/applications/${projectId}/evaluation"] button[type="submit"]`);
      await owner.waitForLoadState('load');
      const errors = await owner.locator('.error-summary').innerText();
      expect(errors).toContain('“资金拨付及时性”得分不能超过40分');
      expect(errors).toContain('缺少“未摊派协议外事项”的得分');
      await checkOwner('org-evaluation-errors');
      await fileOrgEvaluation(owner, projectId, { scores: GOV_SIDE, summary: '拨付及时，指导到位，未摊派协议外事项' }, checkOwner);
      const evaluations = await owner.locator('#evaluations').innerText();
      expect(evaluations).toContain('政府方对承接方的评价');
      expect(evaluations).toContain('承接方对政府方的评价');
    });

    it('speaks English on every page of the area, except what people typed and the stored documents', async () => {
      for (const [who, paths] of [
        [
          page,
          [
            '/my/organizations',
            `/my/organizations/${organizationId}`,
            `/my/rounds?organizationId=${organizationId}`,
            '/my/applications',
            `/my/applications/${applicationId}`,
            `/my/applications/${applicationId}/edit`,
          ],
        ],
        [
          owner,
          [
            '/my/applications?view=evaluations',
            `/my/applications/${projectId}`,
            `/my/applications/${projectId}/reports/1`,
            `/my/applications/${projectId}/changes/new`,
            `/my/applications/${projectId}/evaluation`,
          ],
        ],
      ] as [Page, string[]][]) {
        await go(who, `/lang/en?next=${encodeURIComponent(paths[0])}`);
        for (const path of paths) {
          await go(who, path);
          expect(await who.getAttribute('html', 'lang')).toBe('en');
          expect({ path, cjk: (await interfaceText(who)).match(CJK) ?? [] }).toEqual({ path, cjk: [] });
          await checker(() => who)(`en-${path.split('/').slice(2).join('-').replace(/[?=&]/g, '-') || 'home'}`);
        }
      }
      // A refused form in English: the rule's sentence from the dictionary, not the Chinese one.
      await go(page, '/my/organizations/new');
      await page.fill('#org-creditCode', '123');
      await page.click('form[action="/my/organizations"] button[type="submit"]');
      await page.waitForLoadState('load');
      expect(await page.locator('#org-creditCode-error').innerText()).toContain('Unified social credit code is not a valid code');
      expect((await interfaceText(page)).match(CJK) ?? []).toEqual([]);
      await check('en-organization-errors');
    });
  });
});
