import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Decides, Roles } from '../../common/auth/roles.decorator';
import { GroupRulingDto } from '../../notices/notices.dto';
import { NoticesService } from '../../notices/notices.service';
import { checkForm, decide, fieldBounds, FormErrors, FormPage, isConfirmed, postedFields, renderConfirmation } from '../forms';
import { many, one } from '../office/office-forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { choices } from './review-forms';
import { reviewForm } from './review-messages';
import { PAGE_SIZE, reviewerNav } from './review-nav';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const RULING_FIELDS = ['decision', 'ruling'] as const;
const QUEUE = '/reviewer/objections';

/** The queue's project filter: a project's id, or none. */
const projectParam = (raw: unknown): string | undefined => (typeof raw === 'string' && isUUID(raw) ? raw : undefined);
const queuePath = (project?: string, extra?: string) =>
  `${QUEUE}${project || extra ? '?' : ''}${[project && `project=${project}`, extra].filter(Boolean).join('&')}`;

/** What the grouped ruling form holds as typed: the ticked objections, the outcome and the written ruling. */
interface RulingForm {
  objectionIds: string[];
  decision: string;
  ruling: string;
}

/** The form's own errors and those the service found in the ticked objections (one project), all at once. */
const merged = (a?: FormErrors, b?: FormErrors): FormErrors | undefined =>
  a && b ? { byField: { ...a.byField, ...b.byField }, list: [...a.list, ...b.list] } : (a ?? b);

/**
 * 异议处理 queue: the FILED objections of the reviewer's region, optionally of one project, and one
 * reasoned ruling on several of them at once (POST /api/objections/rulings through the same
 * service): the objections must be the region's (404 otherwise) and of one project, the ruling
 * reasoned; the step asks for confirmation first, as other irreversible steps do.
 */
@WebController()
export class ReviewerObjectionsController {
  constructor(
    private readonly web: WebContext,
    private readonly notices: NoticesService,
  ) {}

  @Roles('REVIEWER')
  @Get('reviewer/objections')
  async queue(
    @Req() req: Req,
    @Res() res: Response,
    @Query('page') rawPage?: string,
    @Query('project') rawProject?: string,
    @Query('done') done?: string,
  ) {
    const t = this.web.translator(this.web.lang(req));
    await this.render(req, res, pageNumber(rawPage), projectParam(rawProject), {
      done: done === 'rulings' ? t('review.done.rulings') : undefined,
    });
  }

  /** 合并处理: one written ruling on the ticked objections of one project; confirmed before it is made. */
  @Decides('ruleObjections')
  @Post('reviewer/objections/rulings')
  async rule(@Req() req: Req, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = projectParam(one(body, 'project'));
    this.web.returnPath(res, lang, queuePath(project));
    const raw = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const form: RulingForm = { objectionIds: many(raw.objectionIds), ...postedFields(body, RULING_FIELDS).typed };
    if (one(body, 'edit') === 'yes') return this.render(req, res, 1, project, { form });
    const page = reviewForm(lang, t, { idPrefix: 'rulings-', bounds: { ruling: fieldBounds(GroupRulingDto, 'ruling') } });
    const checked = await checkForm(page, GroupRulingDto, form);
    const idsWrong = !checked.ok && !!checked.errors && 'objectionIds' in checked.errors.byField;
    // The objections are read whatever else the form lacks: one of another region is not found (404).
    const found = idsWrong ? undefined : await decide(page, () => this.notices.objectionsToRule(req.user, form.objectionIds));
    if (!checked.ok || !found?.ok) {
      const errors = merged(checked.ok ? undefined : checked.errors, found && !found.ok ? found.errors : undefined);
      return this.render(req, res, 1, project, { form, errors }, 400);
    }
    if (!isConfirmed(body)) return this.confirm(res, page, form, project, found.value);
    const done = await decide(page, () => this.notices.ruleMany(req.user, checked.value));
    if (!done.ok) return this.render(req, res, 1, project, { form, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, queuePath(project, 'done=rulings'));
  }

  /** The confirmation page: the project, whose objections, the outcome and the ruling, carried to the confirming form. */
  private async confirm(
    res: Response,
    page: FormPage,
    form: RulingForm,
    project: string | undefined,
    objections: { title: string; name: string }[],
  ) {
    const { t } = page;
    await renderConfirmation(
      res,
      {
        heading: t('review.rulings.confirm.heading', { n: objections.length }),
        intro: t('review.rulings.confirm.intro'),
        irreversible: t(`review.rulings.confirm.irreversible${form.decision === 'UPHELD' ? 'Upheld' : ''}`),
        facts: [
          { term: t('review.columns.project'), value: objections[0]?.title ?? '', userContent: true },
          {
            term: t('review.rulings.objectors', { n: objections.length }),
            value: objections.map((o) => o.name).join('、'),
            userContent: true,
          },
          { term: t('review.objection.decision'), value: t(`review.objection.${form.decision}`) },
          { term: t('review.fields.ruling'), value: form.ruling, userContent: true },
        ],
        action: '/reviewer/objections/rulings',
        hidden: [
          ...form.objectionIds.map((value) => ({ name: 'objectionIds', value })),
          { name: 'decision', value: form.decision },
          { name: 'ruling', value: form.ruling },
          ...(project ? [{ name: 'project', value: project }] : []),
        ],
        confirmLabel: t('review.rulings.confirm.submit', { n: objections.length }),
        back: { editLabel: t('review.rulings.confirm.edit') },
        area: 'review',
      },
      { nav: reviewerNav(t, 'objections') },
    );
  }

  private async render(
    req: Req,
    res: Response,
    page: number,
    project: string | undefined,
    extra: { form?: RulingForm; errors?: FormErrors; refusal?: unknown; done?: string },
    status = 200,
  ) {
    const t = this.web.translator(this.web.lang(req));
    const list = await this.notices.list(req.user, { status: 'FILED', page, pageSize: PAGE_SIZE, applicationId: project });
    const form = extra.form ?? { objectionIds: [], decision: '', ruling: '' };
    const items = (list.items as { id: string; applicationId: string; title: string }[]).map((o) => ({
      ...o,
      ticked: form.objectionIds.includes(o.id),
      onlyThis: o.applicationId !== project,
    }));
    await renderPage(
      res,
      'pages/review/reviewer-objections',
      {
        title: t('review.queues.objections.title'),
        section: 'workspace',
        queue: 'objections',
        nav: reviewerNav(t, 'objections'),
        pager: pager(list.total, page, PAGE_SIZE, (p) => queuePath(project, `page=${p}`)),
        items,
        project: project && { id: project, title: items[0]?.title },
        options: choices(t, 'objection', ['DISMISSED', 'UPHELD'], true),
        rulingHint: t('review.objection.rulingHint', fieldBounds(GroupRulingDto, 'ruling')),
        ...extra,
        form,
      },
      status,
    );
  }
}
