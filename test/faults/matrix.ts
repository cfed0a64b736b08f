import { applicationPayload, organizationPayload, roundPayload } from '../support/factories';
import { reportBody } from '../support/funded-projects';
import type { MatrixWorld, Role } from './matrix-world';

/**
 * Who may call what: the authorization matrix, written from the README's "who does what"
 * rather than copied from the @Roles decorators, so that a decorator changed by mistake shows
 * up as a disagreement. The test runs every route of the app's route table against it; a route
 * missing here fails the test, and so does an entry whose route no longer exists.
 *
 * - `roles`: the roles that pass the role check, or 'public' for routes anyone may call.
 * - `owned`: the route acts on one resource (a path id, or the organization or region named in
 *   the body), and a caller of an allowed role who has nothing to do with it is refused.
 * - `body`: what to send, valid enough to reach the ownership check (validation runs first).
 * - `id`: the resource behind :id, when it is not the usual one for the path.
 */
export interface Entry {
  roles: readonly Role[] | 'public';
  owned?: boolean;
  body?: (w: MatrixWorld, role: Role | undefined) => object;
  multipart?: boolean;
  /** The resource behind :id when it is not the usual one for the path. */
  id?: (w: MatrixWorld) => string;
  /** Run after every other route for the caller (signing out ends the caller's session). */
  last?: boolean;
  /**
   * Roles that pass the role check but are refused the fixture itself for what it is (the
   * world's attachment is report evidence, which an expert does not read): 403/404 expected.
   */
  refusedKind?: readonly Role[];
}

const ALL: readonly Role[] = ['APPLICANT', 'REVIEWER', 'EXPERT', 'FINANCE', 'EVALUATOR', 'PROGRAM_MANAGER', 'ADMIN'];
const APPLICATION_READERS: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE', 'EXPERT'];
const PROJECT_READERS: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE', 'EVALUATOR'];
const CASE_STAFF: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN'];
const DOCUMENT_READERS: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE'];
// Finance reads an application's report evidence and vouchers (the files the payments rest on).
const ATTACHMENT_READERS: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR', 'FINANCE'];
const MANAGERS: readonly Role[] = ['PROGRAM_MANAGER', 'ADMIN'];
let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;
const EVALUATION_BY_ROLE: Record<string, object> = {
  EVALUATOR: { kind: 'MIDTERM', scores: { completion: 34, quality: 21, satisfaction: 17, finance: 13 }, summary: '进度符合协议' },
  REVIEWER: { kind: 'GOV_ON_ORG', scores: { completion: 45, quality: 26, fundUse: 18 }, summary: '委托事项全部完成' },
  APPLICANT: { kind: 'ORG_ON_GOV', scores: { timelyPayment: 36, support: 27, noExtraTasks: 28 }, summary: '拨付及时' },
};

export const MATRIX: Record<string, Entry> = {
  // accounts
  'POST /auth/login': { roles: 'public', body: (w) => ({ username: w.spare.username, password: 'Test@12345' }) },
  'GET /auth/me': { roles: ALL },
  'POST /auth/logout': { roles: ALL, last: true },
  // A wrong current password: past authorization, refused by the service (400), nothing changes.
  'POST /auth/password': { roles: ALL, body: () => ({ currentPassword: 'not-the-password', newPassword: 'Matrix-Changed-2026' }) },
  'POST /users': {
    roles: ['ADMIN'],
    body: () => ({ username: `matrix${unique()}`, password: 'Matrix@12345', displayName: '矩阵测试', role: 'APPLICANT' }),
  },
  'GET /users': { roles: ['ADMIN'] },
  // self-registration and password reset: posted empty, refused by their validation (400), nothing made
  'POST /auth/register': { roles: 'public', body: () => ({}) },
  'POST /auth/register/verify': { roles: 'public', body: () => ({ token: 'not-a-token' }) },
  'POST /auth/password/forgot': { roles: 'public', body: () => ({}) },
  'POST /auth/password/reset': { roles: 'public', body: () => ({ token: 'not-a-token', newPassword: 'Matrix-Changed-2026' }) },
  // members and invitations: an organization's members only; inviting, listing invitations and roles its owners
  'GET /organizations/:id/members': { roles: ['APPLICANT'], owned: true },
  'PATCH /organizations/:id/members/:userId': { roles: ['APPLICANT'], owned: true, body: () => ({ role: 'OWNER', reason: '矩阵测试' }) },
  'GET /organizations/:id/invitations': { roles: ['APPLICANT'], owned: true },
  'POST /organizations/:id/invitations': {
    roles: ['APPLICANT'],
    owned: true,
    body: () => ({ email: `matrix${unique()}@example.org`, role: 'STAFF' }),
  },
  'POST /organizations/:id/invitations/:invitationId/revoke': { roles: ['APPLICANT'], owned: true, body: () => ({ reason: '矩阵测试' }) },
  'GET /invitations/lookup': { roles: 'public' },
  'POST /invitations/accept': { roles: ['APPLICANT'], body: () => ({ token: 'not-a-token' }) },
  'POST /users/:id/memberships': { roles: ['ADMIN'], body: (w) => ({ organizationId: w.orgB }) },
  // Without a reason (400 after authorization), so that the spare account stays as it is.
  'POST /users/:id/deactivate': { roles: ['ADMIN'], body: () => ({}) },
  'POST /users/:id/reactivate': { roles: ['ADMIN'], body: () => ({ reason: '矩阵测试' }) },
  'POST /users/:id/password-reset': { roles: ['ADMIN'], body: () => ({ reason: '矩阵测试' }) },
  // Without a reason (400 after authorization), so that the spare account keeps its role.
  'POST /users/:id/role': { roles: ['ADMIN'], body: () => ({ role: 'APPLICANT' }) },
  // organizations
  'POST /organizations': { roles: ['APPLICANT', 'ADMIN'], body: () => organizationPayload() },
  'GET /organizations': { roles: CASE_STAFF },
  'GET /organizations/:id': { roles: CASE_STAFF, owned: true },
  'PATCH /organizations/:id': { roles: ['APPLICANT', 'ADMIN'], owned: true, body: () => ({ version: 1, contactName: '李四' }) },
  // the dishonesty list in two steps: a reviewer proposes, another reviewer confirms or refuses
  'POST /organizations/:id/credit-changes': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ creditStatus: 'DISHONEST', dishonestUntil: '2099-01-01', reason: '授权矩阵测试提议' }),
  },
  'GET /organizations/:id/credit-changes': { roles: ['REVIEWER', 'PROGRAM_MANAGER', 'ADMIN'], owned: true },
  'POST /organizations/:id/credit-changes/:changeId/decision': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ decision: 'REFUSE', reason: '授权矩阵测试驳回' }),
  },
  // a new registered name: the applicant asks with evidence (multipart), a reviewer of the region decides
  'POST /organizations/:id/fact-changes': {
    roles: ['APPLICANT'],
    owned: true,
    multipart: true,
    body: () => ({ name: '授权矩阵测试更名服务中心', reason: '登记机关已核准更名' }),
  },
  'GET /organizations/:id/fact-changes': { roles: CASE_STAFF, owned: true },
  'GET /organizations/:id/fact-changes/:changeId/evidence': { roles: CASE_STAFF, owned: true },
  'POST /organizations/:id/fact-changes/:changeId/decision': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ decision: 'REJECT', reason: '授权矩阵测试驳回' }),
  },
  // registration facts: reviewers of the organization's region only (a foreign one gets 404)
  'POST /organizations/:id/verifications': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ version: 1, result: 'REJECTED', evidenceRef: 'ATT-矩阵', reason: '矩阵测试：证书不符' }),
  },
  'GET /organizations/:id/verifications': { roles: ['REVIEWER', 'ADMIN'], owned: true },
  'GET /organization-disputes': { roles: ['REVIEWER', 'ADMIN'] },
  // HOLDER keeps orgA where it is, so the routes after this one still find it.
  'POST /organization-disputes/:id/settle': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ winner: 'HOLDER', reason: '矩阵测试：原登记方持有证书' }),
  },
  // rounds: the region in the body is what a manager of another region may not act for
  'POST /rounds': { roles: MANAGERS, owned: true, body: () => roundPayload() },
  // Only a draft can be edited or published, so the ownership that matters is a draft's: one of
  // the project's region whose window has passed (publishing it answers 400, and changes nothing).
  'PATCH /rounds/:id': {
    roles: MANAGERS,
    owned: true,
    id: (w) => w.draftRoundId,
    body: () => ({ ...roundPayload({ opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T00:00:00Z' }), version: 1 }),
  },
  'POST /rounds/:id/publish': { roles: MANAGERS, owned: true, id: (w) => w.draftRoundId },
  'GET /rounds': { roles: ALL },
  'GET /rounds/:id': { roles: ALL },
  // 申报指南附件: attached and removed by the round's own managers while it is a draft (the world's round is
  // published: its own manager passes authorization and is refused for the stage, 409), read by everyone
  'POST /rounds/:id/files': { roles: MANAGERS, owned: true, multipart: true, body: () => ({ kind: 'GUIDELINES' }) },
  'DELETE /rounds/:id/files/:fileId': { roles: MANAGERS, owned: true },
  'GET /rounds/:id/files': { roles: ALL },
  'GET /rounds/:id/files/:fileId': { roles: ALL },
  'GET /rounds/eligibility/:organizationId': { roles: ['APPLICANT'], owned: true },
  // applications
  'POST /applications': { roles: ['APPLICANT'], owned: true, body: (w) => applicationPayload(w.openRoundId, w.orgA, '50000.00') },
  'PATCH /applications/:id': { roles: ['APPLICANT'], owned: true, body: () => ({ version: 1, title: '修改后的项目名称' }) },
  'GET /applications': { roles: APPLICATION_READERS },
  'GET /applications/:id': { roles: APPLICATION_READERS, owned: true },
  'POST /applications/:id/submit': { roles: ['APPLICANT'], owned: true },
  'POST /applications/:id/eligibility-decision': { roles: ['REVIEWER'], owned: true, body: () => ({ decision: 'PASS' }) },
  'POST /applications/eligibility-passes': { roles: ['REVIEWER'], body: () => ({ applicationIds: [] }) },
  'POST /applications/:id/agreement/sign': { roles: ['APPLICANT', 'REVIEWER'], owned: true },
  'GET /applications/:id/checks': { roles: ['APPLICANT'], owned: true },
  'GET /applications/:id/eligibility-checks': { roles: CASE_STAFF, owned: true },
  'GET /applications/:id/history': { roles: CASE_STAFF, owned: true },
  'GET /attachment-rules': { roles: ['APPLICANT'] },
  'POST /applications/:id/attachments': { roles: ['APPLICANT'], owned: true, multipart: true },
  'GET /applications/:id/attachments': { roles: ATTACHMENT_READERS, owned: true },
  'GET /applications/:id/attachments/:attachmentId': { roles: ATTACHMENT_READERS, owned: true, refusedKind: ['EXPERT'] },
  'GET /applications/:id/documents': { roles: DOCUMENT_READERS, owned: true },
  'GET /documents/:id': { roles: DOCUMENT_READERS, owned: true },
  'GET /public/documents/:id': { roles: 'public' },
  // 文书 PDF: the HTML's readers; a public notice's PDF for anyone; 文书核验 for anyone
  'GET /documents/:id/pdf': { roles: DOCUMENT_READERS, owned: true },
  'GET /public/documents/:id/pdf': { roles: 'public' },
  'GET /public/verify': { roles: 'public' },
  'POST /public/verify': { roles: 'public', multipart: true },
  // review, ranking, notice
  'POST /rounds/:id/panel': { roles: ['PROGRAM_MANAGER'], owned: true, body: (w) => ({ expertIds: [w.own.EXPERT.id] }) },
  'POST /rounds/:id/panel/close': { roles: ['PROGRAM_MANAGER'], owned: true },
  'POST /rounds/:id/awards': {
    roles: ['PROGRAM_MANAGER'],
    owned: true,
    body: (w) => ({ applicationId: w.project, amount: '1000.00', reason: '调减资助金额' }),
  },
  'GET /rounds/:id/ranking': { roles: ['PROGRAM_MANAGER', 'REVIEWER', 'ADMIN'], owned: true },
  'POST /rounds/:id/notice': { roles: ['PROGRAM_MANAGER'], owned: true },
  'POST /rounds/:id/approve': { roles: ['PROGRAM_MANAGER'], owned: true },
  'GET /assignments': { roles: ['EXPERT'] },
  'POST /assignments/:applicationId/decline': { roles: ['EXPERT'], owned: true, body: () => ({ reason: '曾任该组织理事' }) },
  'POST /assignments/:applicationId/scores': {
    roles: ['EXPERT'],
    owned: true,
    body: () => ({ scores: { need: 18, design: 27, feasibility: 18, budget: 27 } }),
  },
  'POST /experts/me/ties': { roles: ['EXPERT'], body: (w) => ({ organizationId: w.orgB, reason: '曾任该组织理事' }) },
  'GET /experts/me/ties': { roles: ['EXPERT'] },
  'GET /public/notices': { roles: 'public' },
  'GET /public/notices/:roundId': { roles: 'public' },
  'POST /public/notices/:roundId/objections': {
    roles: 'public',
    body: (w) => ({ applicationId: w.project, name: '张三', contact: '13800000000', reason: '该项目申报材料与实际情况不符，请核查。' }),
  },
  // Anyone holding the code sent to the contact; the world's objection is already FILED (409).
  'POST /public/objections/:id/confirm': { roles: 'public', body: () => ({ code: '000000' }) },
  'GET /objections': { roles: ['REVIEWER', 'PROGRAM_MANAGER', 'ADMIN'] },
  'POST /objections/rulings': {
    roles: ['REVIEWER'],
    owned: true,
    body: (w) => ({ objectionIds: [w.objectionId], decision: 'DISMISSED', ruling: '经核查，异议不成立' }),
  },
  'POST /objections/:id/ruling': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ decision: 'DISMISSED', ruling: '经核查，异议不成立' }),
  },
  // implementation
  'GET /projects/:id': { roles: PROJECT_READERS, owned: true },
  'GET /tranches': { roles: ['FINANCE', 'PROGRAM_MANAGER', 'ADMIN'] },
  'POST /projects/:id/tranches/:seq/request': { roles: ['FINANCE'], owned: true },
  'POST /projects/:id/tranches/:seq/approve': { roles: ['FINANCE', 'PROGRAM_MANAGER'], owned: true },
  'POST /projects/:id/tranches/:seq/cancel': { roles: ['PROGRAM_MANAGER'], owned: true, body: () => ({ reason: '测试取消拨付' }) },
  'POST /projects/:id/reports/:seq': { roles: ['APPLICANT'], owned: true, body: (w) => reportBody(w.lines, 10) },
  'POST /projects/:id/reports/:seq/review': { roles: ['REVIEWER'], owned: true, body: () => ({ decision: 'ACCEPT', note: '' }) },
  'POST /projects/:id/changes': {
    roles: ['APPLICANT'],
    owned: true,
    body: (w) => ({ kind: 'EXTENSION', newEndsAt: w.termEndsAt, reason: '延期申请' }),
  },
  'GET /projects/:id/changes': { roles: PROJECT_READERS, owned: true },
  'POST /projects/:id/changes/:changeId/decision': {
    roles: ['REVIEWER'],
    owned: true,
    body: () => ({ decision: 'REJECT', reason: '不同意延期' }),
  },
  'POST /projects/:id/evaluator': { roles: ['PROGRAM_MANAGER'], owned: true, body: (w) => ({ evaluatorId: w.own.EVALUATOR.id }) },
  'POST /projects/:id/evaluations': {
    roles: ['EVALUATOR', 'REVIEWER', 'APPLICANT'],
    owned: true,
    body: (_, role) => EVALUATION_BY_ROLE[role ?? ''] ?? EVALUATION_BY_ROLE.EVALUATOR,
  },
  'GET /projects/:id/evaluations': { roles: PROJECT_READERS, owned: true },
  'POST /projects/:id/terminate': { roles: ['PROGRAM_MANAGER'], owned: true, body: () => ({ reason: '测试终止' }) },
  'GET /public/projects/:id': { roles: 'public' },
  'GET /finance/ledger.xlsx': { roles: ['FINANCE', 'PROGRAM_MANAGER', 'ADMIN'] },
  'GET /dashboard': { roles: MANAGERS },
  // notices to people, the working-day calendar, health
  'GET /notifications': { roles: ALL },
  'POST /notifications/:id/read': { roles: ALL, owned: true },
  'POST /notifications/read-all': { roles: ALL },
  // each person's own notification settings (the language of their mail, email per topic)
  'GET /notifications/settings': { roles: ALL },
  'PUT /notifications/settings': { roles: ALL, body: () => ({ language: 'zh-CN', emailOff: [] }) },
  // email the worker gave up on, and its resend: the administrator's
  'GET /mail/failed': { roles: ['ADMIN'] },
  'POST /mail/:id/resend': { roles: ['ADMIN'], body: () => ({ reason: '矩阵测试重发' }) },
  'GET /calendar': { roles: 'public' },
  // the national calendar sets every region's notice periods: the administrator's alone
  'PUT /calendar/:date': { roles: ['ADMIN'], body: () => ({ working: false, name: '矩阵测试假日' }) },
  'DELETE /calendar/:date': { roles: ['ADMIN'] },
  'GET /health': { roles: 'public' },
};
