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
  /** The applications that block the step, each with its stage and a link where the area has a page for it. */
  applications?: { title: string; stage: string; href?: string }[];
  /** How many more block it than are named. */
  moreApplications?: number;
}

/** What an area says in its own words: the statuses its pages name, a write that came after someone else's. */
export interface RefusalWording {
  stage?: (code: string) => string;
  stale?: (error: StaleVersionError) => string;
  /** The area's page for an application that blocks a step (the manager's project page, say). */
  application?: (id: string) => string;
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
    const named = error.blockers.applications ?? [];
    return {
      status: 409,
      message: said(409, error.message),
      stage: wording.stage ? wording.stage(error.currentStage) : stageLabel(error.currentStage, lang),
      ...(named.length > 0 && {
        applications: named.map((a) => ({ title: a.title, stage: stageLabel(a.stage, lang), href: wording.application?.(a.id) })),
        moreApplications: Math.max(0, (error.blockers.applicationCount ?? named.length) - named.length),
      }),
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

/**
 * A form's round trip: the API's DTO first (400, nothing sent), then the decision. `check` is the
 * rule the service or the workflow will apply to the same input (a shared rule of workflows/rules):
 * run beside the DTO when the DTO refuses, so that the page names every problem at once rather
 * than the DTO's now and the rule's after the next try. Each field keeps its first problem.
 */
export async function submitForm<D extends object, T>(
  page: FormPage,
  dto: new () => D,
  input: object,
  send: (value: D) => Promise<T>,
  check?: (input: object) => FieldError[],
): Promise<Outcome<T>> {
  const checked = await validateDto(dto, input);
  if (!checked.ok) return { ok: false, status: 400, errors: page.errors([...checked.errors, ...(check?.(input) ?? [])]) };
  return decide(page, () => send(checked.value));
}

/** Everything a refused decision says, in the refusal box: for a page with no fields to show errors beside. */
export function refusalBox(refused: Refused): Refusal {
  return refused.refusal ?? { status: refused.status, errors: refused.errors?.list.map((e) => e.message) };
}

/**
 * The checks of submitForm without sending: the DTO and the rule the decision will meet, all
 * problems at once; for a step that asks for confirmation once the form is right.
 */
export async function checkForm<D extends object>(
  page: FormPage,
  dto: new () => D,
  input: object,
  check?: (input: object) => FieldError[],
): Promise<Outcome<D>> {
  const checked = await validateDto(dto, input);
  const found = [...(checked.ok ? [] : checked.errors), ...(check?.(input) ?? [])];
  if (found.length > 0 || !checked.ok) return { ok: false, status: 400, errors: page.errors(found) };
  return { ok: true, value: checked.value };
}
