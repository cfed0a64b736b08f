import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { EVALUATION_RUBRICS } from '@workflows/rules';
import { AttachmentsService } from '../../applications/attachments.service';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { NotFoundError } from '../../common/errors';
import { ProjectsService } from '../../projects/projects.service';
import { attachmentsSection } from '../web-attachments';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { EvaluationForms, evaluationFormPath, FormKind } from './evaluation-forms';
import { domainLabel, scoredView } from './review-labels';
import { PAGE_SIZE } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const KINDS: Record<string, FormKind> = { midterm: 'MIDTERM', final: 'FINAL_THIRD_PARTY' };
type Req = WebRequest & { user: AuthUser };

/** What is due on a project for its evaluator, read from the stage and what has been filed; the workflow still decides. */
function dueEvaluation(
  stage: string,
  filed: { kind: string }[],
  midtermReportAccepted: boolean,
): { kind: FormKind; ready: boolean } | undefined {
  if (stage === 'RECTIFICATION') return { kind: 'MIDTERM', ready: true };
  if (stage === 'IMPLEMENTATION' && !filed.some((e) => e.kind === 'MIDTERM')) return { kind: 'MIDTERM', ready: midtermReportAccepted };
  if (stage === 'FINAL_EVALUATION' && !filed.some((e) => e.kind === 'FINAL_THIRD_PARTY')) return { kind: 'FINAL_THIRD_PARTY', ready: true };
  return undefined;
}

/**
 * 评估人员: the projects the program manager assigned to this evaluator (Application.evaluatorId),
 * the mid-term evaluation (MIDTERM_RUBRIC), the re-evaluation after a failed one during
 * rectification (整改), and the third-party final evaluation (FINAL_RUBRIC).
 */
@WebController()
export class EvaluatorController {
  constructor(
    private readonly web: WebContext,
    private readonly projects: ProjectsService,
    private readonly queries: ReviewQueries,
    private readonly forms: EvaluationForms,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles('EVALUATOR')
  @Get('evaluator/projects')
  async list(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const page = pageNumber(rawPage);
    const list = await this.queries.evaluatorProjects(req.user, { page, pageSize: PAGE_SIZE });
    const items = await Promise.all(
      list.items.map(async (a) => {
        const project = await this.projects.get(req.user, a.id);
        const filed = await this.projects.evaluations(req.user, a.id);
        const due = dueEvaluation(
          a.stage,
          filed,
          project.reports.some((r) => r.kind === 'MIDTERM' && r.status === 'ACCEPTED'),
        );
        return {
          ...a,
          stageLabel: domainLabel('projectStage', a.stage, lang),
          due: due && { ...due, label: t(`web.evaluationKind.${due.kind}`), href: evaluationFormPath(due.kind, a.id) },
        };
      }),
    );
    await renderPage(res, 'pages/review/evaluator-projects', {
      title: t('review.evaluator.projects.title'),
      section: 'workspace',
      items,
      pager: pager(list.total, page, PAGE_SIZE, (p) => `/evaluator/projects?page=${p}`),
    });
  }

  @Roles('EVALUATOR')
  @Get('evaluator/projects/:id')
  async project(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('done') done?: string,
    @Query('preview') preview?: string,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = await this.projects.get(req.user, id);
    const [header, filed, rectificationDeadline, files] = await Promise.all([
      this.queries.header(req.user, id),
      this.projects.evaluations(req.user, id),
      project.stage === 'RECTIFICATION' ? this.queries.rectificationDeadline(id) : Promise.resolve(null),
      this.attachments.list(req.user, id),
    ]);
    const due = dueEvaluation(
      project.stage,
      filed,
      project.reports.some((r) => r.kind === 'MIDTERM' && r.status === 'ACCEPTED'),
    );
    await renderPage(res, 'pages/review/evaluator-project', {
      title: project.title,
      section: 'workspace',
      organization: header.organization,
      round: header.round,
      rectificationDeadline,
      project: {
        ...project,
        stageLabel: domainLabel('projectStage', project.stage, lang),
        reports: project.reports.map((r) => ({
          ...r,
          kindLabel: domainLabel('reportKind', r.kind, lang),
          statusLabel: codeLabel(t, 'reportStatus', r.status),
        })),
      },
      evaluations: filed.map((e) => ({
        ...e,
        kindLabel: t(`web.evaluationKind.${e.kind}`),
        gradeLabel: domainLabel('grade', e.grade, lang),
        criteria: scoredView(EVALUATION_RUBRICS[e.kind as FormKind] ?? [], lang, e.scores, {}),
      })),
      due: due && {
        ...due,
        label: t(`web.evaluationKind.${due.kind}`),
        href: evaluationFormPath(due.kind, id),
        reevaluation: project.stage === 'RECTIFICATION',
      },
      files: attachmentsSection(files, { appId: id, page: 'evaluator', pagePath: `/evaluator/projects/${id}`, preview, t }),
      done: done === 'evaluation' ? t('review.done.evaluation') : undefined,
    });
  }

  @Roles('EVALUATOR')
  @Get('evaluator/projects/:id/evaluations/:kind')
  async form(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Param('kind') kind: string) {
    await this.forms.render(req, res, id, this.kindOf(kind, id), {});
  }

  @Decides('fileEvaluation', 'EVALUATOR')
  @Post('evaluator/projects/:id/evaluations/:kind')
  async file(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Param('kind') kind: string, @Body() body: unknown) {
    await this.forms.file(req, res, id, this.kindOf(kind, id), body, `/evaluator/projects/${id}?done=evaluation#evaluations`);
  }

  private kindOf(slug: string, id: string): FormKind {
    const kind = Object.prototype.hasOwnProperty.call(KINDS, slug) ? KINDS[slug] : undefined;
    if (!kind) throw new NotFoundError('Evaluation', `${id}/${slug}`);
    return kind;
  }
}
