// Reads a PDF on standard input and prints {"text", "total"} as JSON: PDF.js (through pdf-parse)
// loads its worker with a dynamic import, which Jest's module sandbox cannot run, so the tests
// call this in a plain Node process (test/support/pdf-text.ts).
import { PDFParse } from 'pdf-parse';

const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try {
  const result = await parser.getText();
  process.stdout.write(JSON.stringify({ text: result.text, total: result.total }));
} finally {
  await parser.destroy();
}
