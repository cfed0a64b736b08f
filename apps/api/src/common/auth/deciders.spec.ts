import 'reflect-metadata';
import { declaredRoutes } from '@test/support/routes';
import { DECIDERS, type Decision, isPublicDecision, type PublicDecision } from '@workflows/rules/deciders';
import { AppModule } from '../../app.module';

/**
 * The routes that send each decision, written out here (rather than read from @Decides) so that
 * a route that stops naming its decision, or names another, shows up as a disagreement. The
 * roles of every route come from the table in workflows/rules/deciders.ts, which the workflows'
 * checks read too: the spec holds the routes to it.
 */
const API_ROUTES: Record<Decision | PublicDecision, string> = {
  formPanel: 'POST /rounds/:id/panel',
  closePanel: 'POST /rounds/:id/panel/close',
  publishNotice: 'POST /rounds/:id/notice',
  approveResults: 'POST /rounds/:id/approve',
  submitApplication: 'POST /applications/:id/submit',
  decideEligibility: 'POST /applications/:id/eligibility-decision',
  submitScores: 'POST /assignments/:applicationId/scores',
  declineAssignment: 'POST /assignments/:applicationId/decline',
  adjustAward: 'POST /rounds/:id/awards',
  fileObjection: 'POST /public/notices/:roundId/objections',
  ruleObjection: 'POST /objections/:id/ruling',
  ruleObjections: 'POST /objections/rulings',
  signAgreement: 'POST /applications/:id/agreement/sign',
  requestTranche: 'POST /projects/:id/tranches/:seq/request',
  approveTranche: 'POST /projects/:id/tranches/:seq/approve',
  cancelTranche: 'POST /projects/:id/tranches/:seq/cancel',
  submitReport: 'POST /projects/:id/reports/:seq',
  reviewReport: 'POST /projects/:id/reports/:seq/review',
  requestChange: 'POST /projects/:id/changes',
  decideChange: 'POST /projects/:id/changes/:changeId/decision',
  assignEvaluator: 'POST /projects/:id/evaluator',
  fileEvaluation: 'POST /projects/:id/evaluations',
  terminateProject: 'POST /projects/:id/terminate',
};

const PORTAL_ROUTES: Record<string, Decision | PublicDecision> = {
  'POST /notices/:roundId/objections': 'fileObjection',
  'POST /my/applications/:id/submit': 'submitApplication',
  'POST /my/applications/:id/sign': 'signAgreement',
  'POST /my/applications/:id/reports/:seq': 'submitReport',
  'POST /my/applications/:id/changes': 'requestChange',
  'POST /my/applications/:id/evaluation': 'fileEvaluation',
  'POST /reviewer/eligibility/:id': 'decideEligibility',
  // 批量通过: each ticked application's pass is its own decision.
  'POST /reviewer/eligibility/passes': 'decideEligibility',
  'POST /reviewer/objections/:id/ruling': 'ruleObjection',
  'POST /reviewer/objections/rulings': 'ruleObjections',
  'POST /reviewer/agreements/:id/sign': 'signAgreement',
  'POST /reviewer/projects/:id/reports/:seq/review': 'reviewReport',
  'POST /reviewer/projects/:id/changes/:changeId/decision': 'decideChange',
  'POST /reviewer/projects/:id/evaluation': 'fileEvaluation',
  'POST /expert/assignments/:applicationId/scores': 'submitScores',
  'POST /expert/assignments/:applicationId/decline': 'declineAssignment',
  'POST /evaluator/projects/:id/evaluations/:kind': 'fileEvaluation',
  'POST /finance-desk/tranches/:projectId/:seq/request': 'requestTranche',
  'POST /finance-desk/tranches/:projectId/:seq/approve': 'approveTranche',
  'POST /manage/projects/:id/evaluator': 'assignEvaluator',
  'POST /manage/projects/:id/terminate': 'terminateProject',
  'POST /manage/rounds/:id/panel': 'formPanel',
  'POST /manage/rounds/:id/panel/close': 'closePanel',
  'POST /manage/rounds/:id/awards': 'adjustAward',
  'POST /manage/rounds/:id/notice': 'publishNotice',
  'POST /manage/rounds/:id/approve': 'approveResults',
};

/** Routes that take the same decision for several entities at once, each as its own decision. */
const BULK_API_ROUTES: Record<string, Decision> = {
  'POST /applications/eligibility-passes': 'decideEligibility',
};

describe('who may decide what', () => {
  const routes = declaredRoutes(AppModule);
  const deciding = routes.filter((r) => r.decision !== undefined);
  const api = deciding.filter((r) => !r.portal);
  const portal = deciding.filter((r) => r.portal);

  it('reads every route of the app', () => {
    expect(routes.length).toBeGreaterThan(100);
    expect(portal.length).toBeGreaterThan(0);
  });

  it('sends each decision from its one API route (and the bulk routes that repeat one)', () => {
    expect(Object.fromEntries(api.map((r) => [r.key, r.decision]))).toEqual({
      ...Object.fromEntries(Object.entries(API_ROUTES).map(([d, key]) => [key, d])),
      ...BULK_API_ROUTES,
    });
  });

  it('sends decisions from the portal forms that name them', () => {
    expect(Object.fromEntries(portal.map((r) => [r.key, r.decision]))).toEqual(PORTAL_ROUTES);
  });

  it('opens each API decision to exactly the roles of the table (an objection to anyone)', () => {
    for (const r of api) {
      const d = r.decision!;
      if (isPublicDecision(d))
        expect({ key: r.key, isPublic: r.isPublic, roles: r.roles }).toEqual({ key: r.key, isPublic: true, roles: undefined });
      else
        expect({ key: r.key, roles: r.roles, isPublic: r.isPublic }).toEqual({
          key: r.key,
          roles: [...DECIDERS[d as Decision]],
          isPublic: false,
        });
    }
  });

  it('opens each portal form to roles of the table only', () => {
    for (const r of portal) {
      const d = r.decision!;
      if (isPublicDecision(d)) {
        expect({ key: r.key, isPublic: r.isPublic }).toEqual({ key: r.key, isPublic: true });
        continue;
      }
      expect({ key: r.key, some: (r.roles ?? []).length > 0 }).toEqual({ key: r.key, some: true });
      expect({ key: r.key, roles: DECIDERS[d as Decision] }).toEqual({ key: r.key, roles: expect.arrayContaining(r.roles ?? []) });
    }
  });

  it('lets each role of a decision find its form in the portal where the portal offers it', () => {
    const offered = new Map<string, Set<string>>();
    for (const r of portal) for (const role of r.roles ?? []) offered.set(r.decision!, (offered.get(r.decision!) ?? new Set()).add(role));
    for (const [d, roles] of offered) expect({ d, roles: [...roles].sort() }).toEqual({ d, roles: [...DECIDERS[d as Decision]].sort() });
  });
});
