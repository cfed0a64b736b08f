import { Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { AWAITED_REPORT_STATUSES, EDITABLE_STAGES, IN_TERM_STAGES, inGroup, isRole } from '@workflows/rules';
import { ApplicationsService } from '../../applications/applications.service';
import { APPLICATION_ATTACHMENT_KINDS } from '../../applications/attachment-rules';
import { AttachmentsService } from '../../applications/attachments.service';
import { DocumentsService } from '../../applications/documents.service';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { ProjectsService } from '../../projects/projects.service';
import { decide, Refusal, refusalBox } from '../forms';
import { renderPage, Translate, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { budgetTypeLabel, historyKey, reportKindLabel, stageText, trancheStageLabel, trancheStatusLabel } from './applicant-labels';
import { applicantForm } from './applicant-messages';
import { ApplicantReads } from './applicant-reads.service';
import { checksView } from './application-form.page';
import type { AuthUser } from '../../common/auth/auth-user';
import type { WebLang } from '../web-i18n';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const NOTICES = new Set(['submitted', 'signed', 'reportSubmitted', 'changePending', 'changeApplied', 'evaluated']);

/**
 * 项目详情: one application or project as its organization sees it — the stage timeline from the
 * audit trail, documents, attachments, the agreement to sign, tranches, reports due, change
 * requests and evaluations — each read through the service of the matching API route.
 */
@WebController()
export class ApplicantProjectsController {
  constructor(
    private readonly web: WebContext,
    private readonly applications: ApplicationsService,
    private readonly projects: ProjectsService,
    private readonly documents: DocumentsService,
    private readonly attachments: AttachmentsService,
    private readonly reads: ApplicantReads,
  ) {}

  @Roles('APPLICANT')
  @Get('my/applications/:id')
  async page(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string, @Query('notice') notice?: string) {
    await this.render(req, res, id, { notice: typeof notice === 'string' && NOTICES.has(notice) ? notice : undefined });
  }

  /** 签署协议 (乙方): the same decision as POST /api/applications/:id/agreement/sign. */
  @Decides('signAgreement', 'APPLICANT')
  @Post('my/applications/:id/sign')
  async sign(@Req() req: Req, @Res() res: Response, @Param('id', uuid) id: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/my/applications/${id}`);
    const done = await decide(applicantForm(lang, this.web.translator(lang)), () => this.applications.sign(req.user, id));
    if (!done.ok) return this.render(req, res, id, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, `/my/applications/${id}?notice=signed#agreement`);
  }

  private async render(req: Req, res: Response, id: string, state: { notice?: string; refusal?: Refusal }, status = 200) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const user = req.user;
    const app = await this.applications.get(user, id);
    const [context, history, docs, files, project, changes, evaluations] = await Promise.all([
      this.reads.context(user, id),
      this.applications.history(user, id),
      this.documents.list(user, id),
      this.attachments.list(user, id),
      this.projects.get(user, id),
      this.projects.changes(user, id),
      this.projects.evaluations(user, id),
    ]);
    const agreements = docs.filter((d) => d.kind === 'AGREEMENT');
    const agreement = agreements.at(-1);
    // A change issues a new version of the agreement; the signatures stay on the version that was signed.
    const signed = [...agreements].reverse().find((d) => d.signatures.length > 0) ?? agreement;
    const inProject = inGroup(IN_TERM_STAGES, app.stage);
    const editable = inGroup(EDITABLE_STAGES, app.stage);
    const checks = editable ? checksView(await this.applications.draftChecks(user, id)) : undefined;
    await renderPage(
      res,
      'pages/applicant/application',
      {
        title: t('applicant.application.title'),
        section: 'workspace',
        app,
        ...context,
        ...state,
        stage: stageText(app.stage, lang),
        editable,
        checks,
        timeline: history.map((h) => ({
          at: h.at,
          text: historyText(h.action, h.fromState, h.toState, t, lang),
          reason: h.reason,
          actor: isRole(h.actorRole) ? h.actorRole : undefined,
          system: h.actorRole === 'SYSTEM',
        })),
        documents: docs.map((d) => ({
          id: d.id,
          kind: d.kind,
          kindLabel: t(`applicant.documentKind.${d.kind}`),
          title: d.title,
          version: d.version,
          createdAt: d.createdAt.toISOString(),
        })),
        attachments: files.map((f) => ({
          ...f,
          createdAt: f.createdAt.toISOString(),
          kindLabel: t(`applicant.attachmentKind.${f.kind}`),
          evidence: !APPLICATION_ATTACHMENT_KINDS.includes(f.kind),
        })),
        agreement: agreement &&
          signed && {
            id: agreement.id,
            version: agreement.version,
            signedVersion: signed.version,
            signedByUs: signed.signatures.some((s) => s.party === 'applicant'),
            signedByBureau: signed.signatures.some((s) => s.party === 'bureau'),
          },
        canSign: app.stage === 'APPROVED' && !agreement?.signatures.some((s) => s.party === 'applicant'),
        project: {
          ...project,
          tranches: project.tranches.map((x) => ({
            ...x,
            stageLabel: trancheStageLabel(x.stage, lang),
            statusLabel: trancheStatusLabel(x.status, lang),
          })),
          reports: project.reports.map((r) => ({
            ...r,
            kindLabel: reportKindLabel(r.kind, lang),
            statusLabel: t(`applicant.reportStatus.${r.status}`),
            due: inProject && inGroup(AWAITED_REPORT_STATUSES, r.status),
          })),
        },
        canChange: inProject,
        changes: changes.map((c) => changeView(c, t, lang)),
        evaluations: evaluations.map((e) => ({ ...e, kindLabel: t(`web.evaluationKind.${e.kind}`) })),
        canEvaluate: app.stage === 'FINAL_EVALUATION' && !evaluations.some((e) => e.kind === 'ORG_ON_GOV'),
        awaitingBureau: app.stage === 'FINAL_EVALUATION' && !evaluations.some((e) => e.kind === 'GOV_ON_ORG'),
      },
      status,
    );
  }
}

/** A line of the stage timeline: the action's sentence, or the stage it moved to. */
function historyText(action: string, from: string | null, to: string | null, t: Translate, lang: WebLang): string {
  const key = historyKey(action);
  const moved = to && to !== from ? t('applicant.history.stage', { stage: stageText(to, lang) }) : '';
  if (key) return moved ? `${t(key)} · ${moved}` : t(key);
  return moved || t('applicant.history.other');
}

function changeView(
  c: {
    id: string;
    kind: string;
    status: string;
    reason: string | null;
    needsApproval: boolean;
    createdAt: Date;
    decidedAt: Date | null;
    payload: unknown;
  },
  t: Translate,
  lang: WebLang,
) {
  const payload = (c.payload ?? {}) as { budgetLines?: { type: string; description?: string; amount: string }[]; newEndsAt?: string };
  return {
    id: c.id,
    kindLabel: t(`applicant.changeKind.${c.kind}`),
    statusLabel: t(`applicant.changeStatus.${c.status}`),
    status: c.status,
    reason: c.reason,
    needsApproval: c.needsApproval,
    createdAt: c.createdAt.toISOString(),
    decidedAt: c.decidedAt?.toISOString() ?? null,
    newEndsAt: payload.newEndsAt ?? null,
    lines: (payload.budgetLines ?? []).map((l) => ({ ...l, typeLabel: budgetTypeLabel(l.type, lang) })),
  };
}
