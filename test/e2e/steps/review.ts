import type { Locator, Page } from 'playwright-core';

/**
 * Browser steps of the review area (民政审核人员, 评审专家, 评估人员), for the area's own test and
 * the lifecycle story. Each takes a page already signed in as the right person, drives only the
 * portal's pages (never the JSON API), calls `check(name)` on every page it lands on, and returns
 * the ids it acted on. Elements are found by id and form action, so a step works in either language.
 */
export interface StepContext {
  /** http://127.0.0.1:<port> of the platform under test. */
  base: string;
  /** Screenshot and accessibility check of the page as it is now. */
  check: (name: string) => Promise<void>;
}

export type Scores = Record<string, string | number>;

/** Goes to a page of the portal and checks it. */
async function visit(page: Page, ctx: StepContext, path: string, name: string): Promise<void> {
  const res = await page.goto(`${ctx.base}${path}`);
  if (!res || res.status() >= 400) throw new Error(`${path} answered ${res?.status()}: ${await page.locator('main').innerText()}`);
  await ctx.check(name);
}

/**
 * Follows a link and checks the page it leads to. A queue of a busy region runs to several pages,
 * oldest first: as a person would, the step pages on (下一页) until the link is there.
 */
async function follow(page: Page, ctx: StepContext, link: Locator, url: RegExp, name: string): Promise<void> {
  for (let next = page.locator('nav.pager a[rel="next"]'); (await link.count()) === 0 && (await next.count()) > 0;) {
    const href = (await next.getAttribute('href'))!;
    await Promise.all([page.waitForURL((u) => `${u.pathname}${u.search}` === href), next.click()]);
  }
  await link.first().click();
  await page.waitForURL(url);
  await ctx.check(name);
}

/**
 * Submits a form and expects to land on `url` (Post/Redirect/Get). A form that comes back
 * instead (a validation error or a refusal) fails the step with what the page says.
 */
async function submit(page: Page, ctx: StepContext, form: Locator, url: RegExp, name: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('[type="submit"]').click()]);
  if (!url.test(page.url())) {
    const alert = await page.locator('[role="alert"]').allInnerTexts();
    throw new Error(
      `${name}: expected ${url}, got ${page.url()}: ${alert.join(' | ') || (await page.locator('main').innerText()).slice(0, 500)}`,
    );
  }
  await ctx.check(name);
}

async function fillRubric(form: Locator, scores: Scores, comments: Record<string, string> = {}): Promise<void> {
  for (const [key, value] of Object.entries(scores)) await form.locator(`#score-${key}`).fill(String(value));
  for (const [key, value] of Object.entries(comments)) await form.locator(`#comment-${key}`).fill(value);
}

const byAction = (page: Page, action: string) => page.locator(`form[action="${action}"]`);
const dateIn = (days: number) => new Date(Date.now() + days * 86400000 + 8 * 3600000).toISOString().slice(0, 10);

// ------------------------------------------------------------------ 民政审核人员 (REVIEWER)

async function decideEligibility(
  page: Page,
  ctx: StepContext,
  applicationId: string,
  decision: 'PASS' | 'RETURN' | 'REJECT',
  reason?: string,
  deadline?: string,
  search?: string,
) {
  // A busy region's queue runs to several pages: the reviewer searches for the project by name.
  const queue = search ? `/reviewer/eligibility?q=${encodeURIComponent(search)}` : '/reviewer/eligibility';
  await visit(page, ctx, queue, 'reviewer-eligibility-queue');
  await follow(
    page,
    ctx,
    page.locator(`a[href="/reviewer/eligibility/${applicationId}"]`),
    new RegExp(`/reviewer/eligibility/${applicationId}$`),
    'reviewer-eligibility-decision',
  );
  const form = byAction(page, `/reviewer/eligibility/${applicationId}`);
  await form.locator(`input[name="decision"][value="${decision}"]`).check();
  if (reason) await form.locator('#eligibility-reason').fill(reason);
  if (deadline) await form.locator('#eligibility-revisionDeadline').fill(deadline);
  await submit(
    page,
    ctx,
    form,
    // The reviewer goes on to the next application waiting, or back to the queue when none is left.
    /\/reviewer\/eligibility(\/[0-9a-f-]+)?\?done=eligibility$/,
    `reviewer-eligibility-${decision.toLowerCase()}`,
  );
  return { applicationId };
}

/** 资格审查通过, from the eligibility queue. */
export function passEligibility(page: Page, ctx: StepContext, input: { applicationId: string; reason?: string; search?: string }) {
  return decideEligibility(page, ctx, input.applicationId, 'PASS', input.reason, undefined, input.search);
}

/** 退回补正 with a reason and a deadline (YYYY-MM-DD, default a week ahead). */
export function returnForRevision(page: Page, ctx: StepContext, input: { applicationId: string; reason: string; deadline?: string }) {
  return decideEligibility(page, ctx, input.applicationId, 'RETURN', input.reason, input.deadline ?? dateIn(7));
}

/** 不予受理 with a reason. */
export function rejectApplication(page: Page, ctx: StepContext, input: { applicationId: string; reason: string }) {
  return decideEligibility(page, ctx, input.applicationId, 'REJECT', input.reason);
}

/** 异议处理: a written ruling on an objection, from the objections queue. */
export async function ruleOnObjection(
  page: Page,
  ctx: StepContext,
  input: { objectionId: string; decision: 'UPHELD' | 'DISMISSED'; ruling: string },
) {
  await visit(page, ctx, '/reviewer/objections', 'reviewer-objections-queue');
  await follow(
    page,
    ctx,
    page.locator(`a[href="/reviewer/objections/${input.objectionId}"]`),
    new RegExp(`/reviewer/objections/${input.objectionId}$`),
    'reviewer-objection',
  );
  const form = byAction(page, `/reviewer/objections/${input.objectionId}/ruling`);
  await form.locator(`input[name="decision"][value="${input.decision}"]`).check();
  await form.locator('#ruling-ruling').fill(input.ruling);
  await submit(page, ctx, form, /\/reviewer\/projects\/[0-9a-f-]+\?done=ruling/, 'reviewer-objection-ruled');
  const applicationId = /\/reviewer\/projects\/([0-9a-f-]+)/.exec(page.url())![1];
  return { objectionId: input.objectionId, applicationId };
}

/** 甲方签署: the bureau's signature on the agreement, from the agreements queue. */
export async function signAgreementAsReviewer(page: Page, ctx: StepContext, input: { applicationId: string }) {
  await visit(page, ctx, '/reviewer/agreements', 'reviewer-agreements-queue');
  await follow(
    page,
    ctx,
    page.locator(`a[href="/reviewer/agreements/${input.applicationId}"]`),
    new RegExp(`/reviewer/agreements/${input.applicationId}$`),
    'reviewer-agreement',
  );
  await submit(
    page,
    ctx,
    byAction(page, `/reviewer/agreements/${input.applicationId}/sign`),
    new RegExp(`/reviewer/projects/${input.applicationId}\\?done=signed`),
    'reviewer-agreement-signed',
  );
  return { applicationId: input.applicationId };
}

async function reviewReport(
  page: Page,
  ctx: StepContext,
  applicationId: string,
  seq: number,
  decision: 'ACCEPT' | 'RETURN',
  note?: string,
  deadline?: string,
) {
  const path = `/reviewer/projects/${applicationId}/reports/${seq}`;
  await visit(page, ctx, '/reviewer/reports', 'reviewer-reports-queue');
  await follow(page, ctx, page.locator(`a[href="${path}"]`), new RegExp(`${path}$`), 'reviewer-report');
  const form = byAction(page, `${path}/review`);
  await form.locator(`input[name="decision"][value="${decision}"]`).check();
  if (note) await form.locator('#report-note').fill(note);
  if (deadline) await form.locator('#report-revisionDeadline').fill(deadline);
  await submit(
    page,
    ctx,
    form,
    new RegExp(`/reviewer/projects/${applicationId}\\?done=report`),
    `reviewer-report-${decision.toLowerCase()}`,
  );
  return { applicationId, seq };
}

/** 报告审核通过, from the reports queue. */
export function acceptReport(page: Page, ctx: StepContext, input: { applicationId: string; seq: number; note?: string }) {
  return reviewReport(page, ctx, input.applicationId, input.seq, 'ACCEPT', input.note);
}

/** 退回修改 with a note and a revision deadline (YYYY-MM-DD, default a week ahead). */
export function returnReport(page: Page, ctx: StepContext, input: { applicationId: string; seq: number; note: string; deadline?: string }) {
  return reviewReport(page, ctx, input.applicationId, input.seq, 'RETURN', input.note, input.deadline ?? dateIn(7));
}

/** 变更审批: approve or reject a change request, with a reason, from the changes queue. */
export async function decideChange(
  page: Page,
  ctx: StepContext,
  input: { applicationId: string; changeId: string; decision: 'APPROVE' | 'REJECT'; reason: string },
) {
  const path = `/reviewer/projects/${input.applicationId}/changes/${input.changeId}`;
  await visit(page, ctx, '/reviewer/changes', 'reviewer-changes-queue');
  await follow(page, ctx, page.locator(`a[href="${path}"]`), new RegExp(`${path}$`), 'reviewer-change');
  const form = byAction(page, `${path}/decision`);
  await form.locator(`input[name="decision"][value="${input.decision}"]`).check();
  await form.locator('#change-reason').fill(input.reason);
  await submit(
    page,
    ctx,
    form,
    new RegExp(`/reviewer/projects/${input.applicationId}\\?done=change`),
    `reviewer-change-${input.decision.toLowerCase()}`,
  );
  return { applicationId: input.applicationId, changeId: input.changeId };
}

/** 政府方评价 (GOV_ON_ORG) on ORGANIZATION_SIDE_RUBRIC, from the bureau-evaluations queue. */
export async function fileGovEvaluation(
  page: Page,
  ctx: StepContext,
  input: { applicationId: string; scores: Scores; comments?: Record<string, string>; summary: string },
) {
  const path = `/reviewer/projects/${input.applicationId}/evaluation`;
  await visit(page, ctx, '/reviewer/evaluations', 'reviewer-evaluations-queue');
  await follow(page, ctx, page.locator(`a[href="${path}"]`), new RegExp(`${path}$`), 'reviewer-gov-evaluation');
  const form = byAction(page, path);
  await fillRubric(form, input.scores, input.comments);
  await form.locator('#evaluation-summary').fill(input.summary);
  await submit(page, ctx, form, new RegExp(`/reviewer/projects/${input.applicationId}\\?done=evaluation`), 'reviewer-gov-evaluation-filed');
  return { applicationId: input.applicationId };
}

// ------------------------------------------------------------------ 评审专家 (EXPERT)

/** 回避声明: finds the organization by name or credit code and declares a tie to it. */
export async function declareTie(page: Page, ctx: StepContext, input: { search: string; organizationId: string; reason: string }) {
  await visit(page, ctx, '/expert/ties', 'expert-ties');
  await page.locator('#tie-search').fill(input.search);
  await Promise.all([
    page.waitForURL(/\/expert\/ties\?q=/),
    page.locator('form[action="/expert/ties"][method="get"] [type="submit"]').click(),
  ]);
  await ctx.check('expert-ties-search');
  const form = page.locator('form[action="/expert/ties"][method="post"]');
  await form.locator('#tie-organizationId').selectOption(input.organizationId);
  await form.locator('#tie-reason').fill(input.reason);
  await submit(page, ctx, form, /\/expert\/ties\?done=tie/, 'expert-tie-declared');
  return { organizationId: input.organizationId };
}

/** 回避: declines an assignment for a conflict of interest; the round reassigns it. */
export async function declineAssignment(page: Page, ctx: StepContext, input: { applicationId: string; reason: string }) {
  await openAssignment(page, ctx, input.applicationId);
  const form = byAction(page, `/expert/assignments/${input.applicationId}/decline`);
  await form.locator('#decline-reason').fill(input.reason);
  await submit(page, ctx, form, /\/expert\/assignments\?done=declined/, 'expert-declined');
  return { applicationId: input.applicationId };
}

/** From the assignments list to one application's page. */
export async function openAssignment(page: Page, ctx: StepContext, applicationId: string) {
  await visit(page, ctx, '/expert/assignments', 'expert-assignments');
  await follow(
    page,
    ctx,
    page.locator(`a[href="/expert/assignments/${applicationId}"]`),
    new RegExp(`/expert/assignments/${applicationId}$`),
    'expert-assignment',
  );
}

/** 提交评分 on the round's rubric; returns the total the page shows for the submitted scores. */
export async function scoreApplication(
  page: Page,
  ctx: StepContext,
  input: { applicationId: string; scores: Scores; comments?: Record<string, string> },
) {
  await openAssignment(page, ctx, input.applicationId);
  const form = byAction(page, `/expert/assignments/${input.applicationId}/scores`);
  await fillRubric(form, input.scores, input.comments);
  await ctx.check('expert-scores-filled');
  // Scores are final: the form asks on a confirmation page first, which submits them.
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), form.locator('[type="submit"]').click()]);
  if ((await page.locator('[data-confirm-step]').count()) === 0) {
    throw new Error(`expert-scores: no confirmation page: ${(await page.locator('[role="alert"]').allInnerTexts()).join(' | ')}`);
  }
  await ctx.check('expert-scores-confirm');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator('[data-confirm]').click()]);
  if (!new RegExp(`/expert/assignments/${input.applicationId}\\?done=scored`).test(page.url())) {
    throw new Error(`expert-scores: not submitted: ${(await page.locator('[role="alert"]').allInnerTexts()).join(' | ')}`);
  }
  await ctx.check('expert-scored');
  const total = (await page.locator('#submitted-total').innerText()).trim();
  return { applicationId: input.applicationId, total };
}

// ------------------------------------------------------------------ 评估人员 (EVALUATOR)

async function fileEvaluatorForm(
  page: Page,
  ctx: StepContext,
  applicationId: string,
  slug: 'midterm' | 'final',
  input: { scores: Scores; comments?: Record<string, string>; summary: string },
) {
  const path = `/evaluator/projects/${applicationId}/evaluations/${slug}`;
  await visit(page, ctx, '/evaluator/projects', 'evaluator-projects');
  await follow(
    page,
    ctx,
    page.locator(`a[href="/evaluator/projects/${applicationId}"]`),
    new RegExp(`/evaluator/projects/${applicationId}$`),
    'evaluator-project',
  );
  await follow(page, ctx, page.locator(`main a[href="${path}"]`), new RegExp(`${path}$`), `evaluator-${slug}-form`);
  const form = byAction(page, path);
  await fillRubric(form, input.scores, input.comments);
  await form.locator('#evaluation-summary').fill(input.summary);
  await submit(page, ctx, form, new RegExp(`/evaluator/projects/${applicationId}\\?done=evaluation`), `evaluator-${slug}-filed`);
  return { applicationId };
}

/** 中期评估 (MIDTERM_RUBRIC); during rectification the same step files the re-evaluation. */
export function fileMidtermEvaluation(
  page: Page,
  ctx: StepContext,
  input: { applicationId: string; scores: Scores; comments?: Record<string, string>; summary: string },
) {
  return fileEvaluatorForm(page, ctx, input.applicationId, 'midterm', input);
}

/** 第三方结项评估 (FINAL_RUBRIC). */
export function fileFinalEvaluation(
  page: Page,
  ctx: StepContext,
  input: { applicationId: string; scores: Scores; comments?: Record<string, string>; summary: string },
) {
  return fileEvaluatorForm(page, ctx, input.applicationId, 'final', input);
}
