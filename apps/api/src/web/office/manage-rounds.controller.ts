import { Body, Get, HttpStatus, Param, ParseUUIDPipe, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { isRoundStatus, ROUND_FILE_KIND_LABELS, ROUND_STATUS_LABELS, RoundStatus } from '@workflows/rules';
import { sendAttachment } from '../../applications/attachment-files';
import { Roles } from '../../common/auth/roles.decorator';
import { InvalidTransitionError } from '../../common/errors';
import { MAX_ROUND_FILES, ROUND_FILE_KINDS, RoundFileDto, RoundFilesService } from '../../rounds/round-files.service';
import { CreateRoundDto, RoundView, UpdateRoundDto } from '../../rounds/rounds.dto';
import { RoundsService } from '../../rounds/rounds.service';
import { asBody, text } from '../applicant/applicant-forms';
import { applicantForm } from '../applicant/applicant-messages';
import { MultipartFormGuard, MultipartRequest } from '../applicant/multipart.guard';
import { decide, FormErrors, isConfirmed, Outcome, Refusal, refusalBox, renderConfirmation, submitForm, validateDto } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { labelText } from '../web-i18n';
import { pageNumber, pager } from '../web-pager';
import { one } from './office-forms';
import { officeForm } from './office-messages';
import { notOffered, ROUND_STEP_STATUS, roundStepConfirmation, roundStepForm } from './round-confirmations';
import { managedRound, roundFacts, roundFileItem } from './round-facts';
import {
  newRoundValues,
  readRoundForm,
  roundBody,
  roundDtoOf,
  OPTIONAL_INTS,
  roundFormView,
  RoundFormValues,
  roundValues,
  withBlankRow,
} from './round-form';
import type { AuthUser } from '../../common/auth/auth-user';
import type { FieldError } from '../../common/errors';
import type { Response } from 'express';

const PAGE_SIZE = 20;
const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type SignedIn = WebRequest & { user: AuthUser };
type Upload = SignedIn & MultipartRequest;
const DONE = ['created', 'updated', 'published', 'fileAttached', 'fileRemoved'];

/**
 * 轮次设置 for program managers: the rounds of their region, the set-up form (create and edit a
 * draft) posting the same CreateRoundDto as POST /api/rounds, the files of the call (申报指南附件,
 * the same RoundFilesService as the API) and publication.
 */
@WebController()
@UseGuards(MultipartFormGuard)
export class ManageRoundsController {
  constructor(
    private readonly web: WebContext,
    private readonly rounds: RoundsService,
    private readonly files: RoundFilesService,
  ) {}

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds')
  async list(@Req() req: SignedIn, @Res() res: Response, @Query('status') rawStatus?: string, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const status = isRoundStatus(rawStatus) ? rawStatus : undefined;
    const page = pageNumber(rawPage);
    const rounds = await this.rounds.inRegion(req.user, { status, page, pageSize: PAGE_SIZE });
    const href = (p: number) => `/manage/rounds?${new URLSearchParams({ ...(status && { status }), page: String(p) }).toString()}`;
    await renderPage(res, 'pages/office/rounds', {
      title: t('office.rounds.title'),
      section: 'workspace',
      total: rounds.total,
      rounds: rounds.items.map((r) => roundFacts(r, lang)),
      statuses: (Object.keys(ROUND_STATUS_LABELS) as RoundStatus[]).map((s) => ({
        code: s,
        label: labelText(ROUND_STATUS_LABELS[s], lang),
        selected: s === status,
      })),
      pager: pager(rounds.total, page, PAGE_SIZE, href),
    });
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/new')
  async newRound(@Req() req: SignedIn, @Res() res: Response) {
    await this.renderForm(req, res, undefined, newRoundValues(req.user));
  }

  @Roles('PROGRAM_MANAGER')
  @Post('manage/rounds')
  create(@Req() req: SignedIn, @Res() res: Response, @Body() body: unknown) {
    return this.save(req, res, undefined, body);
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id')
  async overview(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Query('done') done?: string) {
    await this.renderOverview(req, res, id, { done: DONE.includes(done ?? '') ? done : undefined });
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id/edit')
  async edit(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string) {
    const round = await managedRound(this.rounds, req.user, id);
    if (round.status !== 'DRAFT')
      throw new InvalidTransitionError('轮次已发布，不能再修改 / only a draft round can be edited', round.status);
    await this.renderForm(req, res, round, roundValues(round));
  }

  @Roles('PROGRAM_MANAGER')
  @Post('manage/rounds/:id')
  async update(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    return this.save(req, res, await managedRound(this.rounds, req.user, id), body);
  }

  /**
   * 发布公告: the round's workflow starts and opens the window on time. Asked first: without the
   * confirmation page's `confirmed` nothing is sent, the page says what cannot be undone.
   */
  @Roles('PROGRAM_MANAGER')
  @Post('manage/rounds/:id/publish')
  async publish(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, `/manage/rounds/${id}`);
    const round = await managedRound(this.rounds, req.user, id);
    if (!isConfirmed(body)) {
      if (round.status !== ROUND_STEP_STATUS.publish)
        return this.renderOverview(req, res, id, { refusal: notOffered(t, roundFacts(round, lang)) }, 409);
      return renderConfirmation(res, roundStepConfirmation('publish', round, lang, t));
    }
    const done = await decide(roundStepForm(lang, t), () => this.rounds.publish(req.user, id));
    if (!done.ok) return this.renderOverview(req, res, id, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, `/manage/rounds/${id}?done=published`);
  }

  /** 上传申报指南附件: a file of the draft's call, judged by RoundFilesService like an API upload. */
  @Roles('PROGRAM_MANAGER')
  @Post('manage/rounds/:id/files')
  async attach(@Req() req: Upload, @Res() res: Response, @Param('id', uuid) id: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/manage/rounds/${id}`);
    await managedRound(this.rounds, req.user, id);
    const done = await this.upload(req, id);
    if (!done.ok)
      return this.renderOverview(
        req,
        res,
        id,
        { uploadErrors: done.errors, refusal: done.refusal, kind: text(asBody(req.body), 'kind') },
        done.status,
      );
    res.redirect(303, `/manage/rounds/${id}?done=fileAttached#files`);
  }

  @Roles('PROGRAM_MANAGER')
  @Post('manage/rounds/:id/files/:fileId/remove')
  async detach(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Param('fileId', uuid) fileId: string) {
    const lang = this.web.lang(req);
    this.web.returnPath(res, lang, `/manage/rounds/${id}`);
    await managedRound(this.rounds, req.user, id);
    const done = await decide(roundStepForm(lang, this.web.translator(lang)), () => this.files.remove(req.user, id, fileId));
    if (!done.ok) return this.renderOverview(req, res, id, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, `/manage/rounds/${id}?done=fileRemoved#files`);
  }

  @Roles('PROGRAM_MANAGER')
  @Get('manage/rounds/:id/files/:fileId')
  async download(@Req() req: SignedIn, @Res() res: Response, @Param('id', uuid) id: string, @Param('fileId', uuid) fileId: string) {
    await managedRound(this.rounds, req.user, id);
    sendAttachment(res, await this.files.download(req.user, id, fileId));
  }

  private async upload(req: Upload, id: string): Promise<Outcome<unknown>> {
    const lang = this.web.lang(req);
    // The applicant's upload form speaks of kinds and files in the same words (applicant.fields, the file rules).
    const page = applicantForm(lang, this.web.translator(lang));
    const body = asBody(req.body);
    const kind = await validateDto(RoundFileDto, { kind: text(body, 'kind') });
    const problems: FieldError[] = kind.ok ? [] : [{ field: 'kind', rule: 'isIn', message: '' }];
    if (req.uploadProblem) problems.push({ field: 'file', rule: req.uploadProblem, message: '' });
    if (problems.length > 0) return { ok: false, status: req.uploadProblem === 'maxSize' ? 413 : 400, errors: page.errors(problems) };
    return decide(page, () => this.files.upload(req.user, id, text(body, 'kind'), req.file));
  }

  private async save(req: SignedIn, res: Response, round: RoundView | undefined, body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    this.web.returnPath(res, lang, round ? `/manage/rounds/${round.id}/edit` : '/manage/rounds/new');
    const values = readRoundForm(body);
    const addRow = one(body, 'addRow');
    if (addRow) return this.renderForm(req, res, round, withBlankRow(values, addRow));
    const { body: payload, sums } = roundBody(values, !!round);
    const page = officeForm(lang, t, roundDtoOf, { weights: sums.weights, percents: sums.percents });
    const done = round
      ? await submitForm(page, UpdateRoundDto, payload, (dto) => this.rounds.update(req.user, round.id, dto))
      : await submitForm(page, CreateRoundDto, payload, (dto) => this.rounds.create(req.user, dto));
    if (!done.ok) return this.renderForm(req, res, round, values, { errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/manage/rounds/${done.value.id}?done=${round ? 'updated' : 'created'}`);
  }

  private async renderForm(
    req: SignedIn,
    res: Response,
    round: RoundView | undefined,
    values: RoundFormValues,
    extra: { errors?: FormErrors; refusal?: Refusal } = {},
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { sums } = roundBody(values, false);
    const defaults = await this.rounds.settingDefaults();
    // Each optional setting states the value a new round gets when it is left blank.
    const defaultHints = Object.fromEntries(
      [...OPTIONAL_INTS, 'issuingBureau', 'reminderLeadDays']
        .filter((k) => k in defaults)
        .map((k) => [k, t(`office.roundForm.defaults.${k}`, { value: defaults[k] })]),
    );
    await renderPage(
      res,
      'pages/office/round-form',
      {
        title: round ? t('office.roundForm.editTitle') : t('office.roundForm.newTitle'),
        section: 'workspace',
        round,
        action: round ? `/manage/rounds/${round.id}` : '/manage/rounds',
        sums,
        defaultHints,
        refusal: extra.refusal,
        ...roundFormView(values, extra.errors, lang),
      },
      status,
    );
  }

  private async renderOverview(
    req: SignedIn,
    res: Response,
    id: string,
    extra: { done?: string; refusal?: Refusal; uploadErrors?: FormErrors; kind?: string },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const round = roundFacts(await managedRound(this.rounds, req.user, id), lang);
    const isDraft = round.status === 'DRAFT';
    const files = (await this.files.list(req.user, id)).map((f) =>
      roundFileItem(f, lang, `/manage/rounds/${id}/files/${f.id}`, isDraft ? `/manage/rounds/${id}/files/${f.id}/remove` : undefined),
    );
    const fileKinds = ROUND_FILE_KINDS.map((k) => ({
      value: k,
      label: labelText(ROUND_FILE_KIND_LABELS[k], lang),
      selected: k === extra.kind,
    }));
    await renderPage(
      res,
      'pages/office/round',
      {
        title: t('office.round.title'),
        section: 'workspace',
        round,
        ...extra,
        doneMessage: extra.done ? t(`office.round.done.${extra.done}`) : undefined,
        isDraft,
        files,
        fileKinds,
        maxFiles: MAX_ROUND_FILES,
      },
      status,
    );
  }
}
