import type { MatrixWorld, Role } from './matrix-world';

/**
 * Who may open which page of the portal and post which form: the portal's half of the
 * authorization matrix, written from the README's "who does what" (the portal section) rather
 * than copied from the @Roles decorators. The test runs every @WebSession route of the app's
 * route table against it; a route missing here fails the test, and so does a stale entry.
 *
 * - `roles`: the roles that pass the role check, or 'public' for pages anyone may open.
 * - `owned`: the page or form acts on one resource named in the path, and a caller of an allowed
 *   role who has nothing to do with it (another organization's applicant, staff of another
 *   region, an expert or evaluator not assigned) is refused.
 * - `last`: run after every other route for the caller (signing out ends the caller's session).
 * - `names`: the resource named in the query or the form rather than the path.
 *
 * Forms are posted with the caller's valid CSRF token and no fields, so that the form is
 * refused by its validation after authorization has let the caller through, and nothing changes.
 * Forms whose resource the handler loads before reading the fields (to show them again) thereby
 * also prove ownership; the few that act without fields meet a project terminated on purpose.
 */
export interface PortalEntry {
  roles: readonly Role[] | 'public';
  owned?: boolean;
  last?: boolean;
  /**
   * Roles that pass the role check but are refused the fixture itself for what it is (the
   * matrix's attachment is report evidence, which an expert does not read): 404/403 expected.
   */
  refusedKind?: readonly Role[];
  /** Query string (GET) or form fields (POST) naming the resource when the path does not. */
  names?: (w: MatrixWorld) => Record<string, string>;
}

const ALL: readonly Role[] = ['APPLICANT', 'REVIEWER', 'EXPERT', 'FINANCE', 'EVALUATOR', 'PROGRAM_MANAGER', 'ADMIN'];
const DOCUMENT_READERS: readonly Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE'];
const TREASURY_READERS: readonly Role[] = ['FINANCE', 'PROGRAM_MANAGER', 'ADMIN'];
const STAFF_READERS: readonly Role[] = ['REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR', 'FINANCE'];
const applicant = { roles: ['APPLICANT'] } as const;
const ownApplicant = { roles: ['APPLICANT'], owned: true } as const;
const ownReviewer = { roles: ['REVIEWER'], owned: true } as const;
const ownExpert = { roles: ['EXPERT'], owned: true } as const;
const ownEvaluator = { roles: ['EVALUATOR'], owned: true } as const;
const manager = { roles: ['PROGRAM_MANAGER'] } as const;
const ownManager = { roles: ['PROGRAM_MANAGER'], owned: true } as const;
const admin = { roles: ['ADMIN'] } as const;

export const PORTAL_MATRIX: Record<string, PortalEntry> = {
  // the public site, signing in and out
  'GET /': { roles: 'public' },
  'GET /notices': { roles: 'public' },
  'GET /notices/:roundId': { roles: 'public' },
  'POST /notices/:roundId/objections': { roles: 'public' },
  'POST /notices/:roundId/objections/:id/confirm': { roles: 'public' },
  'GET /projects/:id/result': { roles: 'public' },
  'GET /rounds/:id/guidelines': { roles: 'public' },
  'GET /rounds/:id/guidelines/files/:fileId': { roles: 'public' },
  'GET /objections/status': { roles: 'public' },
  // 文书真伪核验: a typed digest (GET) or an uploaded file (POST)
  'GET /verify': { roles: 'public' },
  'POST /verify': { roles: 'public' },
  'POST /objections/status': { roles: 'public' },
  'GET /login': { roles: 'public' },
  'POST /login': { roles: 'public' },
  'GET /lang/:lang': { roles: 'public' },
  'POST /logout': { roles: ALL, last: true },
  // registering, verifying, resetting a forgotten password, an invitation's link (posted empty: refused by validation)
  'GET /register': { roles: 'public' },
  'POST /register': { roles: 'public' },
  'GET /register/verify': { roles: 'public' },
  'POST /register/verify': { roles: 'public' },
  'GET /password/forgot': { roles: 'public' },
  'POST /password/forgot': { roles: 'public' },
  'GET /password/reset': { roles: 'public' },
  'POST /password/reset': { roles: 'public' },
  'GET /join': { roles: 'public' },
  'POST /join': applicant,
  // every account's own password (posted empty: refused by its validation, nothing changes)
  'GET /account/password': { roles: ALL },
  'POST /account/password': { roles: ALL },
  'GET /workspace': { roles: ALL },
  // 消息通知: each person's own; marking another's is not found
  'GET /inbox': { roles: ALL },
  'GET /account/notifications': { roles: ALL },
  'POST /account/notifications': { roles: ALL },
  'POST /inbox/notifications/:id/read': { roles: ALL, owned: true },
  'POST /inbox/read-all': { roles: ALL },
  'GET /documents/:id/view': { roles: DOCUMENT_READERS, owned: true },
  'GET /documents/:id/view.pdf': { roles: DOCUMENT_READERS, owned: true },
  // the applicant's area (我的申报)
  'GET /my/organizations': applicant,
  'GET /my/organizations/new': applicant,
  'POST /my/organizations': applicant,
  'GET /my/organizations/:id': ownApplicant,
  'POST /my/organizations/:id': ownApplicant,
  'POST /my/organizations/:id/invitations': ownApplicant,
  'POST /my/organizations/:id/invitations/:invitationId/revoke': ownApplicant,
  'GET /my/rounds': applicant,
  'GET /my/applications': applicant,
  'GET /my/applications/new': { ...ownApplicant, names: (w) => ({ roundId: w.openRoundId, organizationId: w.orgA }) },
  'POST /my/applications': { ...ownApplicant, names: (w) => ({ roundId: w.openRoundId, organizationId: w.orgA }) },
  'GET /my/applications/:id': ownApplicant,
  'GET /my/applications/:id/edit': ownApplicant,
  'POST /my/applications/:id': ownApplicant,
  'GET /my/applications/:id/checks': ownApplicant,
  'POST /my/applications/:id/submit': ownApplicant,
  'POST /my/applications/:id/sign': ownApplicant,
  'POST /my/applications/:id/attachments': ownApplicant,
  'GET /my/applications/:id/attachments/:attachmentId': ownApplicant,
  'GET /my/applications/:id/reports/:seq': ownApplicant,
  'POST /my/applications/:id/reports/:seq': ownApplicant,
  'POST /my/applications/:id/reports/:seq/evidence': ownApplicant,
  'GET /my/applications/:id/changes/new': ownApplicant,
  'POST /my/applications/:id/changes': ownApplicant,
  'GET /my/applications/:id/evaluation': ownApplicant,
  'POST /my/applications/:id/evaluation': ownApplicant,
  // the reviewer's area (审核工作台)
  'GET /reviewer/eligibility': { roles: ['REVIEWER'] },
  'POST /reviewer/eligibility/passes': { roles: ['REVIEWER'] },
  'GET /reviewer/objections': { roles: ['REVIEWER'] },
  // one ruling on several objections of one project: the objections named in the form are read first (404 for another region's)
  'POST /reviewer/objections/rulings': { ...ownReviewer, names: (w) => ({ objectionIds: w.objectionId }) },
  'GET /reviewer/organizations': { roles: ['REVIEWER'] },
  'GET /reviewer/organizations/:id/verify': ownReviewer,
  'POST /reviewer/organizations/:id/verify': ownReviewer,
  'POST /reviewer/organization-disputes/:id/settle': ownReviewer,
  'GET /reviewer/reports': { roles: ['REVIEWER'] },
  'GET /reviewer/changes': { roles: ['REVIEWER'] },
  'GET /reviewer/agreements': { roles: ['REVIEWER'] },
  'GET /reviewer/evaluations': { roles: ['REVIEWER'] },
  'GET /reviewer/projects': { roles: ['REVIEWER'] },
  'GET /reviewer/eligibility/:id': ownReviewer,
  'POST /reviewer/eligibility/:id': ownReviewer,
  'GET /reviewer/objections/:id': ownReviewer,
  'POST /reviewer/objections/:id/ruling': ownReviewer,
  'GET /reviewer/agreements/:id': ownReviewer,
  'POST /reviewer/agreements/:id/sign': ownReviewer,
  'GET /reviewer/projects/:id': ownReviewer,
  'GET /reviewer/projects/:id/reports/:seq': ownReviewer,
  'POST /reviewer/projects/:id/reports/:seq/review': ownReviewer,
  'GET /reviewer/projects/:id/changes/:changeId': ownReviewer,
  'POST /reviewer/projects/:id/changes/:changeId/decision': ownReviewer,
  'GET /reviewer/projects/:id/evaluation': ownReviewer,
  'POST /reviewer/projects/:id/evaluation': ownReviewer,
  // the dishonesty list: a proposal by another reviewer of the region, confirmed or refused here
  'GET /reviewer/credit': { roles: ['REVIEWER'] },
  'POST /reviewer/credit': { roles: ['REVIEWER'] },
  'GET /reviewer/credit/:id': ownReviewer,
  'POST /reviewer/credit/:id/decision': ownReviewer,
  // the expert's area (专家评审)
  'GET /expert/assignments': { roles: ['EXPERT'] },
  'GET /expert/assignments/:applicationId': ownExpert,
  'POST /expert/assignments/:applicationId/scores': ownExpert,
  'POST /expert/assignments/:applicationId/decline': ownExpert,
  'GET /expert/ties': { roles: ['EXPERT'] },
  'POST /expert/ties': { roles: ['EXPERT'] },
  // the evaluator's area (第三方评估)
  'GET /evaluator/projects': { roles: ['EVALUATOR'] },
  'GET /evaluator/projects/:id': ownEvaluator,
  'GET /evaluator/projects/:id/evaluations/:kind': ownEvaluator,
  'POST /evaluator/projects/:id/evaluations/:kind': ownEvaluator,
  // the finance desk (资金拨付)
  'GET /finance-desk': { roles: TREASURY_READERS },
  'GET /finance-desk/projects/:id/evidence': { roles: TREASURY_READERS, owned: true },
  // files for those who judge: the fixture is report evidence (finance reads it, an expert does not)
  'GET /files/applications/:id/:attachmentId': { roles: STAFF_READERS, owned: true, refusedKind: ['EXPERT'] },
  'GET /files/applications/:id/:attachmentId/preview': { roles: STAFF_READERS, owned: true, refusedKind: ['EXPERT'] },
  'GET /finance-desk/ledger.xlsx': { roles: TREASURY_READERS },
  'POST /finance-desk/tranches/:projectId/:seq/request': { roles: ['FINANCE'], owned: true },
  'POST /finance-desk/tranches/:projectId/:seq/approve': { roles: ['FINANCE', 'PROGRAM_MANAGER'], owned: true },
  // the program manager's office (项目管理)
  'GET /manage/dashboard': { roles: ['PROGRAM_MANAGER', 'ADMIN'] },
  'GET /manage/rounds': manager,
  'GET /manage/rounds/new': manager,
  'POST /manage/rounds': manager,
  'GET /manage/rounds/:id': ownManager,
  'GET /manage/rounds/:id/edit': ownManager,
  'POST /manage/rounds/:id': ownManager,
  'POST /manage/rounds/:id/publish': ownManager,
  'POST /manage/rounds/:id/files': ownManager,
  'POST /manage/rounds/:id/files/:fileId/remove': ownManager,
  'GET /manage/rounds/:id/files/:fileId': ownManager,
  'GET /manage/rounds/:id/projects': ownManager,
  'GET /manage/rounds/:id/panel': ownManager,
  'POST /manage/rounds/:id/panel': ownManager,
  'POST /manage/rounds/:id/panel/close': ownManager,
  'GET /manage/rounds/:id/ranking': ownManager,
  'POST /manage/rounds/:id/awards': ownManager,
  'POST /manage/rounds/:id/notice': ownManager,
  'POST /manage/rounds/:id/approve': ownManager,
  'GET /manage/projects/:id': ownManager,
  'POST /manage/projects/:id/evaluator': ownManager,
  'POST /manage/projects/:id/terminate': ownManager,
  // the administrator's desk (用户管理, 节假日日历): forms posted empty are refused by their validation
  'GET /admin/users': admin,
  'GET /admin/users/new': admin,
  'POST /admin/users': admin,
  'GET /admin/users/:id': admin,
  'POST /admin/users/:id/role': admin,
  'POST /admin/users/:id/memberships': admin,
  'POST /admin/users/:id/deactivate': admin,
  'POST /admin/users/:id/reactivate': admin,
  'POST /admin/users/:id/password-reset': admin,
  'GET /admin/calendar': admin,
  'POST /admin/calendar': admin,
  'POST /admin/calendar/remove': admin,
  'GET /admin/mail': admin,
  'POST /admin/mail/:id/resend': admin,
};
