import { HttpException } from '@nestjs/common';
import {
  DomainError,
  FieldError,
  ForbiddenError,
  InvalidTransitionError,
  StaleVersionError,
  TooManyRequestsError,
  ValidationFailedError,
} from '../../common/errors';
import { stageLabel, TITLED } from '../web-errors';
import { pickLanguage, WebLang } from '../web-i18n';
import { validateDto } from './form-input';
import type { Translate } from '../web-context';
import type { FormErrors } from './form-errors';

/** A decision refused, as the box on the page it was made from (templates/web/partials/refusal.hbs). */
export interface Refusal {
  status: number;
  message?: string;
  /** The stage the case is in, when the decision did not fit it. */
  stage?: string;
  /** Field errors, on a page with no fields to show them beside. */
  errors?: string[];
}

/** What an area says in its own words: the statuses its pages name, a write that came after someone else's. */
export interface RefusalWording {
  stage?: (code: string) => string;
  stale?: (error: StaleVersionError) => string;
}

// HTTP exceptions a service may throw for the person or the state (AuthService's 401 for a wrong password).
const REFUSING = new Set([401, 403, 409]);

function httpMessage(error: HttpException): string {
  const body = error.getResponse();
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : error.message;
}

/**
 * A decision the service or the workflow refused (common/decisions.ts maps the workflow's
 * refusals to these errors): 409 for the stage, with the stage the case is in, for a stale version
 * or a conflict; 403 for the person. Anything else — 404, an outage, a bug — is no refusal:
 * undefined, and the error page answers.
 */
export function refusalOf(error: unknown, lang: WebLang, t: Translate, wording: RefusalWording = {}): Refusal | undefined {
  const said = (status: number, message: string) =>
    pickLanguage(message, lang) ?? (TITLED.has(status) ? t(`web.errors.detail.${status}`) : undefined);
  if (error instanceof InvalidTransitionError) {
    return {
      status: 409,
      message: said(409, error.message),
      stage: wording.stage ? wording.stage(error.currentStage) : stageLabel(error.currentStage, lang),
    };
  }
  if (error instanceof TooManyRequestsError) return { status: 429, message: said(429, error.message) };
  if (error instanceof StaleVersionError) return { status: 409, message: wording.stale ? wording.stale(error) : said(409, error.message) };
  if (error instanceof ForbiddenError || (error instanceof DomainError && error.status === 409))
    return { status: error.status, message: said(error.status, error.message) };
  if (error instanceof HttpException && REFUSING.has(error.getStatus()))
    return { status: error.getStatus(), message: said(error.getStatus(), httpMessage(error)) };
  return undefined;
}

/** The page a form is on: its language, and how its area words field errors and refusals. */
export interface FormPage {
  lang: WebLang;
  t: Translate;
  errors: (found: FieldError[]) => FormErrors;
  wording?: RefusalWording;
}

export interface Refused {
  ok: false;
  /** The status the API would answer with, for the page re-rendered with the user's input. */
  status: number;
  errors?: FormErrors;
  refusal?: Refusal;
}

export type Outcome<T> = { ok: true; value: T } | Refused;

/**
 * Sends a decision through its service. What the API would answer with 400 (field errors of the
 * service or the workflow's validator), 403 or 409 comes back for the page to show; anything else
 * is thrown on to the error page.
 */
export async function decide<T>(page: FormPage, send: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await send() };
  } catch (e) {
    if (e instanceof ValidationFailedError) return { ok: false, status: 400, errors: page.errors(e.errors) };
    const refusal = refusalOf(e, page.lang, page.t, page.wording);
    if (refusal) return { ok: false, status: refusal.status, refusal };
    throw e;
  }
}

/** A form's round trip: the API's DTO first (400, nothing sent), then the decision. */
export async function submitForm<D extends object, T>(
  page: FormPage,
  dto: new () => D,
  input: object,
  send: (value: D) => Promise<T>,
): Promise<Outcome<T>> {
  const checked = await validateDto(dto, input);
  if (!checked.ok) return { ok: false, status: 400, errors: page.errors(checked.errors) };
  return decide(page, () => send(checked.value));
}

/** Everything a refused decision says, in the refusal box: for a page with no fields to show errors beside. */
export function refusalBox(refused: Refused): Refusal {
  return refused.refusal ?? { status: refused.status, errors: refused.errors?.list.map((e) => e.message) };
}
