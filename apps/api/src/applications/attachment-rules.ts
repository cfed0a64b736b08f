import { APPLICATION_ATTACHMENT_KIND_LABELS } from '@workflows/rules';

/** Attachment limits, shown to applicants up front (GET /applications/attachment-rules and the portal's forms). */
export const ATTACHMENT_RULES = {
  maxBytes: 10 * 1024 * 1024,
  /** Longest stored file name, in characters; longer names are shortened keeping the extension. */
  maxNameLength: 120,
  mimeTypes: {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPG',
    'image/png': 'PNG',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  } as Record<string, string>,
  kinds: {
    ...Object.fromEntries(Object.entries(APPLICATION_ATTACHMENT_KIND_LABELS).map(([kind, label]) => [kind, label.zh])),
    REPORT_EVIDENCE: '报告佐证材料',
    FINANCIAL_VOUCHER: '支出凭证',
  } as Record<string, string>,
};

/** File extensions of each accepted type; a stored name always ends in one of its type's. */
export const TYPE_EXTENSIONS: Record<string, string[]> = {
  PDF: ['pdf'],
  JPG: ['jpg', 'jpeg'],
  PNG: ['png'],
  DOCX: ['docx'],
  XLSX: ['xlsx'],
};

/**
 * Which types each kind takes, judged on the bytes: a certificate is a scan or a PDF, a budget a
 * PDF or a spreadsheet, a plan a PDF or a document. PDF is accepted everywhere because a signed
 * and stamped page is the common denominator of the bureaus' paperwork.
 */
export const KIND_TYPES: Record<string, string[]> = {
  REGISTRATION_CERTIFICATE: ['PDF', 'JPG', 'PNG'],
  BUDGET_DETAIL: ['PDF', 'XLSX', 'DOCX'],
  IMPLEMENTATION_PLAN: ['PDF', 'DOCX'],
  QUALIFICATION: ['PDF', 'JPG', 'PNG'],
  OTHER: ['PDF', 'JPG', 'PNG', 'DOCX', 'XLSX'],
  REPORT_EVIDENCE: ['PDF', 'JPG', 'PNG', 'DOCX', 'XLSX'],
  FINANCIAL_VOUCHER: ['PDF', 'JPG', 'PNG', 'XLSX'],
};

/** Evidence for milestone reports, uploaded while the project runs; the rest belong to the application. */
export const REPORT_ATTACHMENT_KINDS = ['REPORT_EVIDENCE', 'FINANCIAL_VOUCHER'];
export const APPLICATION_ATTACHMENT_KINDS = Object.keys(ATTACHMENT_RULES.kinds).filter((k) => !REPORT_ATTACHMENT_KINDS.includes(k));

/**
 * Multipart limits of both upload routes (API and portal): one file and a handful of small fields
 * (kind, the portal's CSRF token). Anything past them is refused while the body streams in, so a
 * body of junk fields is never parsed into memory.
 */
export const MULTIPART_LIMITS = {
  fileSize: ATTACHMENT_RULES.maxBytes + 1,
  files: 1,
  fields: 8,
  parts: 9,
  fieldNameSize: 64,
  fieldSize: 4096,
  headerPairs: 20,
};

/** Largest multipart body worth reading: the file, the small fields and the part headers. */
export const MAX_MULTIPART_BYTES = ATTACHMENT_RULES.maxBytes + 256 * 1024;

/**
 * Which attachments each role reads, on top of ApplicationAccess (which decides whether the role
 * sees the application at all): an expert scores the application, so reads its own attachments,
 * not the project's later evidence; finance pays against evidence, so reads the reports' evidence
 * and vouchers only. Everyone else entitled to the application reads all of them.
 */
export function attachmentKindsFor(role: string): string[] {
  if (role === 'EXPERT') return APPLICATION_ATTACHMENT_KINDS;
  if (role === 'FINANCE') return REPORT_ATTACHMENT_KINDS;
  return Object.keys(ATTACHMENT_RULES.kinds);
}

/** Types a browser shows in place (PDF in a frame, images in <img>); the rest are only downloaded. */
export const PREVIEW_TYPES: Record<string, 'pdf' | 'image'> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'image',
  'image/png': 'image',
};
