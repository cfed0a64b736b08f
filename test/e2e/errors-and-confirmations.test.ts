import { applicationPayload, auth, makeUser, roundPayload, TestUser } from '../support/factories';
import { waitStage } from '../support/funded-projects';
import { PortalPages, WIDTHS, type Width } from '../support/portal-pages';
import { eventually } from '../support/wait';
import { approveRound, postForm, publishNotice } from './steps/office';
import { officeCast, startOfficePortal, stopOfficePortal } from './steps/office-setup';
import type { TestPlatform } from '../support/app';
import type { Page } from 'playwright-core';

/**
 * Issue 16, point 5, in Chromium at desktop (1366×768) and phone (390×844) width: a form names
 * every error at once (a return for revision with neither reason nor deadline); a refusal names
 * what blocks it — the application still in eligibility review, linked, with the round's own
 * status — and its times in China's local time; every irreversible step (publishing a round,
 * submitting scores, closing the review, publishing the notice, approving, paying a tranche)
 * asks on a confirmation page first, and nothing changes until it is confirmed; a score above
 * its criterion's maximum is marked beside its field and left out of the running total.
 * axe-core (0 serious or critical), html-validate and a screenshot on every page at both widths.
 */

const SHOTS = 'errors-';
const VIEWS = Object.keys(WIDTHS) as Width[];
// A criterion whose maximum is 15: the walk through the portal saw 16 counted in the running total.
const RUBRIC = [
  { key: 'need', name: '需求分析', nameEn: 'Needs', weight: 15 },
  { key: 'design', name: '项目设计', nameEn: 'Design', weight: 35 },
  { key: 'feasibility', name: '可行性', nameEn: 'Feasibility', weight: 20 },
  { key: 'budget', name: '预算合理性', nameEn: 'Budget', weight: 30 },
];

/** An instant as a person in China reads it, computed here on its own: 2026年12月7日 23:59. */
function chinaTime(iso: string): string {
  const d = new Date(Date.parse(iso) + 8 * 3600e3);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

describe('web portal: all errors at once, refusals that name what blocks them, a pause before what cannot be undone', () => {
  let p: TestPlatform;
  let pages: PortalPages;
  let base: string;
  let manager: TestUser;
  let reviewer: TestUser;
  let signer: TestUser;
  let expert: TestUser;
  let finance1: TestUser;
  let finance2: TestUser;
  let applicants: TestUser[];
  let orgIds: string[];
  let roundId: string;
  let appIds: string[];
  let titles: string[];

  const roundStatus = async () => (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status;
  const refusal = (page: Page) => page.locator('#refusal').innerText();
  /** Clicks a form's button and answers with the status of the page that comes back. */
  async function post(page: Page, selector: string): Promise<number> {
    const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.click(selector)]);
    await page.waitForLoadState('load');
    return res.status();
  }

  beforeAll(async () => {
    // Short enough to wait for, long enough to be refused approval during it.
    const portal = await startOfficePortal('20000');
    ({ p, base } = portal);
    pages = await PortalPages.launch(base, SHOTS, portal.browser);
    ({ manager, reviewer, signer, finance1, finance2, applicants, orgIds } = await officeCast(p));
    expert = await makeUser(p, 'EXPERT');
  }, 120000);

  afterAll(async () => {
    await pages?.close();
    await stopOfficePortal(p, undefined, []);
  });

  it('asks before publishing a round, says what cannot be undone, and publishes nothing until confirmed', async () => {
    const mgr = await pages.signedInAtEachWidth(manager);
    const now = Date.now();
    const payload = roundPayload({
      rubric: RUBRIC,
      expertsPerApplication: 1,
      opensAt: new Date(now + 12000).toISOString(),
      closesAt: new Date(now + 30000).toISOString(),
    });
    roundId = (await p.http.post('/api/rounds').set(auth(manager)).send(payload).expect(201)).body.id;
    const publish = `form[action="/manage/rounds/${roundId}/publish"] button`;

    // The phone asks, reads the page and goes back: still a draft.
    const phone = mgr.phone;
    await phone.page.goto(`${base}/manage/rounds/${roundId}`);
    expect(await post(phone.page, publish)).toBe(200);
    expect(await phone.page.locator('h1').innerText()).toBe('确认发布本轮申报公告？');
    expect(await phone.page.locator('[data-irreversible]').innerText()).toContain('不能再修改');
    await phone.ctx.check('publish-confirm');
    await postForm(phone.page, () => phone.page.click('a[data-confirm-back]'));
    expect(phone.page.url()).toBe(`${base}/manage/rounds/${roundId}`);
    expect(await roundStatus()).toBe('DRAFT');
    await phone.ctx.check('publish-not-confirmed');

    const desk = mgr.desktop;
    await desk.page.goto(`${base}/manage/rounds/${roundId}`);
    expect(await post(desk.page, publish)).toBe(200);
    await desk.ctx.check('publish-confirm');
    expect(await roundStatus()).toBe('DRAFT');
    await postForm(desk.page, () => desk.page.click('[data-confirm]'));
    expect(desk.page.url()).toBe(`${base}/manage/rounds/${roundId}?done=published`);
    expect(await roundStatus()).toBe('PUBLISHED');
    await desk.ctx.check('published');
  }, 60000);

  it('names both the missing reason and the missing deadline of a return for revision at once', async () => {
    appIds = [];
    titles = [];
    for (const [k, a] of applicants.entries()) {
      const body = applicationPayload(roundId, orgIds[k], '100000.00');
      appIds.push((await p.http.post('/api/applications').set(auth(a)).send(body).expect(201)).body.id);
      titles.push(body.title);
    }
    await eventually(async () => ((await roundStatus()) === 'OPEN' ? true : undefined), { label: 'round OPEN', timeoutMs: 30000 });
    for (const [k, id] of appIds.entries()) await p.http.post(`/api/applications/${id}/submit`).set(auth(applicants[k])).expect(200);
    await p.http.post(`/api/applications/${appIds[1]}/eligibility-decision`).set(auth(reviewer)).send({ decision: 'PASS' }).expect(200);

    const rev = await pages.signedInAtEachWidth(reviewer);
    for (const view of VIEWS) {
      const { page, ctx } = rev[view];
      await page.goto(`${base}/reviewer/eligibility/${appIds[0]}`);
      await page.check('input[name="decision"][value="RETURN"]');
      expect(await post(page, `form[action="/reviewer/eligibility/${appIds[0]}"] button[type="submit"]`)).toBe(400);
      const summary = page.locator('.error-summary a');
      expect(await summary.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
        '#eligibility-reason',
        '#eligibility-revisionDeadline',
      ]);
      expect(await page.locator('#eligibility-reason-error').innerText()).toContain('理由');
      expect(await page.locator('#eligibility-revisionDeadline-error').innerText()).toContain('期限');
      expect(await page.isChecked('input[name="decision"][value="RETURN"]')).toBe(true);
      await ctx.check('return-both-errors');
    }
    expect((await p.prisma.application.findUniqueOrThrow({ where: { id: appIds[0] } })).stage).toBe('ELIGIBILITY_REVIEW');
    // The JSON API answers the same: both fields in one 400.
    const api = await p.http
      .post(`/api/applications/${appIds[0]}/eligibility-decision`)
      .set(auth(reviewer))
      .send({ decision: 'RETURN' })
      .expect(400);
    expect(api.body.errors.map((e: { field: string }) => e.field)).toEqual(['reason', 'revisionDeadline']);
  }, 60000);

  it("refuses forming the panel naming the application still in review, with a link to it and the round's own status", async () => {
    await eventually(async () => ((await roundStatus()) === 'CLOSED' ? true : undefined), { label: 'round CLOSED', timeoutMs: 40000 });
    const mgr = await pages.signedInAtEachWidth(manager);
    for (const view of VIEWS) {
      const { page, ctx } = mgr[view];
      await page.goto(`${base}/manage/rounds/${roundId}/panel`);
      await page.check(`input[name="expertIds"][value="${expert.id}"]`);
      expect(await post(page, `form[action="/manage/rounds/${roundId}/panel"] button[type="submit"]`)).toBe(409);
      const text = await refusal(page);
      expect(text).toContain('尚有 1 份申报未完成资格审查');
      expect(text).toContain('当前状态：申报截止');
      expect(text).not.toContain('已结项');
      const link = page.locator(`#refusal a[href="/manage/projects/${appIds[0]}"]`);
      expect(await link.innerText()).toBe(titles[0]);
      expect(await page.locator('#refusal [data-blockers] li').innerText()).toContain('资格审查中');
      await ctx.check('panel-refused-names-application');
    }
    const { page, ctx } = mgr.desktop;
    await postForm(page, () => page.click(`#refusal a[href="/manage/projects/${appIds[0]}"]`));
    expect(page.url()).toBe(`${base}/manage/projects/${appIds[0]}`);
    expect(await page.locator('main').innerText()).toContain(titles[0]);
    await ctx.check('blocking-application');
    expect(await roundStatus()).toBe('CLOSED');

    // The JSON API's 409 names them too, beside the round's status.
    const api = await p.http
      .post(`/api/rounds/${roundId}/panel`)
      .set(auth(manager))
      .send({ expertIds: [expert.id] })
      .expect(409);
    expect(api.body).toMatchObject({
      currentStage: 'CLOSED',
      applications: [{ id: appIds[0], title: titles[0], stage: 'ELIGIBILITY_REVIEW' }],
      applicationCount: 1,
    });
    await p.http
      .post(`/api/applications/${appIds[0]}/eligibility-decision`)
      .set(auth(reviewer))
      .send({ decision: 'REJECT', reason: '机构成立年限不足，不符合申报条件。' })
      .expect(200);
    await p.http
      .post(`/api/rounds/${roundId}/panel`)
      .set(auth(manager))
      .send({ expertIds: [expert.id] })
      .expect(200);
  }, 90000);

  it('marks a score above its maximum beside the field, leaves it out of the running total, and asks before submitting', async () => {
    const ex = await pages.signedInAtEachWidth(expert);
    const scores = `form[action="/expert/assignments/${appIds[1]}/scores"]`;
    const assignment = async () => (await p.prisma.assignment.findFirstOrThrow({ where: { applicationId: appIds[1] } })).status;
    for (const view of VIEWS) {
      const { page, ctx } = ex[view];
      await page.goto(`${base}/expert/assignments/${appIds[1]}`);
      await page.fill('#score-design', '30');
      await page.fill('#score-feasibility', '18');
      await page.fill('#score-budget', '27');
      await page.fill('#score-need', '16');
      expect(await page.locator('#score-need-range').isVisible()).toBe(true);
      expect(await page.locator('#score-need-range').innerText()).toContain('应为 0 至 15 之间的分数');
      expect(await page.getAttribute('#score-need', 'aria-invalid')).toBe('true');
      expect(await page.locator('#rubric-total').innerText()).toBe('75.00');
      expect(await page.locator('[data-total-partial]').isVisible()).toBe(true);
      await ctx.check('score-out-of-range');

      await page.fill('#score-need', '15');
      expect(await page.locator('#score-need-range').isVisible()).toBe(false);
      expect(await page.getAttribute('#score-need', 'aria-invalid')).toBeNull();
      expect(await page.locator('#rubric-total').innerText()).toBe('90.00');

      // Submitting only asks: the scores and their total, and that they are final.
      expect(await post(page, `${scores} button[type="submit"]`)).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('确认提交评分？');
      expect(await page.locator('[data-confirm-step] .facts').innerText()).toContain('90.00');
      expect(await page.locator('[data-irreversible]').innerText()).toContain('提交后不能修改');
      await ctx.check('scores-confirm');
      expect(await assignment()).toBe('ASSIGNED');
    }
    // The phone goes back to change: the form again, as typed, nothing submitted.
    const phone = ex.phone;
    await postForm(phone.page, () => phone.page.click('button[data-confirm-back]'));
    expect(await phone.page.inputValue('#score-need')).toBe('15');
    expect(await assignment()).toBe('ASSIGNED');
    await phone.ctx.check('scores-back-to-edit');

    const desk = ex.desktop;
    await postForm(desk.page, () => desk.page.click('[data-confirm]'));
    expect(desk.page.url()).toBe(`${base}/expert/assignments/${appIds[1]}?done=scored`);
    expect(await desk.page.locator('#submitted-total').innerText()).toBe('90.00');
    expect(await assignment()).toBe('SUBMITTED');
    await desk.ctx.check('scores-submitted');
  }, 60000);

  it('asks before closing the expert review, and the review stays open until confirmed', async () => {
    const mgr = await pages.signedInAtEachWidth(manager);
    const close = `form[action="/manage/rounds/${roundId}/panel/close"] button`;
    const phone = mgr.phone;
    await phone.page.goto(`${base}/manage/rounds/${roundId}/panel`);
    expect(await post(phone.page, close)).toBe(200);
    expect(await phone.page.locator('h1').innerText()).toBe('确认结束专家评审？');
    expect(await phone.page.locator('[data-irreversible]').innerText()).toContain('专家不能再提交或修改评分');
    await phone.ctx.check('close-review-confirm');
    await postForm(phone.page, () => phone.page.click('a[data-confirm-back]'));
    expect(phone.page.url()).toBe(`${base}/manage/rounds/${roundId}/panel`);
    expect(await roundStatus()).toBe('EXPERT_REVIEW');

    const desk = mgr.desktop;
    await desk.page.goto(`${base}/manage/rounds/${roundId}/panel`);
    expect(await post(desk.page, close)).toBe(200);
    await desk.ctx.check('close-review-confirm');
    expect(await roundStatus()).toBe('EXPERT_REVIEW');
    await postForm(desk.page, () => desk.page.click('[data-confirm]'));
    expect(desk.page.url()).toBe(`${base}/manage/rounds/${roundId}/ranking?done=closed`);
    expect(await roundStatus()).toBe('RANKED');
    await desk.ctx.check('review-closed');
  }, 60000);

  it('refuses approval during the notice period with its end in China time, and approves only once confirmed after it', async () => {
    const mgr = await pages.signedInAtEachWidth(manager);
    await publishNotice(mgr.desktop.page, mgr.desktop.ctx, roundId);
    expect(await roundStatus()).toBe('NOTICE');
    const endsAt = (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).noticeEndsAt!.toISOString();
    const approve = `form[action="/manage/rounds/${roundId}/approve"] button`;
    for (const view of VIEWS) {
      const { page, ctx } = mgr[view];
      await page.goto(`${base}/manage/rounds/${roundId}/ranking`);
      expect(await post(page, approve)).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('确认立项？');
      expect(await page.locator('[data-confirm-step] .facts').innerText()).toContain(chinaTime(endsAt));
      await ctx.check('approve-confirm');
      expect(await post(page, '[data-confirm]')).toBe(409);
      const text = await refusal(page);
      expect(text).toContain(`公示期至 ${chinaTime(endsAt)} 结束，期满前不能确定立项`);
      expect(text).toContain('当前状态：公示中');
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
      await ctx.check('approve-refused-local-time');
    }
    expect(await roundStatus()).toBe('NOTICE');
    const api = await p.http.post(`/api/rounds/${roundId}/approve`).set(auth(manager)).expect(409);
    expect(api.body).toMatchObject({ currentStage: 'NOTICE', until: endsAt });
    expect(api.body.message).toContain(chinaTime(endsAt));
    const later = await approveRound(mgr.desktop.page, mgr.desktop.ctx, roundId, { retryForMs: 60000 });
    expect(later.approved).toBe(true);
    expect(await roundStatus()).toBe('FINALIZED');
  }, 120000);

  it('asks before paying a tranche, and pays nothing until confirmed', async () => {
    const id = appIds[1];
    await waitStage(p, id, 'APPROVED');
    await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(applicants[1])).expect(200);
    await p.http.post(`/api/applications/${id}/agreement/sign`).set(auth(signer)).expect(200);
    await waitStage(p, id, 'IMPLEMENTATION');
    const tranche = async () => (await p.prisma.tranche.findFirstOrThrow({ where: { applicationId: id, seq: 1 } })).status;
    await eventually(async () => ((await tranche()) === 'DUE' ? true : undefined), { label: 'tranche DUE' });
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(finance1)).expect(200);

    const fin = await pages.signedInAtEachWidth(finance2);
    const row = `tr[data-project="${id}"][data-seq="1"]`;
    for (const view of VIEWS) {
      const { page, ctx } = fin[view];
      await page.goto(`${base}/finance-desk?status=REQUESTED`);
      expect(await post(page, `${row} form[action$="/approve"] button`)).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('确认审批并拨付这笔资金？');
      const facts = await page.locator('[data-confirm-step] .facts').innerText();
      expect(facts).toContain(titles[1]);
      expect(facts).toContain('50,000.00 元');
      expect(await page.locator('[data-irreversible]').innerText()).toContain('资金拨付后不能撤回');
      await ctx.check('pay-confirm');
      expect(await tranche()).toBe('REQUESTED');
    }
    const phone = fin.phone;
    await postForm(phone.page, () => phone.page.click('a[data-confirm-back]'));
    expect(phone.page.url()).toBe(`${base}/finance-desk?status=REQUESTED`);
    expect(await tranche()).toBe('REQUESTED');
    expect(await p.prisma.payment.count({ where: { applicationId: id } })).toBe(0);

    const desk = fin.desktop;
    await postForm(desk.page, () => desk.page.click('[data-confirm]'));
    expect(desk.page.url()).toContain('done=approved');
    expect(await tranche()).toBe('PAID');
    await desk.ctx.check('paid');
  }, 90000);
});
