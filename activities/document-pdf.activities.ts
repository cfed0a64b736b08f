import { ensureDocumentPdf } from './document-pdf';
import { pdfRenderer } from './documents/pdf-renderer';
import type { PrismaClient } from '../prisma/client';
import type { IssuedPdf } from '../workflows/contracts';
import type { PdfRenderer } from './documents/pdf-renderer';

/** 文书 PDF: renders and stores a document's PDF once (ensureDocumentPdf); safe to run again. */
export function createDocumentPdfActivities({ prisma, pdf = pdfRenderer }: { prisma: PrismaClient; pdf?: PdfRenderer }) {
  return {
    issueDocumentPdf: (i: { documentId: string }): Promise<IssuedPdf> => ensureDocumentPdf(prisma, pdf, i.documentId),
  };
}

export type DocumentPdfActivities = ReturnType<typeof createDocumentPdfActivities>;
