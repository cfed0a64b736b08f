import { PDFParse } from 'pdf-parse';
import type { Response } from 'superagent';

/**
 * The text a reader's PDF program would find in a file, through PDF.js (pdf-parse): what the
 * document says only counts if it is text in the PDF, not a picture of text. Whitespace is
 * dropped in `flat`, since PDF.js splits runs of CJK text at layout boundaries.
 */
export async function pdfText(pdf: Buffer): Promise<{ text: string; flat: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(pdf) });
  try {
    const result = await parser.getText();
    return { text: result.text, flat: result.text.replace(/\s+/g, ''), pages: result.total };
  } finally {
    await parser.destroy();
  }
}

/** The same body as a Buffer from supertest, whatever the response's type. */
export function binary(res: Response, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
