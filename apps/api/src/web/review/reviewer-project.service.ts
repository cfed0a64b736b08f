import { Injectable } from '@nestjs/common';
import { EVALUATION_RUBRICS, isRole, ROLE_LABELS } from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { ProjectsService } from '../../projects/projects.service';
import { ReviewsService } from '../../reviews/reviews.service';
import { labelText, WebLang } from '../web-i18n';
import { domainLabel, scoredView } from './review-labels';
import { ReviewQueries } from './review-queries.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Translate } from '../web-context';

type Json = Record<string, unknown>;

/** A translated label for a code that has one in review.<group>.*, else the code itself (codes are ASCII). */
export function codeLabel(t: Translate, group: string, code: string): string {
  const key = `review.${group}.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

/**
 * 项目全貌: everything about one project on one page for the reviewer, read through the same
 * services as the JSON API (each checks the reviewer's region first), labelled for the page.
 */
@Injectable()
export class ReviewerProjectView {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly projects: ProjectsService,
    private readonly reviews: ReviewsService,
    private readonly queries: ReviewQueries,
  ) {}

  async build(user: AuthUser, id: string, lang: WebLang, t: Translate) {
    const app = await this.applications.get(user, id);
    const ctx = await this.queries.projectContext(user, id);
    const [checks, history, ranking, project, changes, evaluations, agreements] = await Promise.all([
      this.applications.eligibilityChecks(user, id),
      this.applications.history(user, id),
      this.reviews.ranking(user, app.roundId),
      this.projects.get(user, id),
      this.projects.changes(user, id),
      this.projects.evaluations(user, id),
      this.queries.agreements(user, id),
    ]);
    const [agreement] = agreements;
    const names = await this.queries.names(history.map((h) => h.actorId));
    const entry = ranking.entries.find((e) => e.applicationId === id);
    return {
      app: {
        ...app,
        stageLabel: domainLabel('projectStage', app.stage, lang),
        budgetLines: ((app.budgetLines ?? []) as Json[]).map((l) => ({ ...l, typeLabel: domainLabel('budgetLine', String(l.type), lang) })),
        indicators: (app.indicators ?? []) as Json[],
        milestones: (app.milestones ?? []) as Json[],
      },
      round: ctx.round,
      organization: { ...ctx.organization, ratingLabel: domainLabel('rating', ctx.organization.rating, lang) },
      checks: submissions(checks, t),
      scores: entry
        ? {
            finalScore: entry.finalScore,
            rank: entry.rank,
            award: entry.award,
            expertTotals: entry.expertTotals,
            credit: entry.creditHistory.map((c) => ({
              ...c,
              gradeLabel: domainLabel('grade', c.grade, lang),
              kindLabel: codeLabel(t, 'creditKind', c.kind),
            })),
          }
        : null,
      objections: ctx.objections.map((o) => ({ ...o, statusLabel: codeLabel(t, 'objectionStatus', o.status) })),
      // Two or more waiting: the objections queue can rule on them together.
      objectionsToGroup: ctx.objections.filter((o) => o.status === 'FILED').length > 1,
      agreements: agreements.map((a) => ({
        ...a,
        signatures: a.signatures.map((s) => ({ ...s, partyLabel: codeLabel(t, 'party', s.party) })),
      })),
      project: {
        ...project,
        tranches: project.tranches.map((x) => ({
          ...x,
          stageLabel: domainLabel('trancheStage', x.stage, lang),
          statusLabel: domainLabel('trancheStatus', x.status, lang),
        })),
        reports: project.reports.map((r) => ({
          ...r,
          kindLabel: domainLabel('reportKind', r.kind, lang),
          statusLabel: codeLabel(t, 'reportStatus', r.status),
          reviewable: r.status === 'SUBMITTED',
        })),
      },
      changes: changes.map((c) => ({
        id: c.id,
        kind: c.kind,
        kindLabel: codeLabel(t, 'changeKind', c.kind),
        status: c.status,
        statusLabel: codeLabel(t, 'changeStatus', c.status),
        reason: c.reason,
        needsApproval: c.needsApproval,
        createdAt: c.createdAt.toISOString(),
        decidable: c.status === 'PENDING' && c.needsApproval,
      })),
      evaluations: evaluations.map((e) => ({
        ...e,
        gradeLabel: domainLabel('grade', e.grade, lang),
        kindLabel: t(`web.evaluationKind.${e.kind}`),
        criteria: scoredView(EVALUATION_RUBRICS[e.kind as keyof typeof EVALUATION_RUBRICS] ?? [], lang, e.scores, {}),
      })),
      // Only agreements have versions; other kinds number their documents (the second receipt is not a new version of the first).
      documents: ctx.documents.map((d) => ({
        ...d,
        kindLabel: codeLabel(t, 'documentKind', d.kind),
        showVersion: d.kind === 'AGREEMENT' && d.version > 1,
      })),
      history: history
        .slice()
        .reverse()
        .map((h) => ({
          ...h,
          actionLabel: codeLabel(t, 'audit', h.action),
          actorName: h.actorId ? (names.get(h.actorId) ?? '') : '',
          actorRoleLabel: !h.actorRole
            ? ''
            : isRole(h.actorRole)
              ? (labelText(ROLE_LABELS[h.actorRole], lang) ?? h.actorRole)
              : codeLabel(t, 'actor', h.actorRole),
          toStateLabel: h.toState ? domainLabel('projectStage', h.toState, lang) : '',
        })),
      canDecideEligibility: app.stage === 'ELIGIBILITY_REVIEW',
      canSign: app.stage === 'APPROVED' && !!agreement && !agreement.signatures.some((s) => s.party === 'bureau'),
      canEvaluate: app.stage === 'FINAL_EVALUATION' && !evaluations.some((e) => e.kind === 'GOV_ON_ORG'),
    };
  }
}

/** Automatic checks grouped by submission, the latest first, each rule named in the page's language. */
export function submissions(checks: { submissionNo: number; rule: string; passed: boolean; reason: string }[], t: Translate) {
  const bySubmission = new Map<number, { rule: string; label: string; passed: boolean; reason: string }[]>();
  for (const c of checks) {
    const list = bySubmission.get(c.submissionNo) ?? [];
    list.push({ rule: c.rule, label: codeLabel(t, 'checkRule', c.rule), passed: c.passed, reason: c.reason });
    bySubmission.set(c.submissionNo, list);
  }
  return [...bySubmission.entries()]
    .sort(([a], [b]) => b - a)
    .map(([submissionNo, results]) => ({ submissionNo, results, failed: results.filter((r) => !r.passed).length }));
}
