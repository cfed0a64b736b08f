import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Response } from 'superagent';

const SCRIPT = join(__dirname, 'pdf-text.mjs');

/**
 * The text a reader's PDF program would find in a file, through PDF.js (pdf-parse, run in a plain
 * Node process by pdf-text.mjs): what the document says only counts if it is text in the PDF, not
 * a picture of text. `flat` drops whitespace, since PDF.js splits runs of CJK text at layout
 * boundaries; nothing else is folded, so 人 or 页 written as a radical (⼈, ⻚) would not be found.
 */
export interface PdfText {
  text: string;
  flat: string;
  pages: number;
}

export function pdfTexts(pdfs: Buffer[]): Promise<PdfText[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [SCRIPT], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`pdf-text.mjs failed: ${stderr || err.message}`));
      const texts = JSON.parse(stdout) as { text: string; total: number }[];
      resolve(texts.map(({ text, total }) => ({ text, flat: text.replace(/\s+/g, ''), pages: total })));
    });
    child.stdin!.end(JSON.stringify(pdfs.map((b) => b.toString('base64'))));
  });
}

export async function pdfText(pdf: Buffer): Promise<PdfText> {
  return (await pdfTexts([pdf]))[0];
}

/** A response body as a Buffer from supertest, whatever its type. */
export function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
