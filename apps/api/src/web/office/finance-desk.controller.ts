import { Body, Get, HttpStatus, Param, ParseIntPipe, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { TRANCHE_STAGES, TRANCHE_STATUS_LABELS, TRANCHE_STATUSES, type TrancheStatus, mayDecide } from '@workflows/rules';
import { Roles, Decides } from '../../common/auth/roles.decorator';
import { LedgerService, sendLedger } from '../../projects/ledger.service';
import { ProjectsService } from '../../projects/projects.service';
import { decide, isConfirmed, Refusal, refusalBox, renderConfirmation } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { labelText } from '../web-i18n';
import { pageNumber, pager } from '../web-pager';
import { OfficeDirectoryService } from './office-directory.service';
import { one } from './office-forms';
import { officeForm } from './office-messages';
import { money } from './round-confirmations';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
const seqPipe = new ParseIntPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

type SignedIn = WebRequest & { user: AuthUser };
interface Filters {
  status?: TrancheStatus;
  roundId?: string;
  page: number;
}
interface TrancheItem {
  applicationId: string;
  seq: number;
  stage: string;
  amount: string;
  status: TrancheStatus;
  title: string;
  organizationName: string;
  dueAt: string | null;
  requestedById: string | null;
  paidAt: string | null;
  paymentRef: string | null;
}

/** Filters as the query or a posted form carries them; anything unknown is simply no filter. */
function filtersOf(src: Record<string, unknown>): Filters {
  const status = TRANCHE_STATUSES.find((s) => s === src.status);
  const roundId = typeof src.roundId === 'string' && isUUID(src.roundId) ? src.roundId : undefined;
  return { status, roundId, page: pageNumber(src.page) };
}

function queueHref(f: Filters, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams({
    ...(f.status && { status: f.status }),
    ...(f.roundId && { roundId: f.roundId }),
    ...(f.page > 1 && { page: String(f.page) }),
    ...extra,
  });
  const s = q.toString();
  return `/finance-desk${s ? `?${s}` : ''}`;
}

/**
 * 资金拨付 for finance officers: the tranche queue of their region by status and round, request
 * and approve (the workflow refuses an officer approving their own request: its 403 is shown on
 * the queue), and the ledger workbook (台账) built by the same LedgerService as the JSON API's.
 */
@WebController()
export class FinanceDeskController {
  constructor(
    private readonly web: WebContext,
    private readonly projects: ProjectsService,
    private readonly ledger: LedgerService,
    private readonly directory: OfficeDirectoryService,
  ) {}

  @Roles('FINANCE', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('finance-desk')
  async queue(@Req() req: SignedIn, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const done = ['requested', 'approved'].includes(String(query.done))
      ? { action: String(query.done), seq: Number(query.seq) || undefined }
      : undefined;
    await this.render(req, res, filtersOf(query), { done });
  }

  @Decides('requestTranche')
  @Post('finance-desk/tranches/:projectId/:seq/request')
  request(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('projectId', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Body() body: unknown,
  ) {
    return this.moveTranche(req, res, id, seq, 'request', body);
  }

  @Decides('approveTranche')
  @Post('finance-desk/tranches/:projectId/:seq/approve')
  approve(
    @Req() req: SignedIn,
    @Res() res: Response,
    @Param('projectId', uuid) id: string,
    @Param('seq', seqPipe) seq: number,
    @Body() body: unknown,
  ) {
    return this.moveTranche(req, res, id, seq, 'approve', body);
  }

  /** 台账 download for the portal: a session cookie instead of the API's bearer token, the same workbook. */
  @Roles('FINANCE', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('finance-desk/ledger.xlsx')
  async ledgerWorkbook(@Req() req: SignedIn, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const f = filtersOf(query);
    sendLedger(res, await this.ledger.workbook(req.user, { status: f.status, roundId: f.roundId }));
  }

  private async moveTranche(req: SignedIn, res: Response, id: string, seq: number, action: 'request' | 'approve', body: unknown) {
    const lang = this.web.lang(req);
    const f = filtersOf({ status: one(body, 'status'), roundId: one(body, 'roundId'), page: one(body, 'page') });
    this.web.returnPath(res, lang, queueHref(f));
    // Approval pays: asked first, on a page that says the payment cannot be undone.
    if (action === 'approve' && !isConfirmed(body)) return this.confirmPayment(req, res, id, seq, f);
    const done = await decide(officeForm(lang, this.web.translator(lang)), () => this.projects.tranche(req.user, id, seq, action));
    if (!done.ok) return this.render(req, res, f, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, queueHref(f, { done: action === 'request' ? 'requested' : 'approved', seq: String(seq) }));
  }

  private async confirmPayment(req: SignedIn, res: Response, id: string, seq: number, f: Filters) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const project = await this.projects.get(req.user, id);
    const tranche = project.tranches.find((x) => x.seq === seq);
    // A tranche not (or no longer) awaiting approval is not offered: nothing is sent, the queue says so.
    if (tranche?.status !== 'REQUESTED' || !mayDecide(req.user.role, 'approveTranche')) {
      const stage = tranche && (labelText(TRANCHE_STATUS_LABELS[tranche.status as TrancheStatus], lang) ?? tranche.status);
      return this.render(req, res, f, { refusal: { status: 409, message: t('web.refusal.notOffered'), stage } }, 409);
    }
    const stageLabel = labelText(TRANCHE_STAGES[tranche.stage as keyof typeof TRANCHE_STAGES], lang) ?? tranche.stage;
    const requestedBy = tranche.requestedById
      ? (await this.directory.names([tranche.requestedById])).get(tranche.requestedById)
      : undefined;
    await renderConfirmation(res, {
      heading: t('office.confirm.payTranche.heading'),
      intro: t('office.confirm.payTranche.intro'),
      irreversible: t('office.confirm.payTranche.irreversible'),
      facts: [
        { term: t('office.finance.project'), value: project.title, userContent: true },
        { term: t('office.confirm.facts.tranche'), value: t('office.confirm.facts.trancheValue', { seq, stage: stageLabel }) },
        { term: t('office.finance.amount'), value: money(t, tranche.amount ?? '0.00') },
        ...(requestedBy ? [{ term: t('office.finance.requestedBy'), value: requestedBy, userContent: true }] : []),
      ],
      action: `/finance-desk/tranches/${id}/${seq}/approve`,
      hidden: [
        { name: 'status', value: f.status ?? '' },
        { name: 'roundId', value: f.roundId ?? '' },
        { name: 'page', value: String(f.page) },
      ],
      confirmLabel: t('office.confirm.payTranche.confirm'),
      back: { href: queueHref(f), label: t('web.confirm.back') },
      area: 'office',
    });
  }

  private async render(
    req: SignedIn,
    res: Response,
    f: Filters,
    extra: { refusal?: Refusal; done?: { action: string; seq?: number } },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const [page, rounds] = await Promise.all([
      this.projects.tranches(req.user, { status: f.status, roundId: f.roundId, page: f.page, pageSize: PAGE_SIZE }),
      this.directory.rounds(req.user),
    ]);
    const items = page.items as TrancheItem[];
    const names = await this.directory.names(items.map((i) => i.requestedById));
    const user = req.user;
    await renderPage(
      res,
      'pages/office/finance-queue',
      {
        title: t('office.finance.title'),
        section: 'workspace',
        ...extra,
        filters: { status: f.status ?? '', roundId: f.roundId ?? '', page: f.page },
        statuses: TRANCHE_STATUSES.map((s) => ({ code: s, label: labelText(TRANCHE_STATUS_LABELS[s], lang), selected: s === f.status })),
        rounds: rounds.map((r) => ({ ...r, selected: r.id === f.roundId })),
        total: page.total,
        rows: items.map((i) => ({
          ...i,
          stageLabel: labelText(TRANCHE_STAGES[i.stage as keyof typeof TRANCHE_STAGES], lang) ?? i.stage,
          statusLabel: labelText(TRANCHE_STATUS_LABELS[i.status], lang),
          requestedBy: i.requestedById ? names.get(i.requestedById) : undefined,
          requestedByMe: i.requestedById === user.id,
          canRequest: i.status === 'DUE' && mayDecide(user.role, 'requestTranche'),
          canApprove: i.status === 'REQUESTED' && mayDecide(user.role, 'approveTranche'),
        })),
        ledgerHref: `/finance-desk/ledger.xlsx${queueHref({ ...f, page: 1 }).slice('/finance-desk'.length)}`,
        pager: pager(page.total, f.page, PAGE_SIZE, (p) => queueHref({ ...f, page: p })),
      },
      status,
    );
  }
}
