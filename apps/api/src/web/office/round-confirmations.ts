import { formatMoney, ROUND_STATUS_LABELS, RoundStatus, sumMoney } from '@workflows/rules';
import { FormPage, Refusal } from '../forms';
import { labelText, WebLang } from '../web-i18n';
import { dateTextOf, groupDigits } from '../web-views';
import { officeForm } from './office-messages';
import type { RoundView } from '../../rounds/rounds.dto';
import type { Confirmation, ConfirmationFact, DtoClass } from '../forms';
import type { Translate } from '../web-context';

/** The round-wide steps a manager confirms, and the status of the round in which each is offered. */
export const ROUND_STEP_STATUS = {
  publish: 'DRAFT',
  closePanel: 'EXPERT_REVIEW',
  publishNotice: 'RANKED',
  approveResults: 'NOTICE',
} as const satisfies Record<string, RoundStatus>;
export type RoundStep = keyof typeof ROUND_STEP_STATUS;

export const money = (t: Translate, amount: string) => t('web.money', { amount: groupDigits(amount) });

/**
 * An office form on a round's pages: a refused step names the round's status (申报截止, not the
 * project stage of the same code) and links each application in its way to the manager's page of it.
 */
export function roundStepForm(
  lang: WebLang,
  t: Translate,
  dtoOf?: (path: string) => DtoClass | undefined,
  args?: Record<string, unknown>,
): FormPage {
  const page = officeForm(lang, t, dtoOf, args);
  return {
    ...page,
    wording: {
      ...page.wording,
      stage: (code) => labelText(ROUND_STATUS_LABELS[code as RoundStatus], lang) ?? code,
      application: (id) => `/manage/projects/${id}`,
    },
  };
}

/** The refusal of a step asked for in a status that does not offer it (a stale page): nothing is sent. */
export function notOffered(t: Translate, round: { status: string; statusLabel?: string }): Refusal {
  return { status: 409, message: t('web.refusal.notOffered'), stage: round.statusLabel ?? round.status };
}

interface StepFigures {
  /** closePanel: the applications on the panel, scores in and still open. */
  progress?: { applications: number; submitted: number; open: number };
  /** publishNotice: the awards of the ranking. */
  awards?: string[];
}

/** What a round step's confirmation page says: the step, its facts, what cannot be undone. */
export function roundStepConfirmation(
  step: RoundStep,
  round: RoundView,
  lang: WebLang,
  t: Translate,
  figures: StepFigures = {},
): Confirmation {
  const key = `office.confirm.${step}`;
  const facts: ConfirmationFact[] = [{ term: t('office.confirm.facts.round'), value: round.name, userContent: true }];
  let intro = t(`${key}.intro`);
  const paths: Record<RoundStep, [string, string]> = {
    publish: ['publish', ''],
    closePanel: ['panel/close', 'panel'],
    publishNotice: ['notice', 'ranking'],
    approveResults: ['approve', 'ranking'],
  };
  if (step === 'publish') {
    const window = { opens: dateTextOf(round.opensAt, lang), closes: dateTextOf(round.closesAt, lang) };
    intro = t(`${key}.intro`, window);
    facts.push(
      { term: t('web.rounds.window'), value: t('web.rounds.windowValue', window) },
      { term: t('web.rounds.budgetPool'), value: money(t, round.budgetPool) },
    );
  }
  if (step === 'closePanel' && figures.progress) {
    facts.push(
      { term: t('office.panel.applications'), value: String(figures.progress.applications) },
      { term: t('office.panel.submitted'), value: String(figures.progress.submitted) },
      { term: t('office.panel.open'), value: String(figures.progress.open) },
    );
  }
  if (step === 'publishNotice') {
    intro = t(`${key}.intro`, { days: round.noticeWorkingDays });
    const funded = (figures.awards ?? []).filter((a) => !!a && a !== '0.00');
    facts.push(
      { term: t('office.confirm.facts.funded'), value: String(funded.length) },
      { term: t('office.ranking.allocated'), value: money(t, formatMoney(sumMoney(funded))) },
    );
  }
  if (step === 'approveResults' && round.noticeEndsAt) {
    facts.push({ term: t('office.confirm.facts.noticeEnds'), value: dateTextOf(round.noticeEndsAt, lang) });
  }
  const [action, back] = paths[step];
  return {
    heading: t(`${key}.heading`),
    intro,
    irreversible: t(`${key}.irreversible`),
    facts,
    action: `/manage/rounds/${round.id}/${action}`,
    confirmLabel: t(`${key}.confirm`),
    back: { href: `/manage/rounds/${round.id}${back ? `/${back}` : ''}`, label: t('web.confirm.back') },
    area: 'office',
  };
}
