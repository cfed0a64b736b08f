import { Injectable } from '@nestjs/common';
import { documentPdfWorkflowId } from '@workflows/messages';
import { inStaffRegion } from '../common/access';
import { Decisions } from '../common/decisions';
import { NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import { DocumentSummaryView } from './document.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Role } from '@generated/prisma/enums';

/** Who may read the stored documents of applications and rounds (受理回执, 协议书, 公示公告…). */
export const DOCUMENT_READERS: Role[] = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE'];

type StoredDocument = { id: string; title: string; html: string; version: number; kind: string };

const META = {
  id: true,
  kind: true,
  version: true,
  title: true,
  sha256: true,
  createdAt: true,
  applicationId: true,
  roundId: true,
} as const;

/**
 * One rule for reading documents, for the JSON API and the portal: an application's documents
 * go to whoever may see the application, a round's to bureau staff of its region, and public
 * notices (公示公告) to anyone. Anything else answers 404, so existence does not leak.
 */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
    private readonly decisions: Decisions,
  ) {}

  async list(user: AuthUser, applicationId: string): Promise<DocumentSummaryView[]> {
    await this.access.require(user, applicationId);
    return this.prisma.document.findMany({
      where: { applicationId },
      select: { ...META, signatures: true },
      orderBy: [{ createdAt: 'asc' }],
    });
  }

  /** A document for a signed-in reader (GET /documents/:id). */
  async forReader(user: AuthUser, id: string): Promise<StoredDocument> {
    const doc = await this.prisma.document.findUnique({ where: { id } });
    if (!doc) throw new NotFoundError('Document', id);
    if (doc.applicationId) {
      await this.access.require(user, doc.applicationId).catch(() => {
        throw new NotFoundError('Document', id);
      });
    } else {
      const round = doc.roundId ? await this.prisma.round.findUnique({ where: { id: doc.roundId } }) : null;
      if (!round || user.role === 'APPLICANT' || !inStaffRegion(user, round.regionCode)) throw new NotFoundError('Document', id);
    }
    return doc;
  }

  /** A public notice's text, for anyone (GET /public/documents/:id). */
  async publicNotice(id: string): Promise<StoredDocument> {
    const doc = await this.prisma.document.findFirst({ where: { id, kind: 'PUBLIC_NOTICE' } });
    if (!doc) throw new NotFoundError('Document', id);
    return doc;
  }

  /** For the portal's document page: a public notice as for anyone, every other document under the reader's rule. */
  async forPage(user: AuthUser, id: string): Promise<StoredDocument> {
    const notice = await this.prisma.document.findFirst({ where: { id, kind: 'PUBLIC_NOTICE' }, select: { id: true } });
    return notice ? this.publicNotice(id) : this.forReader(user, id);
  }

  /** A document's PDF for a signed-in reader (GET /documents/:id/pdf), under forReader's rule. */
  async pdfForReader(user: AuthUser, id: string): Promise<DocumentPdfFile> {
    return this.issuedPdf(await this.forReader(user, id));
  }

  /** A public notice's PDF, for anyone (GET /public/documents/:id/pdf). */
  async publicNoticePdf(id: string): Promise<DocumentPdfFile> {
    return this.issuedPdf(await this.publicNotice(id));
  }

  /** For the portal's PDF link: as forPage. */
  async pdfForPage(user: AuthUser, id: string): Promise<DocumentPdfFile> {
    return this.issuedPdf(await this.forPage(user, id));
  }

  /**
   * The PDF as issued. The first request has a worker print it (documentPdfWorkflow: rendering
   * belongs to an activity, not to the API) and waits for it; later ones read the stored file.
   */
  private async issuedPdf(doc: { id: string; title: string; version: number; kind: string }): Promise<DocumentPdfFile> {
    const select = { pdf: true, pdfSha256: true, printedSha256: true } as const;
    let row = await this.prisma.documentPdf.findUnique({ where: { documentId: doc.id }, select });
    if (!row) {
      await this.decisions.execute('documentPdfWorkflow', documentPdfWorkflowId(doc.id), [doc.id]);
      row = await this.prisma.documentPdf.findUniqueOrThrow({ where: { documentId: doc.id }, select });
    }
    const suffix = doc.kind === 'AGREEMENT' || doc.version > 1 ? `-v${doc.version}` : '';
    return {
      filename: `${doc.title}${suffix}-${row.printedSha256.slice(0, 8)}.pdf`,
      mimeType: 'application/pdf',
      content: Buffer.from(row.pdf),
      pdfSha256: row.pdfSha256,
      printedSha256: row.printedSha256,
    };
  }
}

export interface DocumentPdfFile {
  filename: string;
  mimeType: 'application/pdf';
  content: Buffer;
  pdfSha256: string;
  printedSha256: string;
}
