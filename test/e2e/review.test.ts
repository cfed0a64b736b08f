import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { interfaceText } from '../support/browser';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { reportBody, waitStage } from '../support/funded-projects';
import { confirmationCode } from '../support/objections';
import { PortalPages } from '../support/portal-pages';
import { eventually } from '../support/wait';
import {
  acceptReport,
  declareTie,
  declineAssignment,
  decideChange,
  fileFinalEvaluation,
  fileGovEvaluation,
  fileMidtermEvaluation,
  openAssignment,
  passEligibility,
  returnForRevision,
  returnReport,
  ruleOnObjection,
  scoreApplication,
  signAgreementAsReviewer,
  StepContext,
} from './steps/review';
import type { Page } from 'playwright-core';

/**
 * Issue 5, the review area: the pages of 民政审核人员 (queues, eligibility decisions, objections,
 * agreements, reports, changes, the bureau's evaluation, the project page), 评审专家 (ties,
 * assignments, declining, scoring with a running total) and 评估人员 (mid-term evaluation,
 * re-evaluation after rectification, final evaluation) in Chromium, axe-core on every page.
 * Only what other areas' pages would do (applying, forming the panel, the notice, reports) is
 * set up through the JSON API.
 */

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
const SHOTS = 'review-';
const PASSING = { need: 18, design: 27, feasibility: 18, budget: 27 }; // 90.00
// Every page is screenshotted and checked with axe-core: slow on a busy two-core machine.
const TEST_MS = 300_000;

describe('web portal: review area (reviewer, expert, evaluator)', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let manager: TestUser,
    reviewer1: TestUser,
    reviewer2: TestUser,
    expert: TestUser,
    expert2: TestUser,
    expert3: TestUser,
    evaluator: TestUser;
  let applicants: TestUser[], orgIds: string[], orgNames: string[], appIds: string[], titles: string[];
  let roundId: string, returnedId: string;
  let r1: Page, r2: Page, ex: Page, ev: Page;

  const check = (page: Page, name: string) => pages.check(page, name);
  const ctx = (page: Page): StepContext => ({ base, check: (name) => check(page, name) });

  const signIn = (user: TestUser): Promise<Page> => pages.signedIn(user);

  /** The page's interface text without what people typed (the title also sits in <title>), for the English check. */
  const uiText = async (page: Page, typed: string[] = []) => typed.reduce((text, s) => text.split(s).join(''), await interfaceText(page));
  const api = auth;

  beforeAll(async () => {
    Object.assign(process.env, { PSP_TERM_MS: '600000', PSP_REMINDER_LEAD_MS: '5000', PSP_NOTICE_PERIOD_MS: '8000' });
    p = await startPlatform({ listen: true });
    base = p.baseUrl!;
    pages = await PortalPages.launch(base, SHOTS);
    [manager, reviewer1, reviewer2, expert, expert2, expert3, evaluator] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'EXPERT'),
      makeUser(p, 'EXPERT'),
      makeUser(p, 'EXPERT'),
      makeUser(p, 'EVALUATOR'),
    ]);
    [applicants, orgIds, orgNames, appIds, titles] = [[], [], [], [], []];
    for (let k = 0; k < 4; k++) {
      applicants.push(await makeUser(p, 'APPLICANT'));
      const org = await makeOrganization(p.prisma, applicants[k].id);
      orgIds.push(org.id);
      orgNames.push(org.name);
    }
    // Round A: three applications, two experts each, closing a few seconds after they are submitted.
    // Two periodic reports: the quarterly plan the steps below follow — 1 periodic, 2 mid-term, 3 periodic, 4 final.
    const now = Date.now();
    const round = roundPayload({
      budgetPool: '5000000.00',
      projectCeiling: '200000.00',
      expertsPerApplication: 2,
      periodicReports: 2,
      opensAt: new Date(now + 500).toISOString(),
      closesAt: new Date(now + 8000).toISOString(),
    });
    roundId = (await p.http.post('/api/rounds').set(api(manager)).send(round).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(api(manager)).expect(200);
    // Round B stays open: its application is returned for revision.
    const open = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 3600000).toISOString() });
    const roundB: string = (await p.http.post('/api/rounds').set(api(manager)).send(open).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundB}/publish`).set(api(manager)).expect(200);
    for (let k = 0; k < 3; k++) {
      const body = applicationPayload(roundId, orgIds[k], '100000.00');
      appIds.push((await p.http.post('/api/applications').set(api(applicants[k])).send(body).expect(201)).body.id);
      titles.push(body.title);
    }
    returnedId = (
      await p.http
        .post('/api/applications')
        .set(api(applicants[3]))
        .send(applicationPayload(roundB, orgIds[3], '80000.00'))
        .expect(201)
    ).body.id;
    const status = async (id: string) => (await p.prisma.round.findUniqueOrThrow({ where: { id } })).status;
    await eventually(async () => ((await status(roundId)) === 'OPEN' && (await status(roundB)) === 'OPEN' ? true : undefined), {
      label: 'rounds OPEN',
    });
    for (let k = 0; k < 3; k++) await p.http.post(`/api/applications/${appIds[k]}/submit`).set(api(applicants[k])).expect(200);
    await p.http.post(`/api/applications/${returnedId}/submit`).set(api(applicants[3])).expect(200);
    [r1, r2, ex, ev] = [await signIn(reviewer1), await signIn(reviewer2), await signIn(expert), await signIn(evaluator)];
  }, TEST_MS);

  afterAll(async () => {
    await pages?.close();
    await shutDown(p);
    for (const k of ['PSP_TERM_MS', 'PSP_REMINDER_LEAD_MS', 'PSP_NOTICE_PERIOD_MS']) delete process.env[k];
  }, TEST_MS);

  it(
    'links the reviewer workspace to the queues, and decides eligibility: a reason is required to return',
    async () => {
      await r1.goto(`${base}/workspace`);
      for (const href of [
        '/reviewer/eligibility',
        '/reviewer/objections',
        '/reviewer/reports',
        '/reviewer/changes',
        '/reviewer/agreements',
        '/reviewer/evaluations',
        '/reviewer/projects',
      ]) {
        expect(await r1.locator(`main a[href="${href}"]`).count()).toBe(1);
      }
      await check(r1, 'reviewer-workspace');

      // Returning without a reason: the workflow's rule (a reason for every return) answers on the form.
      await r1.goto(`${base}/reviewer/eligibility/${returnedId}`);
      expect(await r1.locator('main').innerText()).toContain('自动校验结果');
      const form = r1.locator(`form[action="/reviewer/eligibility/${returnedId}"]`);
      await form.locator('input[name="decision"][value="RETURN"]').check();
      await form.locator('#eligibility-revisionDeadline').fill(new Date(Date.now() + 3 * 86400000).toISOString().slice(0, 10));
      const [refused] = await Promise.all([
        r1.waitForResponse((r) => r.request().method() === 'POST'),
        form.locator('[type="submit"]').click(),
      ]);
      expect(refused.status()).toBe(400);
      await r1.waitForLoadState('load');
      expect(await r1.locator('#eligibility-reason-error').innerText()).toContain('请填写理由');
      expect(await r1.locator('input[name="decision"][value="RETURN"]').isChecked()).toBe(true);
      await check(r1, 'reviewer-eligibility-missing-reason');

      await returnForRevision(r1, ctx(r1), { applicationId: returnedId, reason: '请补充登记证书副本和近两年年检结论。' });
      expect(await r1.locator('#review-done').innerText()).toContain('资格审查决定已记录');
      expect((await p.prisma.application.findUniqueOrThrow({ where: { id: returnedId } })).stage).toBe('RETURNED');
      // Back with the applicant: the reviewer finds nothing of it until it is resubmitted.
      expect((await r1.goto(`${base}/reviewer/projects/${returnedId}`))?.status()).toBe(404);

      for (const id of appIds) await passEligibility(r1, ctx(r1), { applicationId: id });
      await r1.goto(`${base}/reviewer/eligibility`);
      // Other test files share the database and region: only this test's applications must have left the queue.
      for (const id of appIds) expect(await r1.locator(`a[href="/reviewer/eligibility/${id}"]`).count()).toBe(0);

      // Staff of another region: the project does not exist for them (404 page, no leak).
      const foreign = await signIn(await makeUser(p, 'REVIEWER', { regionCode: '440100' }));
      const res = await foreign.goto(`${base}/reviewer/projects/${appIds[0]}`);
      expect(res?.status()).toBe(404);
      expect(await foreign.locator('h1').innerText()).toBe('页面不存在');
      await check(foreign, 'reviewer-foreign-project');
    },
    TEST_MS,
  );

  it(
    'lets an expert declare a tie, decline for a conflict and score once with a running total',
    async () => {
      await declareTie(ex, ctx(ex), {
        search: orgNames[2].slice(-8),
        organizationId: orgIds[2],
        reason: '本人曾任该组织理事，存在利益关联。',
      });
      expect(await ex.locator('main').innerText()).toContain(orgNames[2]);

      await eventually(
        async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'CLOSED' ? true : undefined),
        { label: 'round CLOSED', timeoutMs: 30000 },
      );
      await p.http
        .post(`/api/rounds/${roundId}/panel`)
        .set(api(manager))
        .send({ expertIds: [expert.id, expert2.id, expert3.id] })
        .expect(200);
      const mine = await p.prisma.assignment.findMany({ where: { expertId: expert.id } });
      // Never assigned the organization the expert declared a tie to.
      expect(mine.map((a) => a.applicationId).sort()).toEqual([appIds[0], appIds[1]].sort());

      await declineAssignment(ex, ctx(ex), { applicationId: appIds[1], reason: '发现申报单位负责人为本人近亲属，申请回避。' });
      expect(await ex.locator('#review-done').innerText()).toContain('已回避');
      expect(await p.prisma.assignment.count({ where: { applicationId: appIds[1], status: 'ASSIGNED' } })).toBe(2);

      // A score above the criterion's maximum: refused by the scoring rule, named on the form.
      await openAssignment(ex, ctx(ex), appIds[0]);
      const form = ex.locator(`form[action="/expert/assignments/${appIds[0]}/scores"]`);
      await form.locator('#score-need').fill('18.5');
      expect(await ex.locator('#rubric-total').innerText()).toBe('18.50');
      await form.locator('#score-need').fill('25');
      for (const [key, value] of Object.entries(PASSING).slice(1)) await form.locator(`#score-${key}`).fill(String(value));
      await Promise.all([ex.waitForNavigation(), form.locator('[type="submit"]').click()]);
      expect(await ex.locator('#score-need-error').innerText()).toContain('需求分析的得分不能超过 20 分');
      expect(await ex.inputValue('#score-design')).toBe('27');
      await check(ex, 'expert-score-above-maximum');

      // A second tab keeps the form open while the scores are submitted in the first.
      const stale = await ex.context().newPage();
      await stale.goto(`${base}/expert/assignments/${appIds[0]}`);
      const { total } = await scoreApplication(ex, ctx(ex), {
        applicationId: appIds[0],
        scores: PASSING,
        comments: { need: '需求调研扎实。' },
      });
      expect(total).toBe('90.00');
      expect(await ex.locator(`form[action="/expert/assignments/${appIds[0]}/scores"]`).count()).toBe(0);

      const staleForm = stale.locator(`form[action="/expert/assignments/${appIds[0]}/scores"]`);
      for (const [key, value] of Object.entries(PASSING)) await staleForm.locator(`#score-${key}`).fill(String(value));
      expect(await stale.locator('#rubric-total').innerText()).toBe('90.00');
      const [second] = await Promise.all([
        stale.waitForResponse((r) => r.request().method() === 'POST'),
        staleForm.locator('[type="submit"]').click(),
      ]);
      // Submitted scores are final: the stale form is not offered the confirmation step, and is refused.
      expect(second.status()).toBe(409);
      await stale.waitForLoadState('load');
      const alert = await stale.locator('[role="alert"]').innerText();
      expect(alert).toContain('当前状态下不能执行此操作');
      expect(alert).toContain('当前状态：已评分');
      expect(await stale.locator('[data-confirm-step]').count()).toBe(0);
      expect(await stale.content()).not.toMatch(/at \w+ \(|\.ts:\d+/);
      await check(stale, 'expert-scores-final');
      await stale.close();

      for (const other of [expert2, expert3]) {
        for (const a of await p.prisma.assignment.findMany({ where: { expertId: other.id, status: 'ASSIGNED' } })) {
          await p.http.post(`/api/assignments/${a.applicationId}/scores`).set(api(other)).send({ scores: PASSING }).expect(200);
        }
      }
      await p.http.post(`/api/rounds/${roundId}/panel/close`).set(api(manager)).expect(200);
    },
    TEST_MS,
  );

  it(
    "refuses a ruling by the original decider and records another reviewer's ruling on the objection",
    async () => {
      await p.http.post(`/api/rounds/${roundId}/notice`).set(api(manager)).expect(200);
      const filed = await p.http
        .post(`/api/public/notices/${roundId}/objections`)
        .send({
          applicationId: appIds[0],
          name: '李四',
          contact: '13800001111',
          reason: '该项目预算中人员费用测算依据不足，与服务人次不符。',
        })
        .expect(201);
      const objectionId: string = filed.body.objectionId;
      await p.http
        .post(`/api/public/objections/${objectionId}/confirm`)
        .send({ code: await confirmationCode(p, objectionId) })
        .expect(200);

      // Reviewer 1 decided this application's eligibility: the round's workflow refuses the ruling (403).
      await r1.goto(`${base}/reviewer/objections/${objectionId}`);
      const form = r1.locator(`form[action="/reviewer/objections/${objectionId}/ruling"]`);
      await form.locator('input[name="decision"][value="DISMISSED"]').check();
      await form.locator('#ruling-ruling').fill('经核实，人员费用测算符合轮次规定。');
      const [refused] = await Promise.all([
        r1.waitForResponse((r) => r.request().method() === 'POST'),
        form.locator('[type="submit"]').click(),
      ]);
      expect(refused.status()).toBe(403);
      await r1.waitForLoadState('load');
      expect(await r1.locator('[role="alert"]').innerText()).toContain('原资格审查决定人不能处理针对该项目的异议');
      expect(await r1.inputValue('#ruling-ruling')).toBe('经核实，人员费用测算符合轮次规定。');
      await check(r1, 'reviewer-objection-refused');

      const ruled = await ruleOnObjection(r2, ctx(r2), {
        objectionId,
        decision: 'DISMISSED',
        ruling: '经核实，人员费用按社工岗位标准测算，异议不成立。',
      });
      expect(ruled.applicationId).toBe(appIds[0]);
      expect(await r2.locator('#objections').innerText()).toContain('异议不成立');
      expect(await p.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).toMatchObject({
        status: 'DISMISSED',
        ruledById: reviewer2.id,
      });

      await eventually(
        async () => ((await p.http.post(`/api/rounds/${roundId}/approve`).set(api(manager))).status === 200 ? true : undefined),
        { label: 'approval', timeoutMs: 30000, intervalMs: 500 },
      );
    },
    TEST_MS,
  );

  it(
    'signs the agreement for the bureau, reviews reports and decides a change request',
    async () => {
      const id = appIds[0];
      await waitStage(p, id, 'APPROVED');
      await p.http.post(`/api/applications/${id}/agreement/sign`).set(api(applicants[0])).expect(200);
      await signAgreementAsReviewer(r2, ctx(r2), { applicationId: id });
      await waitStage(p, id, 'IMPLEMENTATION');
      await r2.reload();
      expect(await r2.locator('#agreement').innerText()).toContain('甲方（民政部门）');

      const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
      await p.http.post(`/api/projects/${id}/reports/1`).set(api(applicants[0])).send(reportBody(lines, 20)).expect(200);
      // Returning without a note: the workflow's rule answers on the form, naming the field.
      await r2.goto(`${base}/reviewer/projects/${id}/reports/1`);
      const form = r2.locator(`form[action="/reviewer/projects/${id}/reports/1/review"]`);
      await form.locator('input[name="decision"][value="RETURN"]').check();
      await form.locator('#report-revisionDeadline').fill(new Date(Date.now() + 5 * 86400000).toISOString().slice(0, 10));
      await Promise.all([r2.waitForNavigation(), form.locator('[type="submit"]').click()]);
      expect(await r2.locator('#report-note-error').innerText()).toContain('请填写审核意见');
      await check(r2, 'reviewer-report-missing-note');
      await returnReport(r2, ctx(r2), { applicationId: id, seq: 1, note: '请补充活动照片及签到表。' });
      await p.http.post(`/api/projects/${id}/reports/1`).set(api(applicants[0])).send(reportBody(lines, 25)).expect(200);
      await acceptReport(r2, ctx(r2), { applicationId: id, seq: 1, note: '材料齐全。' });

      const termEndsAt = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).termEndsAt!;
      const change = await p.http
        .post(`/api/projects/${id}/changes`)
        .set(api(applicants[0]))
        .send({
          kind: 'EXTENSION',
          newEndsAt: new Date(termEndsAt.getTime() + 10 * 86400000).toISOString(),
          reason: '受场地装修影响，部分活动推迟。',
        })
        .expect(200);
      await decideChange(r2, ctx(r2), {
        applicationId: id,
        changeId: change.body.changeId,
        decision: 'APPROVE',
        reason: '理由充分，同意延期。',
      });
      expect(await r2.locator('#changes').innerText()).toContain('已批准');

      await p.http.post(`/api/projects/${id}/reports/2`).set(api(applicants[0])).send(reportBody(lines, 45)).expect(200);
      await acceptReport(r2, ctx(r2), { applicationId: id, seq: 2 });
    },
    TEST_MS,
  );

  it(
    'takes the evaluator through a failed mid-term evaluation, rectification and the re-evaluation',
    async () => {
      const id = appIds[0];
      await p.http.post(`/api/projects/${id}/evaluator`).set(api(manager)).send({ evaluatorId: evaluator.id }).expect(200);
      await fileMidtermEvaluation(ev, ctx(ev), {
        applicationId: id,
        scores: { completion: 20, quality: 10, satisfaction: 10, finance: 5 },
        summary: '进度明显滞后，服务记录不完整。',
      });
      await waitStage(p, id, 'RECTIFICATION');
      await ev.reload();
      expect(await ev.locator('main').innerText()).toContain('整改中');
      expect(await ev.locator('#evaluations').innerText()).toContain('不合格');

      await fileMidtermEvaluation(ev, ctx(ev), {
        applicationId: id,
        scores: { completion: 34, quality: 21, satisfaction: 17, finance: 13 },
        summary: '整改到位，服务质量良好。',
      });
      await waitStage(p, id, 'IMPLEMENTATION');
      const attempts = await p.prisma.evaluation.findMany({ where: { applicationId: id, kind: 'MIDTERM' }, orderBy: { attempt: 'asc' } });
      expect(attempts.map((e) => [e.attempt, e.grade, e.total.toFixed(2)])).toEqual([
        [1, 'FAIL', '45.00'],
        [2, 'GOOD', '85.00'],
      ]);
    },
    TEST_MS,
  );

  it(
    "files the bureau's and the third-party final evaluations and shows the whole project in one place",
    async () => {
      const id = appIds[0];
      const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
      await p.http.post(`/api/projects/${id}/reports/3`).set(api(applicants[0])).send(reportBody(lines, 70)).expect(200);
      await acceptReport(r2, ctx(r2), { applicationId: id, seq: 3 });
      await p.http.post(`/api/projects/${id}/reports/4`).set(api(applicants[0])).send(reportBody(lines, 92)).expect(200);
      await acceptReport(r2, ctx(r2), { applicationId: id, seq: 4, note: '结项报告通过。' });
      await waitStage(p, id, 'FINAL_EVALUATION');

      await fileGovEvaluation(r2, ctx(r2), {
        applicationId: id,
        scores: { completion: 45, quality: 26, fundUse: 18 },
        summary: '委托事项全部完成，资金使用规范。',
      });
      await fileFinalEvaluation(ev, ctx(ev), {
        applicationId: id,
        scores: { completion: 38, quality: 23, satisfaction: 19, finance: 14 },
        summary: '成效显著，服务对象满意度高。',
      });
      await p.http
        .post(`/api/projects/${id}/evaluations`)
        .set(api(applicants[0]))
        .send({ kind: 'ORG_ON_GOV', scores: { timelyPayment: 36, support: 27, noExtraTasks: 28 }, summary: '拨付及时，指导到位。' })
        .expect(200);
      await waitStage(p, id, 'CLOSING');

      await r2.goto(`${base}/reviewer/projects/${id}`);
      const main = await r2.locator('main').innerText();
      for (const text of [
        '结项拨付中',
        '自动校验结果',
        '90.00',
        '异议不成立',
        '甲方（民政部门）',
        '乙方（承接单位）',
        '待申请拨付',
        '已批准',
        '政府方对承接方的评价',
        '第三方结项评估',
        '优秀',
        '操作记录',
        '资格审查通过',
      ]) {
        expect(main).toContain(text);
      }
      expect(await r2.locator('#documents a[href^="/documents/"]').count()).toBeGreaterThan(3);
      await check(r2, 'reviewer-project');
    },
    TEST_MS,
  );

  it(
    'speaks English on the review pages when asked, with no Chinese outside what people typed',
    async () => {
      await r2.goto(`${base}/reviewer/projects/${appIds[0]}`);
      await r2.locator('a.lang-switch').click();
      await r2.waitForURL(`${base}/reviewer/projects/${appIds[0]}`);
      expect(await r2.getAttribute('html', 'lang')).toBe('en');
      expect(await r2.locator('#history-title').innerText()).toBe('Activity history');
      expect((await uiText(r2, [titles[0]])).match(CJK) ?? []).toEqual([]);
      await check(r2, 'reviewer-project-en');

      await r2.goto(`${base}/reviewer/projects`);
      expect((await uiText(r2)).match(CJK) ?? []).toEqual([]);
      await check(r2, 'reviewer-projects-en');

      await ex.goto(`${base}/expert/assignments/${appIds[0]}`);
      await ex.locator('a.lang-switch').click();
      await ex.waitForURL(`${base}/expert/assignments/${appIds[0]}`);
      expect(await ex.locator('#submitted-title').innerText()).toBe('My submitted scores');
      expect((await uiText(ex, [titles[0]])).match(CJK) ?? []).toEqual([]);
      await check(ex, 'expert-assignment-en');

      await ev.goto(`${base}/evaluator/projects/${appIds[0]}`);
      await ev.locator('a.lang-switch').click();
      await ev.waitForURL(`${base}/evaluator/projects/${appIds[0]}`);
      expect((await uiText(ev, [titles[0]])).match(CJK) ?? []).toEqual([]);
      await check(ev, 'evaluator-project-en');
    },
    TEST_MS,
  );
});
