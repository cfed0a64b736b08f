import { createHash } from 'node:crypto';
import { fromBuffer } from 'file-type';
import { ValidationFailedError, type FieldError } from '../common/errors';
import { ATTACHMENT_RULES, KIND_TYPES, PREVIEW_TYPES, TYPE_EXTENSIONS } from './attachment-rules';
import type { Response } from 'express';

/** What an upload carries, whether it came through the API's interceptor or the portal's form. */
export interface UploadedFileLike {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The types a kind of file takes (labels of ATTACHMENT_RULES.mimeTypes) and its name in refusals. */
export interface Accepted {
  types: string[];
  name: string;
}

/** An application's or a report's kind of attachment, as its rules accept it. */
export const acceptedFor = (kind: string): Accepted => ({ types: KIND_TYPES[kind] ?? [], name: ATTACHMENT_RULES.kinds[kind] ?? kind });

/** A file as it will be stored: the type read from its bytes and a name safe to show and send. */
export interface CheckedFile {
  mimeType: string;
  label: string;
  filename: string;
}

// Declared types that say nothing about the content; any other declared type must match the bytes.
const VAGUE_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream']);
// Some systems without an office suite declare a DOCX or XLSX as the ZIP container it is.
const ZIP_TYPES = new Set(['application/zip', 'application/x-zip-compressed']);

/**
 * Reads the real type from the file's magic bytes (`file-type`) and checks it against the kind's
 * allow-list and the type the client declared. Text formats (HTML, SVG, scripts) have no magic
 * number and are not detected at all, so they never pass as a PDF or an image.
 */
export function checkFile(kind: string, declared: string, buffer: Buffer, originalName: string): Promise<CheckedFile | FieldError> {
  return checkFileAs(acceptedFor(kind), kind, declared, buffer, originalName);
}

async function checkFileAs(
  accepted: Accepted,
  kind: string,
  declared: string,
  buffer: Buffer,
  originalName: string,
): Promise<CheckedFile | FieldError> {
  const detected = await fromBuffer(buffer);
  const label = detected ? ATTACHMENT_RULES.mimeTypes[detected.mime] : undefined;
  const allowed = accepted.types;
  const list = allowed.join('、');
  const kindName = accepted.name;
  if (!detected || !label) {
    const seen = detected ? `（实际为 ${detected.ext.toUpperCase()}）` : '';
    const en = `the file's content is not an accepted type (${allowed.join(', ')})`;
    return fail('fileType', `file: 文件内容不是可接受的类型${seen}，${kindName}仅支持 ${list} 格式 / ${en}`);
  }
  if (!allowed.includes(label)) {
    return fail('fileType', `file: ${kindName}仅支持 ${list} 格式，此文件是 ${label} / ${kind} takes ${allowed.join(', ')}, not ${label}`);
  }
  const claimed = declared.toLowerCase().split(';')[0].trim();
  const claimedLabel = ATTACHMENT_RULES.mimeTypes[claimed] ?? (claimed === 'image/jpg' ? 'JPG' : undefined);
  const zipped = ZIP_TYPES.has(claimed) && (label === 'DOCX' || label === 'XLSX');
  if (!VAGUE_TYPES.has(claimed) && !zipped && claimedLabel !== label) {
    return fail(
      'fileType',
      `file: 声明的类型 ${claimed} 与文件内容（${label}）不符 / declared type ${claimed} does not match the content (${label})`,
    );
  }
  return { mimeType: detected.mime, label, filename: normaliseFilename(originalName, label) };
}

/**
 * Every check of an uploaded file before it is stored, one set for every upload route: one was
 * sent, its name holds no NUL, it is within the size limit, and its bytes are of a type the kind
 * takes (checkFile). Answers the stored name, type and SHA-256; refuses with the field and rule.
 */
export async function checkUpload(
  accepted: Accepted,
  kind: string,
  file: UploadedFileLike | undefined,
): Promise<CheckedFile & { sha256: string; size: number; content: Buffer }> {
  if (!file) throw new ValidationFailedError([{ field: 'file', rule: 'required', message: 'file: 请选择要上传的文件 / choose a file' }]);
  // A NUL marks the classic truncation trick ("invoice.exe\u0000.pdf"): refused, not silently cut
  // like the other controls (normaliseFilename), so the sender learns the name was not taken as sent.
  if (file.originalname.includes('\u0000'))
    throw new ValidationFailedError([
      { field: 'file', rule: 'fileName', message: 'file: 文件名不能含有空字符（NUL）/ the file name must not contain NUL' },
    ]);
  if (file.size > ATTACHMENT_RULES.maxBytes)
    throw new ValidationFailedError([
      { field: 'file', rule: 'maxSize', message: 'file: 单个附件不能超过10MB / a file may be at most 10 MB' },
    ]);
  const checked = await checkFileAs(accepted, kind, file.mimetype, file.buffer, file.originalname);
  if (!('filename' in checked)) throw new ValidationFailedError([checked]);
  return { ...checked, size: file.size, content: file.buffer, sha256: createHash('sha256').update(file.buffer).digest('hex') };
}

function fail(rule: string, message: string): FieldError {
  return { field: 'file', rule, message };
}

// C0 and C1 controls (CR, LF, NUL, ...), bidirectional marks, embeddings, overrides and isolates
// (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), line and paragraph separators, and the BOM.
const UNSAFE = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/gu;
// Characters that mean a path or break a quoted header parameter on some systems.
const SEPARATORS = /[/\\:*?"<>|]/g;

/**
 * The one place a file name is made safe to store, list and send back: NFC, no control or
 * bidirectional characters (so "invoice\u202Efdp.exe" cannot pose as a PDF), no path parts, an
 * extension that fits the type read from the bytes (appended when missing or wrong), and at most
 * ATTACHMENT_RULES.maxNameLength characters — longer names are shortened, keeping the extension.
 */
export function normaliseFilename(name: string, label: string): string {
  const exts = TYPE_EXTENSIONS[label] ?? [];
  let base = name.replace(UNSAFE, '').normalize('NFC').replace(SEPARATORS, '_').replace(/\s+/g, ' ').trim();
  const dot = base.lastIndexOf('.');
  const given = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const ext = exts.includes(given) ? given : (exts[0] ?? '');
  if (exts.includes(given)) base = base.slice(0, dot);
  base = base.replace(/^[.\s]+|[.\s]+$/g, '') || '附件';
  const room = ATTACHMENT_RULES.maxNameLength - (ext ? ext.length + 1 : 0);
  // Count code points, not UTF-16 units, so a shortened name never ends in half a character.
  const kept = [...base].slice(0, room).join('').trim();
  return ext ? `${kept}.${ext}` : kept;
}

/**
 * Sends a stored file as a download that no browser renders in place: `attachment` with an
 * RFC 6266/5987 name (express's res.attachment: an ASCII fallback plus filename*=UTF-8''…),
 * the stored type with `nosniff`, and a sandboxing CSP in case a browser opens it anyway.
 */
export function sendAttachment(res: Response, file: { filename: string; mimeType: string; content: Buffer }): void {
  res.attachment(file.filename);
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.content);
}

/** A document's PDF download, with both hashes in headers so a client can check what it received. */
export function sendPdf(
  res: Response,
  file: { filename: string; mimeType: string; content: Buffer; pdfSha256: string; printedSha256: string },
): void {
  res.setHeader('X-Document-Sha256', file.printedSha256);
  res.setHeader('X-Pdf-Sha256', file.pdfSha256);
  sendAttachment(res, file);
}

// A preview is shown in a frame or an <img> of the portal's own pages: framed by the same origin
// only, loading nothing else, never run as a page. Chromium will not show a PDF in a sandboxed
// document, so only images get the sandbox; a PDF is handed to the browser's own viewer.
const PREVIEW_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "style-src 'unsafe-inline'",
  "frame-ancestors 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Sends a stored PDF or image to be shown in place (`inline`) in the portal's preview; any other
 * type is not previewed (404): it is only ever downloaded through sendAttachment.
 */
export function sendPreview(res: Response, file: { filename: string; mimeType: string; content: Buffer }): boolean {
  const shown = PREVIEW_TYPES[file.mimeType];
  if (!shown) return false;
  res.attachment(file.filename);
  res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
  res.setHeader('Content-Type', file.mimeType);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', shown === 'image' ? `${PREVIEW_CSP}; sandbox` : PREVIEW_CSP);
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(file.content);
  return true;
}
