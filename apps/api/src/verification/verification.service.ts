import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import type { VerificationDto } from './verification.dto';

const FIELDS = {
  pdfSha256: true,
  printedSha256: true,
  kind: true,
  recipient: true,
  recipientCreditCode: true,
  issuer: true,
  documentNo: true,
  issuedAt: true,
  pages: true,
  document: { select: { title: true } },
} as const;

/**
 * 文书真伪核验: whether the platform issued a document, found by the SHA-256 of the file in hand
 * (the PDF as issued) or by the content digest every page of the PDF prints (which is also the
 * digest of the document's HTML as stored). Nothing else is looked up, so a file changed by one
 * byte is not confirmed; and only what the document itself says is told (kind, to whom, by whom,
 * when), to whoever holds it.
 */
@Injectable()
export class VerificationService {
  constructor(private readonly prisma: PrismaService) {}

  async byHash(sha256: string): Promise<VerificationDto> {
    const asFile = await this.prisma.documentPdf.findUnique({ where: { pdfSha256: sha256 }, select: FIELDS });
    const found =
      asFile ??
      (await this.prisma.documentPdf.findFirst({ where: { printedSha256: sha256 }, orderBy: { issuedAt: 'asc' }, select: FIELDS }));
    if (!found) {
      return {
        sha256,
        issued: false,
        message: '未能确认：本平台没有签发过与此摘要相符的文书 / not confirmed: the platform issued no document with this digest',
      };
    }
    const { document, issuedAt, ...facts } = found;
    return {
      sha256,
      issued: true,
      matchedBy: asFile ? 'file' : 'printed',
      document: { ...facts, title: document.title, issuedAt: issuedAt.toISOString() },
      message: '已确认：本平台签发了此文书 / confirmed: the platform issued this document',
    };
  }

  /** The uploaded file's own digest, looked up as above; the file is not kept. */
  async byFile(file?: { buffer?: Buffer; size?: number }): Promise<VerificationDto> {
    if (!file?.buffer || file.buffer.length === 0) {
      throw new ValidationFailedError([
        { field: 'file', rule: 'required', message: 'file: 请上传要核验的文书文件 / upload the document file to check' },
      ]);
    }
    return this.byHash(createHash('sha256').update(file.buffer).digest('hex'));
  }
}
