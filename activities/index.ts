import { createDocumentPdfActivities } from './document-pdf.activities';
import { createFanOutActivities } from './fan-out.activities';
import { createImplementationActivities } from './implementation.activities';
import { createNoticeActivities } from './notice.activities';
import { createObjectionActivities } from './objections.activities';
import { createPanelActivities } from './panel.activities';
import { createProjectActivities } from './projects.activities';
import { createReminderActivities } from './reminders.activities';
import { createRoundActivities } from './rounds.activities';
import type { PrismaClient } from '../prisma/client';
import type { PdfRenderer } from './documents/pdf-renderer';
import type { Client } from '@temporalio/client';

export interface ActivityDeps {
  prisma: PrismaClient;
  /** For activities that signal workflows (a round telling its projects); the worker's own connection. */
  client?: Client;
  /** Prints documents to PDF; the worker process's one browser (pdfRenderer) unless given. */
  pdf?: PdfRenderer;
}

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createRoundActivities(deps),
    ...createPanelActivities(deps),
    ...createNoticeActivities(deps),
    ...createObjectionActivities(deps),
    ...createFanOutActivities(deps),
    ...createProjectActivities(deps),
    ...createImplementationActivities(deps),
    ...createReminderActivities(deps),
    ...createDocumentPdfActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
