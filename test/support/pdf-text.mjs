// Reads a JSON array of base64 PDFs on standard input and prints [{"text", "total"}] as JSON:
// PDF.js (through pdf-parse) loads its worker with a dynamic import, which Jest's module sandbox
// cannot run, so the tests call this in a plain Node process (test/support/pdf-text.ts), once for
// many files.
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const files = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const out = [];
for (const file of files) {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.from(file, 'base64')) });
  try {
    const result = await parser.getText();
    out.push({ text: result.text, total: result.total });
  } finally {
    await parser.destroy();
  }
}
process.stdout.write(JSON.stringify(out));
