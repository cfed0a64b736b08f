import { pdfFile } from '../../support/files';
import type { Page } from 'playwright-core';

/**
 * The applicant's (申报单位) steps through the portal's pages, for this area's browser test and
 * the lifecycle story: each takes a page already signed in as an applicant, drives the pages
 * only (no JSON API), calls `check` after every page it lands on, and returns the ids it made.
 * Fields are found by their ids and forms by their actions, so the steps run in either language.
 * The document page (openDocument) sends a Content-Security-Policy that forbids every script:
 * a context whose `check` injects axe-core there needs `bypassCSP: true`.
 */
export type Check = (name: string) => Promise<void>;

export interface OrganizationInput {
  name: string;
  creditCode: string;
  regionCode: string;
  registeredAt: string;
  rating?: string;
  contactName: string;
  contactPhone: string;
  contactEmail?: string;
  address?: string;
}

export interface UploadInput {
  kind: string;
  name: string;
  mimeType: string;
  buffer: Buffer;
}

export interface ApplicationInput {
  organizationId: string;
  roundId: string;
  title: string;
  category: string;
  summary: string;
  beneficiaries: string;
  requestedAmount: string;
  matchingFunds?: string;
  budgetLines: { type: string; description: string; amount: string }[];
  indicators: { name: string; unit: string; target: number }[];
  milestones: { title: string; dueOn: string; deliverable: string }[];
  attachment?: UploadInput;
}

/** An application of 100,000.00 yuan with three budget lines (management at 10 %), two indicators and a milestone. */
export function sampleApplication(organizationId: string, roundId: string, overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    organizationId,
    roundId,
    title: '社区长者关爱服务项目',
    category: '为老',
    summary: '面向社区独居、空巢老人提供上门探访、健康讲座和互助小组服务，建立社区支持网络。',
    beneficiaries: '社区60岁以上独居及空巢老人',
    requestedAmount: '100000.00',
    budgetLines: [
      { type: 'PERSONNEL', description: '社工人员补贴', amount: '45000.00' },
      { type: 'ACTIVITY', description: '探访与小组活动', amount: '45000.00' },
      { type: 'MANAGEMENT', description: '项目管理费', amount: '10000.00' },
    ],
    indicators: [
      { name: '服务人次', unit: '人次', target: 1200 },
      { name: '活动场次', unit: '场', target: 24 },
    ],
    milestones: [{ title: '需求调研完成', dueOn: '2027-03-31', deliverable: '需求评估报告' }],
    ...overrides,
  };
}

/** A small PDF to upload (attachments, report evidence). */
export function samplePdf(kind: string, name: string): UploadInput {
  return { kind, name, mimeType: 'application/pdf', buffer: pdfFile(kind) };
}

/** A path of the site the page is on. */
export async function go(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, page.url()).toString());
}

/** Submits a form by clicking its button and waits for the page it leads to. */
async function submit(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.locator(button).first().click()]);
}

/** Why the page refused, for a step's failure message: the refusal box or the error summary. */
async function refusal(page: Page): Promise<string> {
  const box = page.locator('[role="alert"]');
  return (await box.count()) > 0 ? (await box.first().innerText()).replace(/\s+/g, ' ') : `HTTP page at ${page.url()}`;
}

async function fill(page: Page, values: Record<string, string | undefined>): Promise<void> {
  for (const [id, value] of Object.entries(values)) if (value !== undefined) await page.fill(`#${id}`, value);
}

/** 登记社会组织: from the organizations list to the new profile; returns the organization's id. */
export async function registerOrganization(page: Page, org: OrganizationInput, check: Check): Promise<{ organizationId: string }> {
  await go(page, '/my/organizations');
  await check('organizations');
  await Promise.all([page.waitForURL(/\/my\/organizations\/new$/), page.locator('a[href="/my/organizations/new"]').first().click()]);
  await check('organization-new');
  await fill(page, {
    'org-name': org.name,
    'org-creditCode': org.creditCode,
    'org-regionCode': org.regionCode,
    'org-registeredAt': org.registeredAt,
    'org-contactName': org.contactName,
    'org-contactPhone': org.contactPhone,
    'org-contactEmail': org.contactEmail,
    'org-address': org.address,
  });
  if (org.rating) await page.selectOption('#org-rating', org.rating);
  await submit(page, 'form[action="/my/organizations"] button[type="submit"]');
  const m = /\/my\/organizations\/([0-9a-f-]{36})\?created=1/.exec(page.url());
  if (!m) throw new Error(`registering the organization did not reach its profile: ${await refusal(page)}`);
  await check('organization-registered');
  return { organizationId: m[1] };
}

/** Fills the application form's fields and rows (adding rows with the page's own button where needed). */
export async function fillApplicationForm(
  page: Page,
  a: Omit<ApplicationInput, 'organizationId' | 'roundId' | 'attachment'>,
): Promise<void> {
  await fill(page, {
    'app-title': a.title,
    'app-summary': a.summary,
    'app-beneficiaries': a.beneficiaries,
    'app-requestedAmount': a.requestedAmount,
  });
  await page.selectOption('#app-category', a.category);
  if (a.matchingFunds !== undefined) await page.fill('#app-matchingFunds', a.matchingFunds);
  const rows = async (group: string, list: Record<string, string | number>[], select: string[] = []) => {
    while ((await page.locator(`[data-row-group="${group}"] [data-row]`).count()) < list.length) {
      await page.locator(`button[data-add-row="${group}"]`).click();
      await page.waitForLoadState('load');
    }
    for (const [i, row] of list.entries()) {
      for (const [field, value] of Object.entries(row)) {
        const id = `#app-${group}-${i}-${field}`;
        if (select.includes(field)) await page.selectOption(id, String(value));
        else await page.fill(id, String(value));
      }
    }
  };
  await rows('budget', a.budgetLines, ['type']);
  await rows('indicator', a.indicators);
  await rows('milestone', a.milestones);
}

/** Uploads a file with the upload form on the page (application attachments or report evidence). */
export async function uploadFile(page: Page, file: UploadInput, check: Check, name: string): Promise<void> {
  await page.selectOption('#upload-kind', file.kind);
  await page.setInputFiles('#upload-file', { name: file.name, mimeType: file.mimeType, buffer: file.buffer });
  await submit(page, 'form.upload-form button[type="submit"]');
  await check(name);
}

/** 新建草稿: from the organization's eligible rounds to the saved draft; returns the application's id. */
export async function createDraft(page: Page, a: ApplicationInput, check: Check): Promise<{ applicationId: string }> {
  await go(page, `/my/rounds?organizationId=${a.organizationId}`);
  await check('eligible-rounds');
  await Promise.all([page.waitForURL(/\/my\/applications\/new\?/), page.locator(`a[href*="roundId=${a.roundId}"]`).first().click()]);
  await check('application-new');
  await fillApplicationForm(page, a);
  await submit(page, 'form.application-form button[value="save"]');
  const m = /\/my\/applications\/([0-9a-f-]{36})\/edit\?notice=created/.exec(page.url());
  if (!m) throw new Error(`saving the draft did not reach its edit page: ${await refusal(page)}`);
  await check('application-draft-saved');
  return { applicationId: m[1] };
}

/** 提交申报 (or resubmission after a return) from the edit page; lands on the project page. */
export async function submitApplication(page: Page, applicationId: string, check: Check): Promise<void> {
  if (!page.url().includes(`/my/applications/${applicationId}/edit`)) await go(page, `/my/applications/${applicationId}/edit`);
  // Failed warnings (facts not yet verified, say) are read and confirmed: 确认仍然提交.
  const confirm = page.locator('#app-confirmWarnings');
  if ((await confirm.count()) > 0) await confirm.check();
  await submit(page, `form[action="/my/applications/${applicationId}/submit"] button[type="submit"]`);
  if (!page.url().includes(`/my/applications/${applicationId}?notice=submitted`))
    throw new Error(`submission was not accepted: ${await refusal(page)}`);
  await check('application-submitted');
}

/** The whole 在线申报: draft with its rows, an attachment, submission. */
export async function createAndSubmitApplication(page: Page, a: ApplicationInput, check: Check): Promise<{ applicationId: string }> {
  const { applicationId } = await createDraft(page, a, check);
  if (a.attachment) await uploadFile(page, a.attachment, check, 'application-attachment-uploaded');
  await submitApplication(page, applicationId, check);
  return { applicationId };
}

/** 补正后重新提交: edits some fields of a returned application, saves, resubmits. */
export async function reviseAndResubmit(page: Page, applicationId: string, changes: Record<string, string>, check: Check): Promise<void> {
  await go(page, `/my/applications/${applicationId}/edit`);
  await check('application-returned');
  await fill(page, changes);
  await submit(page, 'form.application-form button[value="save"]');
  if (!page.url().includes('notice=saved')) throw new Error(`the revision was not saved: ${await refusal(page)}`);
  await check('application-revised');
  await submitApplication(page, applicationId, check);
}

/** 签署协议 for Party B from the project page. */
export async function signAgreement(page: Page, applicationId: string, check: Check): Promise<void> {
  await go(page, `/my/applications/${applicationId}`);
  await check('project-to-sign');
  await submit(page, `form[action="/my/applications/${applicationId}/sign"] button[type="submit"]`);
  if (!page.url().includes('notice=signed')) throw new Error(`signing was not accepted: ${await refusal(page)}`);
  await check('agreement-signed');
}

export interface ReportInput {
  seq: number;
  /** Achieved value per planned indicator, in the application's order. */
  achieved: number[];
  /** Cumulative spending per budget line in force, in its order. */
  spent: string[];
  narrative: string;
  evidence?: UploadInput;
}

/** 提交报告: evidence uploaded and ticked, indicators and spending filled, submitted. */
export async function submitReport(page: Page, applicationId: string, r: ReportInput, check: Check): Promise<void> {
  await go(page, `/my/applications/${applicationId}/reports/${r.seq}`);
  await check(`report-${r.seq}`);
  if (r.evidence) {
    await uploadFile(page, r.evidence, check, `report-${r.seq}-evidence-uploaded`);
    await page.locator(`label:has-text("${r.evidence.name}")`).first().click();
  }
  for (const [i, v] of r.achieved.entries()) await page.fill(`#report-rind-${i}-achieved`, String(v));
  for (const [i, v] of r.spent.entries()) await page.fill(`#report-spend-${i}-spent`, v);
  await page.fill('#report-narrative', r.narrative);
  await submit(page, `form[action="/my/applications/${applicationId}/reports/${r.seq}"] button[type="submit"]`);
  if (!page.url().includes('notice=reportSubmitted')) throw new Error(`report ${r.seq} was not accepted: ${await refusal(page)}`);
  await check(`report-${r.seq}-submitted`);
}

export type ChangeInput =
  { kind: 'REALLOCATION'; amounts: string[]; reason: string } | { kind: 'EXTENSION'; newEndsOn: string; reason: string };

/** 申请项目变更; returns whether it took effect at once or awaits approval. */
export async function requestChange(
  page: Page,
  applicationId: string,
  c: ChangeInput,
  check: Check,
): Promise<{ status: 'applied' | 'pending' }> {
  await go(page, `/my/applications/${applicationId}/changes/new`);
  await check(`change-${c.kind.toLowerCase()}`);
  await page.check(`#change-kind-${c.kind}`);
  if (c.kind === 'REALLOCATION') for (const [i, v] of c.amounts.entries()) await page.fill(`#change-cbudget-${i}-amount`, v);
  else await page.fill('#change-newEndsAt', c.newEndsOn);
  await page.fill('#change-reason', c.reason);
  await submit(page, 'form[data-change-form] button[value="save"]');
  const m = /notice=(changeApplied|changePending)/.exec(page.url());
  if (!m) throw new Error(`the change request was not accepted: ${await refusal(page)}`);
  await check(`change-${c.kind.toLowerCase()}-requested`);
  return { status: m[1] === 'changeApplied' ? 'applied' : 'pending' };
}

/** 承接方对政府方评价 (ORG_ON_GOV) with the rubric's scores and a summary. */
export async function fileOrgEvaluation(
  page: Page,
  applicationId: string,
  e: { scores: Record<string, number | string>; comments?: Record<string, string>; summary: string },
  check: Check,
): Promise<void> {
  await go(page, `/my/applications/${applicationId}/evaluation`);
  await check('org-evaluation');
  for (const [key, v] of Object.entries(e.scores)) await page.fill(`#eval-score-${key}`, String(v));
  for (const [key, v] of Object.entries(e.comments ?? {})) await page.fill(`#eval-comment-${key}`, v);
  await page.fill('#eval-summary', e.summary);
  await submit(page, `form[action="/my/applications/${applicationId}/evaluation"] button[type="submit"]`);
  if (!page.url().includes('notice=evaluated')) throw new Error(`the evaluation was not accepted: ${await refusal(page)}`);
  await check('org-evaluation-filed');
}

/** Opens one of the project's documents (the newest of a kind, e.g. AGREEMENT) from its page; returns the document's id. */
export async function openDocument(page: Page, applicationId: string, kind: string, check: Check): Promise<{ documentId: string }> {
  await go(page, `/my/applications/${applicationId}`);
  const link = page.locator(`#documents a[data-document-kind="${kind}"]`).last();
  const href = await link.getAttribute('href');
  await Promise.all([page.waitForURL(/\/documents\/[0-9a-f-]{36}\/view$/), link.click()]);
  await check(`document-${kind.toLowerCase()}`);
  return { documentId: /\/documents\/([0-9a-f-]{36})\/view/.exec(href ?? '')![1] };
}
