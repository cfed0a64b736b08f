import { renderPage } from '../web-context';
import type { Response } from 'express';

/**
 * Irreversible steps (publishing a round, closing the expert review, submitting final scores,
 * approving results, paying a tranche) ask first: their form posts to the step's own route, which
 * answers with a confirmation page saying what cannot be undone; only that page's form, carrying
 * `confirmed=yes`, makes the decision. Server-rendered, so it needs no script.
 */
export const CONFIRM_FIELD = 'confirmed';

/** Whether a posted form carries the confirmation of its step. */
export function isConfirmed(body: unknown): boolean {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[CONFIRM_FIELD] : undefined;
  return value === 'yes';
}

export interface ConfirmationFact {
  term: string;
  value: string;
  /** Typed by people (a project's title): marked so that language checks leave it out. */
  userContent?: boolean;
}

/** What a confirmation page says and where its form goes. */
export interface Confirmation {
  /** The step as a question, the page's heading. */
  heading: string;
  /** What the step will do. */
  intro: string;
  /** What cannot be undone once confirmed. */
  irreversible: string;
  facts?: ConfirmationFact[];
  /** The step's own route, posted to again with the confirmation. */
  action: string;
  /** Fields the step needs again (filters, typed scores), carried through the page. */
  hidden?: { name: string; value: string }[];
  confirmLabel: string;
  /** A way back without deciding: a link, or (for a form whose input is carried) a button that posts it back for editing. */
  back: { href: string; label: string } | { editLabel: string };
  /** The area's own styles and script (office, review). */
  area: 'office' | 'review';
}

/** The confirmation page of a step (200: nothing has happened yet). */
export function renderConfirmation(res: Response, c: Confirmation, page: { nav?: unknown; csrfToken?: unknown } = {}): Promise<void> {
  return renderPage(res, 'pages/confirm', {
    title: c.heading,
    section: 'workspace',
    ...page,
    confirm: {
      ...c,
      backHref: 'href' in c.back ? c.back.href : undefined,
      backLabel: 'href' in c.back ? c.back.label : undefined,
      editLabel: 'editLabel' in c.back ? c.back.editLabel : undefined,
      officeArea: c.area === 'office',
    },
  });
}
