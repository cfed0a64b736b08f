import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { PROJECT_STAGE_LABELS, ProjectStage, WITH_APPLICANT_STAGES } from '@workflows/rules';
import { EligibilityPassesDto } from '../../applications/applications.dto';
import { ApplicationsService } from '../../applications/applications.service';
import { EligibilityPassesService } from '../../applications/eligibility-passes.service';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { refusalBox, submitForm } from '../forms';
import { many, one } from '../office/office-forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { labelText, pickLanguage } from '../web-i18n';
import { pageNumber, pager } from '../web-pager';
import { domainLabel } from './review-labels';
import { reviewForm } from './review-messages';
import { PAGE_SIZE, REVIEWER_QUEUES, reviewerNav } from './review-nav';
import { ReviewQueries } from './review-queries.service';
import { codeLabel } from './reviewer-project.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };

/** The queue's search box: trimmed, at most 100 characters (ApplicationQuery's bound), blank for none. */
function searchText(raw: unknown): string | undefined {
  const text = typeof raw === 'string' ? raw.trim().slice(0, 100) : '';
  return text === '' ? undefined : text;
}

/**
 * 民政审核人员的待办队列: every list paged on the server and scoped to the reviewer's region by
 * the same access rules as the JSON API (ApplicationAccess). The objections queue, with its
 * grouped ruling, is reviewer-objections.controller.ts.
 */
@WebController()
export class ReviewerQueuesController {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly queries: ReviewQueries,
    private readonly passes: EligibilityPassesService,
  ) {}

  /** 资格审查: submitted applications awaiting the reviewer, with the automatic rules' outcome; searchable by name. */
  @Roles('REVIEWER')
  @Get('reviewer/eligibility')
  async eligibility(
    @Req() req: Req,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('done') done?: string,
    @Query('q') rawQ?: string,
  ) {
    const t = this.web.translator(this.web.lang(req));
    await this.renderEligibility(req, res, pageNumber(rawPage), searchText(rawQ), {
      done: done === 'eligibility' ? t('review.done.eligibility') : undefined,
    });
  }

  /**
   * 批量通过: the selected applications whose automatic checks all passed are passed one by one
   * (each its own decision and audit entry); the others are named with the reason.
   */
  @Decides('decideEligibility')
  @Post('reviewer/eligibility/passes')
  async passAll(@Req() req: Req, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, '/reviewer/eligibility');
    const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const q = searchText(one(body, 'q'));
    const page = reviewForm(lang, t, { idPrefix: 'passes-' });
    const done = await submitForm(page, EligibilityPassesDto, { applicationIds: many(raw.applicationIds) }, (dto) =>
      this.passes.passAll(req.user, dto),
    );
    if (!done.ok) return this.renderEligibility(req, res, 1, q, { refusal: refusalBox(done) }, done.status);
    const outcome = {
      passed: done.value.passed,
      refused: done.value.refused.map((r) => ({
        ...r,
        why:
          r.reason === 'checksFailed'
            ? t('review.passes.checksFailed', { rules: r.failedRules.map((rule) => codeLabel(t, 'checkRule', rule)).join('、') })
            : r.reason === 'refused'
              ? (pickLanguage(r.message ?? '', lang) ?? t('review.passes.refused'))
              : t(`review.passes.${r.reason}`),
      })),
    };
    await this.renderEligibility(req, res, 1, q, { outcome });
  }

  private async renderEligibility(
    req: Req,
    res: Response,
    page: number,
    q: string | undefined,
    extra: Record<string, unknown>,
    status = 200,
  ) {
    const list = await this.applications.list(req.user, { stage: 'ELIGIBILITY_REVIEW', page, pageSize: PAGE_SIZE, q });
    const summaries = await this.queries.eligibilitySummaries(list.items.map((a) => a.id));
    const items = list.items.map((a) => {
      const s = summaries.get(a.id);
      return { ...a, ...s, passable: !!s && s.checks > 0 && s.failed === 0 };
    });
    const query = q ? `q=${encodeURIComponent(q)}&` : '';
    await this.render(
      req,
      res,
      'eligibility',
      { items, q, passable: items.some((i) => i.passable), ...extra },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/eligibility?${query}page=${p}`),
      status,
    );
  }

  /** 报告审核: reports submitted and waiting to be accepted or returned. */
  @Roles('REVIEWER')
  @Get('reviewer/reports')
  async reports(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const page = pageNumber(rawPage);
    const list = await this.queries.submittedReports(req.user, { page, pageSize: PAGE_SIZE });
    const items = list.items.map((r) => ({ ...r, kindLabel: domainLabel('reportKind', r.kind, lang) }));
    await this.render(
      req,
      res,
      'reports',
      { items },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/reports?page=${p}`),
    );
  }

  /** 变更审批: change requests above the threshold, waiting for approval or rejection. */
  @Roles('REVIEWER')
  @Get('reviewer/changes')
  async changes(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const t = this.web.translator(this.web.lang(req));
    const page = pageNumber(rawPage);
    const list = await this.queries.pendingChanges(req.user, { page, pageSize: PAGE_SIZE });
    const items = list.items.map((c) => ({ ...c, kindLabel: codeLabel(t, 'changeKind', c.kind) }));
    await this.render(
      req,
      res,
      'changes',
      { items },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/changes?page=${p}`),
    );
  }

  /** 协议签署: approved projects whose agreement awaits the bureau's (甲方) signature. */
  @Roles('REVIEWER')
  @Get('reviewer/agreements')
  async agreements(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const page = pageNumber(rawPage);
    const list = await this.queries.agreementsToSign(req.user, { page, pageSize: PAGE_SIZE });
    await this.render(
      req,
      res,
      'agreements',
      { items: list.items },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/agreements?page=${p}`),
    );
  }

  /** 政府方评价: projects in final evaluation whose bureau-side evaluation is still missing. */
  @Roles('REVIEWER')
  @Get('reviewer/evaluations')
  async evaluations(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string) {
    const page = pageNumber(rawPage);
    const list = await this.queries.awaitingGovEvaluation(req.user, { page, pageSize: PAGE_SIZE });
    await this.render(
      req,
      res,
      'evaluations',
      { items: list.items },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/evaluations?page=${p}`),
    );
  }

  /** 项目一览: every project of the region, by stage, to open its page outside the queues. */
  @Roles('REVIEWER')
  @Get('reviewer/projects')
  async projects(@Req() req: Req, @Res() res: Response, @Query('page') rawPage?: string, @Query('stage') rawStage?: string) {
    const lang = this.web.lang(req);
    // A draft or a returned application is the applicant's alone: no stage to filter staff lists by.
    const listed = (Object.keys(PROJECT_STAGE_LABELS) as ProjectStage[]).filter((s) => !WITH_APPLICANT_STAGES.includes(s));
    const stage = typeof rawStage === 'string' && listed.includes(rawStage as ProjectStage) ? rawStage : undefined;
    const page = pageNumber(rawPage);
    const list = await this.queries.projects(req.user, { page, pageSize: PAGE_SIZE }, stage);
    const items = list.items.map((a) => ({ ...a, stageLabel: domainLabel('projectStage', a.stage, lang) }));
    const stages = listed.map((s) => ({ value: s, label: labelText(PROJECT_STAGE_LABELS[s], lang), selected: s === stage }));
    const query = stage ? `stage=${stage}&` : '';
    await this.render(
      req,
      res,
      'projects',
      { items, stages, stage },
      pager(list.total, page, PAGE_SIZE, (p) => `/reviewer/projects?${query}page=${p}`),
    );
  }

  private async render(
    req: Req,
    res: Response,
    queue: (typeof REVIEWER_QUEUES)[number],
    locals: Record<string, unknown>,
    pages: unknown,
    status = 200,
  ) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(
      res,
      `pages/review/reviewer-${queue}`,
      {
        title: t(`review.queues.${queue}.title`),
        section: 'workspace',
        queue,
        nav: reviewerNav(t, queue),
        pager: pages,
        ...locals,
      },
      status,
    );
  }
}
