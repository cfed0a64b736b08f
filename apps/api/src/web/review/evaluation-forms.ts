import { Injectable } from '@nestjs/common';
import { EVALUATION_RUBRICS, type EvaluationKind } from '@workflows/rules';
import { EvaluationDto } from '../../projects/projects.dto';
import { ProjectsService } from '../../projects/projects.service';
import { fieldBounds, FormErrors, postedFields, Refusal, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { readRubric } from './review-forms';
import { domainLabel, rubricView, scoredView } from './review-labels';
import { reviewForm } from './review-messages';
import { reviewerNav } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
export type FormKind = Extract<EvaluationKind, 'MIDTERM' | 'FINAL_THIRD_PARTY' | 'GOV_ON_ORG'>;

/** Where each kind's form lives: the bureau's evaluation under /reviewer, the evaluator's under /evaluator. */
export function evaluationFormPath(kind: FormKind, id: string): string {
  if (kind === 'GOV_ON_ORG') return `/reviewer/projects/${id}/evaluation`;
  return `/evaluator/projects/${id}/evaluations/${kind === 'MIDTERM' ? 'midterm' : 'final'}`;
}

/**
 * The evaluation forms (中期评估, 第三方结项评估, 政府方评价): the kind's rubric from
 * workflows/rules with each criterion's maximum, a comment per criterion, a running total in
 * the browser, and the API's EvaluationDto and ProjectsService.fileEvaluation behind the post —
 * the workflow decides whether the evaluation is due and who may file it.
 */
@Injectable()
export class EvaluationForms {
  constructor(
    private readonly web: WebContext,
    private readonly projects: ProjectsService,
    private readonly queries: ReviewQueries,
  ) {}

  async render(
    req: Req,
    res: Response,
    id: string,
    kind: FormKind,
    extra: { typed?: ReturnType<typeof readRubric>['typed']; summary?: string; errors?: FormErrors; refusal?: Refusal },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = await this.projects.get(req.user, id);
    const [ctx, filed, rectificationDeadline] = await Promise.all([
      this.queries.projectContext(req.user, id),
      this.projects.evaluations(req.user, id),
      project.stage === 'RECTIFICATION' ? this.queries.rectificationDeadline(id) : Promise.resolve(null),
    ]);
    const rubric = EVALUATION_RUBRICS[kind];
    const earlier = filed
      .filter((e) => e.kind === kind)
      .map((e) => ({
        ...e,
        gradeLabel: domainLabel('grade', e.grade, lang),
        criteria: scoredView(rubric, lang, e.scores, {}),
      }));
    const reviewer = kind === 'GOV_ON_ORG';
    await renderPage(
      res,
      'pages/review/evaluation-form',
      {
        title: t(`web.evaluationKind.${kind}`),
        section: 'workspace',
        nav: reviewer ? reviewerNav(t, 'evaluations') : undefined,
        kind,
        kindLabel: t(`web.evaluationKind.${kind}`),
        intro: t(`review.evaluation.intro.${kind}`),
        back: reviewer ? `/reviewer/projects/${id}` : `/evaluator/projects/${id}`,
        project: {
          ...project,
          stageLabel: domainLabel('projectStage', project.stage, lang),
          organizationName: ctx.organization.name,
          roundName: ctx.round.name,
          reports: project.reports.map((r) => ({
            ...r,
            kindLabel: domainLabel('reportKind', r.kind, lang),
            statusLabel: codeLabel(t, 'reportStatus', r.status),
          })),
        },
        rectificationDeadline,
        earlier,
        reevaluation: kind === 'MIDTERM' && project.stage === 'RECTIFICATION',
        action: evaluationFormPath(kind, id),
        criteria: rubricView(rubric, lang, extra.typed, extra.errors?.byField),
        summary: extra.summary ?? '',
        summaryHint: t('review.evaluation.summaryHint', fieldBounds(EvaluationDto, 'summary')),
        errors: extra.errors,
        refusal: extra.refusal,
      },
      status,
    );
  }

  async file(req: Req, res: Response, id: string, kind: FormKind, body: unknown, doneUrl: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, evaluationFormPath(kind, id));
    const rubric = EVALUATION_RUBRICS[kind];
    const scored = readRubric(rubric, body);
    const { typed, given } = postedFields(body, ['summary']);
    const page = reviewForm(lang, t, { idPrefix: 'evaluation-', rubric, bounds: { summary: fieldBounds(EvaluationDto, 'summary') } });
    const done = await submitForm(page, EvaluationDto, { kind, scores: scored.scores, comments: scored.comments, ...given }, (dto) =>
      this.projects.fileEvaluation(req.user, id, dto),
    );
    if (!done.ok)
      return this.render(
        req,
        res,
        id,
        kind,
        { typed: scored.typed, summary: typed.summary, errors: done.errors, refusal: done.refusal },
        done.status,
      );
    res.redirect(303, doneUrl);
  }
}
