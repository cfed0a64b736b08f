import type { Download, Page } from 'playwright-core';

/**
 * Browser steps of the office roles — 项目管理员 (/manage) and 财务人员 (/finance-desk) — for the
 * lifecycle story: each takes a page already signed in as the right person, drives only the
 * portal's pages (never the JSON API), calls `check` on every page it lands on, and returns what
 * it created. Elements are found by id, name or href, so a step works in either language.
 */
export interface StepContext {
  /** http://127.0.0.1:<port> of the platform under test. */
  base: string;
  /** Screenshot and accessibility check of the page as it is now, named by step. */
  check(name: string): Promise<void>;
}

export interface RoundInput {
  name: string;
  kind?: 'VENTURE' | 'PURCHASE';
  regionCode?: string;
  categories: string[];
  budgetPool: string;
  projectCeiling: string;
  opensAt: Date;
  closesAt: Date;
  minYearsRegistered?: number;
  minRating?: string;
  /** Replaces the default rubric when given. */
  rubric?: { key: string; name: string; nameEn?: string; weight: number }[];
  /** Replaces the default tranche plan when given. */
  tranchePlan?: { stage: 'AGREEMENT_SIGNED' | 'MIDTERM_PASSED' | 'CLOSEOUT'; percent: number; label?: string }[];
  expertsPerApplication?: number;
  passMark?: number;
  noticeWorkingDays?: number;
  periodicReports?: number;
  issuingBureau?: string;
}

/** A `datetime-local` value in China time, as the form reads it. */
export function chinaLocal(d: Date): string {
  return new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 19);
}

/**
 * Clicks a form's button and waits for the page that answers: the page a success redirects to,
 * or the same form re-rendered with its errors (which may have the very URL it was posted from).
 */
export async function postForm(page: Page, click: () => Promise<void>): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() }), click()]);
  await page.waitForLoadState('load');
}

/** Submits and tells whether the decision went through (the redirect's URL matches `ok`) or was refused on the page. */
async function submit(page: Page, click: () => Promise<void>, ok: RegExp): Promise<boolean> {
  await postForm(page, click);
  return ok.test(page.url());
}

/**
 * Clicks an irreversible step's button, which only asks: checks the confirmation page it lands on
 * (what the step does, what cannot be undone), then confirms there and waits for the answer.
 */
export async function confirmStep(page: Page, ctx: StepContext, name: string, click: () => Promise<void>): Promise<void> {
  await postForm(page, click);
  if ((await page.locator('[data-confirm-step]').count()) === 0) {
    throw new Error(`${name}: no confirmation page, got: ${(await refusalText(page)) ?? (await page.locator('main').innerText())}`);
  }
  await ctx.check(`${name}-confirm`);
  await postForm(page, () => page.click('[data-confirm]'));
}

/** The refusal box's text, when the page shows one. */
async function refusalText(page: Page): Promise<string | undefined> {
  const box = page.locator('#refusal');
  return (await box.count()) > 0 ? box.innerText() : undefined;
}

/** Rows of the rubric or tranche plan: as many as `n`, by adding (the page's script) or clearing (a cleared row is dropped). */
async function fitRows(page: Page, group: 'rubric' | 'tranchePlan', n: number): Promise<void> {
  const rows = page.locator(`#round-${group} [data-row]`);
  while ((await rows.count()) < n) await page.locator(`#round-${group} [data-add-row]`).click();
  const count = await rows.count();
  for (let i = n; i < count; i++) {
    for (const field of await rows.nth(i).locator('input, select').all()) {
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption('');
      else await field.fill('');
    }
  }
}

/** Fills the round set-up form (new or edit) with `input`; fields not given keep what the form shows. */
export async function fillRoundForm(page: Page, input: RoundInput): Promise<void> {
  await page.fill('#round-name', input.name);
  await page.check(`input[name="kind"][value="${input.kind ?? 'VENTURE'}"]`);
  if (input.regionCode) await page.fill('#round-regionCode', input.regionCode);
  if (input.issuingBureau) await page.fill('#round-issuingBureau', input.issuingBureau);
  await page.fill('#round-categories', input.categories.join('\n'));
  await page.fill('#round-budgetPool', input.budgetPool);
  await page.fill('#round-projectCeiling', input.projectCeiling);
  await page.fill('#round-opensAt', chinaLocal(input.opensAt));
  await page.fill('#round-closesAt', chinaLocal(input.closesAt));
  if (input.minYearsRegistered !== undefined) await page.fill('#round-eligibility-minYearsRegistered', String(input.minYearsRegistered));
  if (input.minRating !== undefined) await page.selectOption('#round-eligibility-minRating', input.minRating);
  if (input.rubric) {
    await fitRows(page, 'rubric', input.rubric.length);
    for (const [i, c] of input.rubric.entries()) {
      await page.fill(`#round-rubric-${i}-key`, c.key);
      await page.fill(`#round-rubric-${i}-name`, c.name);
      await page.fill(`#round-rubric-${i}-nameEn`, c.nameEn ?? '');
      await page.fill(`#round-rubric-${i}-weight`, String(c.weight));
    }
  }
  if (input.tranchePlan) {
    await fitRows(page, 'tranchePlan', input.tranchePlan.length);
    for (const [i, s] of input.tranchePlan.entries()) {
      await page.selectOption(`#round-tranchePlan-${i}-stage`, s.stage);
      await page.fill(`#round-tranchePlan-${i}-percent`, String(s.percent));
      await page.fill(`#round-tranchePlan-${i}-label`, s.label ?? '');
    }
  }
  const optional = {
    expertsPerApplication: input.expertsPerApplication,
    passMark: input.passMark,
    noticeWorkingDays: input.noticeWorkingDays,
    periodicReports: input.periodicReports,
  };
  for (const [field, value] of Object.entries(optional)) if (value !== undefined) await page.fill(`#round-${field}`, String(value));
}

/** 发布公告: the rounds list, the set-up form, the saved draft, then publication. */
export async function createAndPublishRound(page: Page, ctx: StepContext, input: RoundInput): Promise<{ roundId: string }> {
  await page.goto(`${ctx.base}/manage/rounds`);
  await ctx.check('office-rounds');
  await page.click('a[href="/manage/rounds/new"]');
  await page.waitForURL(`${ctx.base}/manage/rounds/new`);
  await ctx.check('office-round-new');
  await fillRoundForm(page, input);
  if (!(await submit(page, () => page.click('[data-save]'), /\/manage\/rounds\/[0-9a-f-]{36}\?done=created/))) {
    throw new Error(`the round form was refused: ${await page.locator('main').innerText()}`);
  }
  const roundId = /\/manage\/rounds\/([0-9a-f-]{36})/.exec(page.url())![1];
  await ctx.check('office-round-draft');
  await confirmStep(page, ctx, 'office-round-publish', () => page.click(`form[action="/manage/rounds/${roundId}/publish"] button`));
  if (!/done=published/.test(page.url())) {
    throw new Error(`publication was refused: ${await refusalText(page)}`);
  }
  await ctx.check('office-round-published');
  return { roundId };
}

/** 组建评审组: chooses the experts (by account id) once applications have closed. */
export async function formPanel(page: Page, ctx: StepContext, roundId: string, expertIds: string[]): Promise<void> {
  await page.goto(`${ctx.base}/manage/rounds/${roundId}/panel`);
  await ctx.check('office-panel-form');
  for (const id of expertIds) await page.check(`input[name="expertIds"][value="${id}"]`);
  if (!(await submit(page, () => page.click(`form[action="/manage/rounds/${roundId}/panel"] button[type="submit"]`), /done=formed/))) {
    throw new Error(`the panel was refused: ${(await refusalText(page)) ?? (await page.locator('main').innerText())}`);
  }
  await ctx.check('office-panel-formed');
}

/** 结束评审: once every score is in; lands on the ranking. */
export async function closePanel(page: Page, ctx: StepContext, roundId: string): Promise<void> {
  await page.goto(`${ctx.base}/manage/rounds/${roundId}/panel`);
  await ctx.check('office-panel-progress');
  await confirmStep(page, ctx, 'office-panel-close', () => page.click(`form[action="/manage/rounds/${roundId}/panel/close"] button`));
  if (!/ranking\?done=closed/.test(page.url())) {
    throw new Error(`closing the panel was refused: ${await refusalText(page)}`);
  }
  await ctx.check('office-ranking');
}

/** 调减资助金额 with a reason; returns the award the ranking then shows. */
export async function cutAward(
  page: Page,
  ctx: StepContext,
  a: { roundId: string; applicationId: string; amount: string; reason: string },
): Promise<{ award: string }> {
  await page.goto(`${ctx.base}/manage/rounds/${a.roundId}/ranking`);
  await ctx.check('office-ranking-before-cut');
  await page.selectOption('#award-applicationId', a.applicationId);
  await page.fill('#award-amount', a.amount);
  await page.fill('#award-reason', a.reason);
  if (!(await submit(page, () => page.click(`form[action="/manage/rounds/${a.roundId}/awards"] button`), /done=cut/))) {
    throw new Error(`the cut was refused: ${await page.locator('main').innerText()}`);
  }
  await ctx.check('office-award-cut');
  return { award: (await page.getAttribute(`tr[data-application="${a.applicationId}"] [data-award]`, 'data-award')) ?? '' };
}

/** 发布公示. */
export async function publishNotice(page: Page, ctx: StepContext, roundId: string): Promise<void> {
  await page.goto(`${ctx.base}/manage/rounds/${roundId}/ranking`);
  await confirmStep(page, ctx, 'office-notice', () => page.click(`form[action="/manage/rounds/${roundId}/notice"] button`));
  if (!/done=noticed/.test(page.url())) {
    throw new Error(`the notice was refused: ${await refusalText(page)}`);
  }
  await ctx.check('office-notice-published');
}

/**
 * 确定立项. While the notice period runs the workflow refuses (409, shown on the page): with
 * `retryForMs` the step tries again until then; otherwise it returns the refusal it saw.
 */
export async function approveRound(
  page: Page,
  ctx: StepContext,
  roundId: string,
  opts: { retryForMs?: number } = {},
): Promise<{ approved: boolean; refusal?: string }> {
  const until = Date.now() + (opts.retryForMs ?? 0);
  for (;;) {
    await page.goto(`${ctx.base}/manage/rounds/${roundId}/ranking`);
    await confirmStep(page, ctx, 'office-approve', () => page.click(`form[action="/manage/rounds/${roundId}/approve"] button`));
    const approved = /done=approved/.test(page.url());
    if (approved) {
      await ctx.check('office-round-approved');
      return { approved };
    }
    const refusal = await refusalText(page);
    if (Date.now() >= until) {
      await ctx.check('office-approve-refused');
      return { approved, refusal };
    }
    await page.waitForTimeout(1000);
  }
}

/** Opens a finance queue until the tranche's row is on it (a tranche falls due a moment after the event that makes it due). */
async function openQueueAt(page: Page, ctx: StepContext, status: 'DUE' | 'REQUESTED', row: string, waitMs: number): Promise<void> {
  const until = Date.now() + waitMs;
  for (;;) {
    await page.goto(`${ctx.base}/finance-desk?status=${status}`);
    if ((await page.locator(row).count()) > 0) return;
    if (Date.now() >= until) throw new Error(`${row} is not in the ${status} queue`);
    await page.waitForTimeout(1000);
  }
}

/** 申请拨付 by one finance officer, once the tranche is due (waiting up to `waitMs` for it). */
export async function requestTranche(page: Page, ctx: StepContext, t: { projectId: string; seq: number }, waitMs = 30000): Promise<void> {
  const row = `tr[data-project="${t.projectId}"][data-seq="${t.seq}"]`;
  await openQueueAt(page, ctx, 'DUE', row, waitMs);
  await ctx.check('office-finance-due');
  if (!(await submit(page, () => page.click(`${row} form[action$="/request"] button`), /done=requested/))) {
    throw new Error(`the request was refused: ${await refusalText(page)}`);
  }
  await ctx.check('office-finance-requested');
}

/**
 * 审批拨付 by another officer (or a program manager); approval pays. The officer who requested
 * it is refused by the workflow (403, shown on the page): the step then returns the refusal.
 */
export async function approveTranche(
  page: Page,
  ctx: StepContext,
  t: { projectId: string; seq: number },
): Promise<{ paid: boolean; refusal?: string }> {
  const row = `tr[data-project="${t.projectId}"][data-seq="${t.seq}"]`;
  await openQueueAt(page, ctx, 'REQUESTED', row, 10000);
  await ctx.check('office-finance-requested-queue');
  await confirmStep(page, ctx, 'office-finance-pay', () => page.click(`${row} form[action$="/approve"] button`));
  const paid = /done=approved/.test(page.url());
  await ctx.check(paid ? 'office-finance-paid' : 'office-finance-approve-refused');
  return paid ? { paid } : { paid, refusal: await refusalText(page) };
}

/** 资金拨付台账: downloads the Excel workbook from the finance desk; returns the saved file. */
export async function downloadLedger(
  page: Page,
  ctx: StepContext,
  saveAs: string,
  filters: { status?: string; roundId?: string } = {},
): Promise<{ path: string; filename: string }> {
  const q = new URLSearchParams({
    ...(filters.status && { status: filters.status }),
    ...(filters.roundId && { roundId: filters.roundId }),
  }).toString();
  await page.goto(`${ctx.base}/finance-desk${q ? `?${q}` : ''}`);
  await ctx.check('office-finance-ledger');
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.click('#ledger a[download]')]);
  await download.saveAs(saveAs);
  return { path: saveAs, filename: download.suggestedFilename() };
}

/** 指定评估人员 on the project's page. */
export async function assignEvaluator(page: Page, ctx: StepContext, projectId: string, evaluatorId: string): Promise<void> {
  await page.goto(`${ctx.base}/manage/projects/${projectId}`);
  await ctx.check('office-project');
  await page.selectOption('#evaluator-evaluatorId', evaluatorId);
  if (!(await submit(page, () => page.click(`form[action="/manage/projects/${projectId}/evaluator"] button`), /done=evaluator/))) {
    throw new Error(`assigning the evaluator was refused: ${await page.locator('main').innerText()}`);
  }
  await ctx.check('office-evaluator-assigned');
}

/** 终止项目 with its reason. */
export async function terminateProject(page: Page, ctx: StepContext, projectId: string, reason: string): Promise<void> {
  await page.goto(`${ctx.base}/manage/projects/${projectId}`);
  await page.fill('#terminate-reason', reason);
  if (!(await submit(page, () => page.click(`form[action="/manage/projects/${projectId}/terminate"] button`), /done=terminated/))) {
    throw new Error(`termination was refused: ${await page.locator('main').innerText()}`);
  }
  await ctx.check('office-project-terminated');
}

/** 数据看板, optionally for one round; returns the committed and paid figures it shows. */
export async function viewDashboard(page: Page, ctx: StepContext, roundId?: string): Promise<{ committed: string; paid: string }> {
  await page.goto(`${ctx.base}/manage/dashboard${roundId ? `?roundId=${roundId}` : ''}`);
  await ctx.check('office-dashboard');
  return {
    committed: (await page.getAttribute('[data-committed]', 'data-committed')) ?? '',
    paid: (await page.getAttribute('[data-paid]', 'data-paid')) ?? '',
  };
}
