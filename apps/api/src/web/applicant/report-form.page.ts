import { Injectable, NotFoundException } from '@nestjs/common';
import { AWAITED_REPORT_STATUSES, IN_TERM_STAGES, inGroup } from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { ATTACHMENT_RULES, KIND_TYPES, REPORT_ATTACHMENT_KINDS } from '../../applications/attachment-rules';
import { AttachmentsService } from '../../applications/attachments.service';
import { ProjectsService } from '../../projects/projects.service';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { FormBody, integer, moneyTotal, readRows, text, values } from './applicant-forms';
import { budgetTypeLabel, reportKindLabel } from './applicant-labels';
import type { AuthUser } from '../../common/auth/auth-user';
import type { FormErrors, Refusal } from '../forms';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };

export const REPORT_INDICATOR_FIELDS = ['name', 'unit', 'planned', 'achieved'] as const;
export const SPENDING_FIELDS = ['type', 'budgeted', 'spent'] as const;

export interface ReportState {
  posted?: FormBody;
  errors?: FormErrors;
  refusal?: Refusal;
  uploadErrors?: FormErrors;
  uploadKind?: string;
  notice?: string;
}

/**
 * A report due from the project (进度/中期/结项报告): indicators achieved against the plan,
 * cumulative spending per budget line in force, the narrative and evidence uploaded as the
 * project's attachments. Rendered for the form's own routes and for the evidence upload's.
 */
@Injectable()
export class ReportFormPage {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly projects: ProjectsService,
    private readonly attachments: AttachmentsService,
  ) {}

  /** The report of that sequence number, or 404 (also for a project the applicant may not see). */
  async report(user: AuthUser, id: string, seq: number) {
    const project = await this.projects.get(user, id);
    const report = project.reports.find((r) => r.seq === seq);
    if (!report) throw new NotFoundException();
    return { project, report };
  }

  async render(req: Req, res: Response, id: string, seq: number, state: ReportState, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [{ project, report }, app, files] = await Promise.all([
      this.report(req.user, id, seq),
      this.applications.get(req.user, id),
      this.attachments.list(req.user, id),
    ]);
    const posted = state.posted ?? {};
    const planned = (Array.isArray(app.indicators) ? app.indicators : []) as { name: string; unit: string; target: number }[];
    const lines = (Array.isArray(app.budgetLines) ? app.budgetLines : []) as { type: string; description?: string; amount: string }[];
    const field = (key: string, value: string) => ({
      id: `report-${key}`,
      name: key,
      value: posted[key] !== undefined ? text(posted, key) : value,
      error: state.errors?.byField[key],
    });
    const chosen = new Set(values(posted, 'attachmentIds'));
    const spending = lines.map((l, i) => ({
      typeLabel: budgetTypeLabel(l.type, lang),
      description: l.description ?? '',
      type: l.type,
      budgeted: l.amount,
      prefix: `spend-${i}`,
      spent: field(`spend-${i}-spent`, ''),
    }));
    await renderPage(
      res,
      'pages/applicant/report-form',
      {
        title: t('applicant.report.title', { kind: reportKindLabel(report.kind, lang), seq }),
        section: 'workspace',
        app,
        report: { ...report, kindLabel: reportKindLabel(report.kind, lang) },
        stage: project.stage,
        open: inGroup(AWAITED_REPORT_STATUSES, report.status) && inGroup(IN_TERM_STAGES, project.stage),
        indicators: planned.map((p, i) => ({
          ...p,
          subject: lang === 'en' ? `${p.name} (${p.unit})` : `${p.name}（${p.unit}）`,
          prefix: `rind-${i}`,
          achieved: field(`rind-${i}-achieved`, ''),
        })),
        spending,
        budgetTotal: moneyTotal(lines.map((l) => l.amount)),
        spentTotal: moneyTotal(spending.map((s) => s.spent.value)),
        narrative: field('narrative', ''),
        evidence: files
          .filter((f) => REPORT_ATTACHMENT_KINDS.includes(f.kind))
          .map((f) => ({
            ...f,
            createdAt: f.createdAt.toISOString(),
            kindLabel: t(`applicant.attachmentKind.${f.kind}`),
            checked: chosen.has(f.id),
          })),
        uploadKinds: REPORT_ATTACHMENT_KINDS.map((k) => ({
          value: k,
          label: `${t(`applicant.attachmentKind.${k}`)} (${KIND_TYPES[k].join(', ')})`,
          selected: k === state.uploadKind,
        })),
        uploadHint: t('applicant.upload.hint', {
          types: Object.values(ATTACHMENT_RULES.mimeTypes).join(', '),
          mb: ATTACHMENT_RULES.maxBytes / 1024 / 1024,
        }),
        jsText: { invalid: t('applicant.applicationForm.totalInvalid') },
        ...state,
      },
      status,
    );
  }
}

/** The posted report as ReportDto's shape; every row of the form is posted, so positions match. */
export function readReport(body: FormBody) {
  const indicators = readRows(body, 'rind', REPORT_INDICATOR_FIELDS).map((r) => r.values);
  const spending = readRows(body, 'spend', SPENDING_FIELDS).map((r) => r.values);
  return {
    indicators: indicators.map((r) => ({ name: r.name, unit: r.unit, planned: integer(r.planned), achieved: integer(r.achieved) })),
    spending: spending.map((r) => ({ type: r.type, budgeted: r.budgeted, spent: r.spent })),
    narrative: text(body, 'narrative'),
    attachmentIds: values(body, 'attachmentIds'),
  };
}
