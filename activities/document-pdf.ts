import { createHash } from 'node:crypto';
import { Prisma } from '../prisma/client';
import type { PrismaClient } from '../prisma/client';
import type { IssuedPdf } from '../workflows/contracts';
import type { PdfRenderer } from './documents/pdf-renderer';

/** The public notice is issued to everyone rather than to one organization. */
export const PUBLIC_RECIPIENT = '社会公众 / the public';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#39;': "'",
  '&#x3D;': '=',
};

/** The document number the layout prints under the title (templates/documents/layout.hbs). */
export function documentNoOf(html: string): string | undefined {
  const m = /<p class="doc-no[^"]*">([^<]*)<\/p>/.exec(html);
  const no = m?.[1].replace(/&(amp|lt|gt|quot|#x27|#39|#x3D);/g, (e) => ENTITIES[e] ?? e).trim();
  return no || undefined;
}

/** The public URL of the verification page, printed in each PDF's footer. */
export function verifyUrl(): string {
  return `${(process.env.PSP_PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')}/verify`;
}

/** The prints under way in this process, by document. */
const printing = new Map<string, Promise<IssuedPdf>>();

/**
 * The PDF of a stored document, rendered the first time it is asked for and kept as issued:
 * later calls (a retry, a second download, a signature) get the same file and hashes. Rendering
 * happens outside any transaction; two renders racing each other store one PDF (the primary key
 * on documentId) and both return the stored one. The issue is audited once.
 */
export async function ensureDocumentPdf(prisma: PrismaClient, renderer: PdfRenderer, documentId: string): Promise<IssuedPdf> {
  // One print per document at a time in this process: a signature arriving while the agreement is
  // being printed ahead waits for that print instead of starting a second one.
  const running = printing.get(documentId);
  if (running) return running;
  const issued = issueDocumentPdf(prisma, renderer, documentId);
  printing.set(documentId, issued);
  try {
    return await issued;
  } finally {
    printing.delete(documentId);
  }
}

async function issueDocumentPdf(prisma: PrismaClient, renderer: PdfRenderer, documentId: string): Promise<IssuedPdf> {
  const select = { documentId: true, pdfSha256: true, printedSha256: true } as const;
  const existing = await prisma.documentPdf.findUnique({ where: { documentId }, select });
  if (existing) return existing;
  const doc = await prisma.document.findUniqueOrThrow({
    where: { id: documentId },
    include: { application: { include: { organization: true, round: true } } },
  });
  const round = doc.application?.round ?? (doc.roundId ? await prisma.round.findUnique({ where: { id: doc.roundId } }) : null);
  const documentNo = documentNoOf(doc.html);
  const rendered = await renderer.render(doc.html, { sha256: doc.sha256, documentNo, verifyUrl: verifyUrl() });
  const org = doc.application?.organization;
  const data = {
    documentId,
    pdf: new Uint8Array(rendered.pdf),
    pdfSha256: sha256(rendered.pdf),
    printedSha256: doc.sha256,
    kind: doc.kind,
    recipient: doc.application ? (doc.application.organizationName ?? org?.name ?? '') : PUBLIC_RECIPIENT,
    recipientCreditCode: org?.creditCode ?? null,
    issuer: round?.issuingBureau ?? '',
    documentNo: documentNo ?? null,
    issuedAt: doc.createdAt,
    pages: rendered.pages,
    renderer: rendered.renderer,
  };
  try {
    await prisma.$transaction(async (tx) => {
      await tx.documentPdf.create({ data, select: { documentId: true } });
      await tx.auditEntry.create({
        data: {
          entityType: 'Document',
          entityId: documentId,
          action: 'document.pdfIssued',
          actorRole: 'SYSTEM',
          reason: '文书首次以 PDF 提供 / the document was first asked for as a PDF',
          data: {
            kind: doc.kind,
            applicationId: doc.applicationId,
            roundId: doc.roundId,
            pdfSha256: data.pdfSha256,
            printedSha256: data.printedSha256,
            pages: data.pages,
            renderer: data.renderer,
          },
          idempotencyKey: `document.pdfIssued/${documentId}`,
        },
      });
    });
  } catch (e) {
    // Another render stored its PDF first: that one is the document's PDF.
    if (!(e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')) throw e;
  }
  return prisma.documentPdf.findUniqueOrThrow({ where: { documentId }, select });
}
