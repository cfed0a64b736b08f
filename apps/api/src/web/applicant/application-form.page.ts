import { Injectable } from '@nestjs/common';
import { blockingChecks, EDITABLE_STAGES, inGroup, warningChecks } from '@workflows/rules';
import { CreateApplicationDto } from '../../applications/applications.dto';
import { ApplicationsService, DraftChecks } from '../../applications/applications.service';
import { APPLICATION_ATTACHMENT_KINDS, ATTACHMENT_RULES, KIND_TYPES } from '../../applications/attachment-rules';
import { AttachmentsService } from '../../applications/attachments.service';
import { fieldBounds, FormErrors, Refusal } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { ApplicantReads } from './applicant-reads.service';
import { Group, PostedApplication, rowsView, storedApplication } from './application-form';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };

export interface FormState {
  values?: Record<string, string>;
  rows?: PostedApplication['rows'];
  errors?: FormErrors;
  refusal?: Refusal;
  add?: Group;
  version?: number;
  /** Banners after a redirect: saved, uploaded. */
  notice?: string;
  uploadErrors?: FormErrors;
  uploadKind?: string;
  /** The submission was refused for want of "确认仍然提交". */
  confirmError?: boolean;
}

export interface RoundChoice {
  id: string;
  name: string;
  categories: string[];
  matchingFundsPercent: number | null;
  managementCapPercent: number;
  projectCeiling: string;
  closesAt: string;
}

/** A draft's checks as the page lists them (templates/web/partials/applicant-checks.hbs). */
export function checksView(found: DraftChecks) {
  return { ...found, hardFailed: blockingChecks(found.checks), warningFailed: warningChecks(found.checks) };
}

/** How often the edit form saves a changed draft by itself (assets/application-form.js); PSP_AUTOSAVE_MS shortens it in tests. */
function autosaveMs(): number {
  const ms = Number(process.env.PSP_AUTOSAVE_MS);
  return Number.isInteger(ms) && ms >= 1000 ? ms : 30_000;
}

/** Renders the application form, new or for an existing draft, for every route that ends on it. */
@Injectable()
export class ApplicationFormPage {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly attachments: AttachmentsService,
    private readonly reads: ApplicantReads,
  ) {}

  async renderNew(req: Req, res: Response, round: RoundChoice, organization: { id: string; name: string }, state: FormState, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    await this.render(req, res, { title: t('applicant.applicationForm.newTitle'), mode: 'new', round, organization }, state, status);
  }

  async renderEdit(req: Req, res: Response, id: string, state: FormState, status = 200) {
    const t = this.web.translator(this.web.lang(req));
    const app = await this.applications.get(req.user, id);
    const { round, organization } = await this.reads.context(req.user, id);
    const stored = storedApplication(app);
    const editable = inGroup(EDITABLE_STAGES, app.stage);
    const [attachments, history, checks] = await Promise.all([
      this.attachments.list(req.user, id),
      app.stage === 'RETURNED' ? this.applications.history(req.user, id) : Promise.resolve([]),
      editable ? this.applications.draftChecks(req.user, id) : Promise.resolve(undefined),
    ]);
    const returned = [...history].reverse().find((h) => h.action === 'eligibility.return');
    await this.render(
      req,
      res,
      {
        title: t('applicant.applicationForm.editTitle'),
        mode: 'edit',
        app,
        round,
        organization,
        editable,
        checks: checks && checksView(checks),
        returned: app.stage === 'RETURNED' ? { deadline: app.revisionDeadline, reason: returned?.reason ?? '' } : undefined,
        attachments: attachments
          .filter((a) => APPLICATION_ATTACHMENT_KINDS.includes(a.kind))
          .map((a) => ({ ...a, kindLabel: t(`applicant.attachmentKind.${a.kind}`), createdAt: a.createdAt.toISOString() })),
      },
      { values: stored.values, rows: stored.rows, ...state, version: state.version ?? app.version },
      status,
    );
  }

  private async render(req: Req, res: Response, page: Record<string, unknown> & { round: RoundChoice }, state: FormState, status: number) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const values = state.values ?? {};
    const rows = state.rows ?? { budget: [], indicator: [], milestone: [] };
    const round = page.round;
    await renderPage(
      res,
      'pages/applicant/application-form',
      {
        section: 'workspace',
        ...page,
        ...state,
        values,
        ...rowsView(rows, t, lang, state.errors, state.add),
        categories: round.categories.map((c) => ({ value: c, selected: c === values.category, userContent: true })),
        matchingHint: round.matchingFundsPercent
          ? t('applicant.applicationForm.matchingHint', { percent: round.matchingFundsPercent })
          : undefined,
        summaryHint: t('applicant.applicationForm.summaryHint', fieldBounds(CreateApplicationDto, 'summary')),
        requestedHint: t('applicant.applicationForm.requestedHint', { ceiling: round.projectCeiling, cap: round.managementCapPercent }),
        uploadKinds: APPLICATION_ATTACHMENT_KINDS.map((k) => ({
          value: k,
          label: `${t(`applicant.attachmentKind.${k}`)} (${KIND_TYPES[k].join(', ')})`,
          selected: k === state.uploadKind,
        })),
        uploadHint: t('applicant.upload.hint', {
          types: Object.values(ATTACHMENT_RULES.mimeTypes).join(', '),
          mb: ATTACHMENT_RULES.maxBytes / 1024 / 1024,
        }),
        jsText: { remove: t('applicant.rows.remove'), invalid: t('applicant.applicationForm.totalInvalid') },
        autosaveMs: autosaveMs(),
      },
      status,
    );
  }
}
