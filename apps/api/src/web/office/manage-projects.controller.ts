import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  REPORT_KINDS,
  TRANCHE_STAGES,
  TRANCHE_STATUS_LABELS,
  ACTIVE_PROJECT_STAGES,
  inGroup,
  PROJECT_END_STAGES,
  type TrancheStatus,
} from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { EvaluatorDto, TerminationDto } from '../../projects/projects.dto';
import { ProjectsService } from '../../projects/projects.service';
import { RoundsService } from '../../rounds/rounds.service';
import { FormErrors, postedFields, Refusal, submitForm } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { labelText } from '../web-i18n';
import { pageNumber, pager } from '../web-pager';
import { OfficeDirectoryService } from './office-directory.service';
import { officeForm } from './office-messages';
import { managedRound, roundFacts } from './round-facts';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
// Stages in which the decisions below are offered; the workflow still decides whether they are allowed.
const DONE = new Set(['evaluator', 'terminated']);
type SignedIn = WebRequest & { user: AuthUser };
type Form = 'evaluator' | 'terminate';
interface Extra {
  refusal?: Refusal;
  errors?: FormErrors;
  form?: Form;
  values?: Record<string, unknown>;
  done?: string;
}

/**
 * 项目管理 for program managers: the projects of a round, and one project with its tranches and
 * reports, where the manager assigns the evaluator (评估人员) and terminates (终止) with a reason —
 * the same ProjectsService decisions as POST /api/projects/:id/evaluator and /terminate.
 */
@WebController()
export class ManageProjectsController {
  constructor(
    private readonly web: WebContext,
    private readonly rounds: RoundsService,
    private readonly applications: ApplicationsService,
    private readonly projects: ProjectsService,
    private readonly directory: OfficeDirectoryService,
  ) {}

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id/projects')
  async roundProjects(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const round = roundFacts(await managedRound(this.rounds, req.user, id), lang);
    const page = pageNumber(rawPage);
    const list = await this.applications.list(req.user, { roundId: id, page, pageSize: PAGE_SIZE });
    await renderPage(res, 'pages/office/projects', {
      title: t('office.projects.title'),
      section: 'workspace',
      round,
      total: list.total,
      projects: list.items.map((a) => ({ ...a, managed: inGroup(ACTIVE_PROJECT_STAGES, a.stage) || inGroup(PROJECT_END_STAGES, a.stage) })),
      pager: pager(list.total, page, PAGE_SIZE, (p) => `/manage/rounds/${id}/projects?page=${p}`),
    });
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/projects/:id')
  async project(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query('done') done?: string) {
    await this.render(req, res, id, { done: DONE.has(String(done)) ? done : undefined });
  }

  @Decides('assignEvaluator')
  @Post('manage/projects/:id/evaluator')
  async evaluator(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.decide(req, res, id, 'evaluator', EvaluatorDto, postedFields(body, ['evaluatorId']).typed, (value) =>
      this.projects.assignEvaluator(req.user, id, value.evaluatorId),
    );
  }

  @Decides('terminateProject')
  @Post('manage/projects/:id/terminate')
  async terminate(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.decide(req, res, id, 'terminate', TerminationDto, postedFields(body, ['reason']).typed, (value) =>
      this.projects.terminate(req.user, id, value.reason),
    );
  }

  /** One of the project page's two forms: what was typed stays in that form, with its errors or the refusal. */
  private async decide<T extends object>(
    req: SignedIn,
    res: Response,
    id: string,
    which: Form,
    dto: new () => T,
    values: Record<string, string>,
    send: (value: T) => Promise<unknown>,
  ) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/manage/projects/${id}`);
    const done = await submitForm(
      officeForm(lang, this.web.translator(lang), () => dto),
      dto,
      values,
      send,
    );
    if (!done.ok) return this.render(req, res, id, { errors: done.errors, refusal: done.refusal, form: which, values }, done.status);
    res.redirect(303, `/manage/projects/${id}?done=${which === 'evaluator' ? 'evaluator' : 'terminated'}`);
  }

  private async render(req: SignedIn, res: Response, id: string, extra: Extra, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [project, application] = await Promise.all([this.projects.get(req.user, id), this.applications.get(req.user, id)]);
    const [evaluators, names] = await Promise.all([
      this.directory.evaluators(),
      this.directory.names([project.evaluatorId, ...project.tranches.flatMap((x) => [x.requestedById, x.approvedById])]),
    ]);
    const values = extra.values ?? {};
    await renderPage(
      res,
      'pages/office/project',
      {
        title: t('office.project.title'),
        section: 'workspace',
        project,
        roundId: application.roundId,
        ...extra,
        doneMessage: extra.done ? t(`office.project.done.${extra.done}`) : undefined,
        evaluatorName: project.evaluatorId ? names.get(project.evaluatorId) : undefined,
        active: inGroup(ACTIVE_PROJECT_STAGES, project.stage),
        evaluators: evaluators.map((e) => ({ ...e, selected: e.id === (values.evaluatorId ?? project.evaluatorId) })),
        reason: values.reason ?? '',
        evaluatorErrors: extra.form === 'evaluator' ? extra.errors : undefined,
        terminateErrors: extra.form === 'terminate' ? extra.errors : undefined,
        tranches: project.tranches.map((x) => ({
          ...x,
          stageLabel: labelText(TRANCHE_STAGES[x.stage as keyof typeof TRANCHE_STAGES], lang) ?? x.stage,
          statusLabel: labelText(TRANCHE_STATUS_LABELS[x.status as TrancheStatus], lang) ?? x.status,
          requestedBy: x.requestedById ? names.get(x.requestedById) : undefined,
          approvedBy: x.approvedById ? names.get(x.approvedById) : undefined,
        })),
        reports: project.reports.map((r) => ({
          ...r,
          kindLabel: labelText(REPORT_KINDS[r.kind as keyof typeof REPORT_KINDS], lang) ?? r.kind,
        })),
      },
      status,
    );
  }
}
