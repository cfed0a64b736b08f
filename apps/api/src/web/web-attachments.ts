import { ATTACHMENT_RULES, PREVIEW_TYPES } from '../applications/attachment-rules';
import type { Translate } from './web-context';

/** Staff roles that read attachments in the portal; which applications and kinds is AttachmentsService's rule. */
export const STAFF_ATTACHMENT_READERS = ['REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR', 'FINANCE'] as const;

/** The pages a staff member judges from, named in the audit trail of each read. */
const PAGES = ['eligibility', 'project', 'report', 'expert', 'evaluator', 'finance'] as const;

export function staffAttachmentPage(from: unknown): string {
  return PAGES.find((p) => p === from) ?? 'portal';
}

interface AttachmentMeta {
  id: string;
  kind: string;
  filename: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/**
 * The attachments section of a judging page (partial staff-attachments): each file with its
 * download, a preview link for PDFs and images that reloads the page with ?preview=<id>, and the
 * chosen file's frame or image. Nothing is fetched (or audited) until someone asks to see it.
 */
export function attachmentsSection(
  files: AttachmentMeta[],
  opts: { appId: string; page: (typeof PAGES)[number]; pagePath: string; preview?: unknown; t: Translate },
) {
  const href = (a: AttachmentMeta, suffix = '') => `/files/applications/${opts.appId}/${a.id}${suffix}?from=${opts.page}`;
  const chosen = files.find((a) => a.id === opts.preview && PREVIEW_TYPES[a.mimeType]);
  return {
    files: files.map((a) => ({
      id: a.id,
      filename: a.filename,
      // The applicant area's names of the kinds, so both sides of an application call a file the same.
      kindLabel: opts.t(`applicant.attachmentKind.${a.kind}`),
      typeLabel: ATTACHMENT_RULES.mimeTypes[a.mimeType] ?? a.mimeType,
      size: a.size,
      sha256: a.sha256,
      createdAt: a.createdAt.toISOString(),
      downloadHref: href(a),
      previewHref: PREVIEW_TYPES[a.mimeType] ? `${opts.pagePath}?preview=${a.id}#attachment-preview` : undefined,
      current: a === chosen,
    })),
    preview: chosen && {
      filename: chosen.filename,
      src: href(chosen, '/preview'),
      downloadHref: href(chosen),
      pdf: PREVIEW_TYPES[chosen.mimeType] === 'pdf',
      closeHref: `${opts.pagePath}#attachments`,
    },
  };
}
