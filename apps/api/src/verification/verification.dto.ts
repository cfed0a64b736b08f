import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';

/** A SHA-256 digest typed by a person: 64 hexadecimal characters, spaces and case ignored. */
export class VerifyHashDto {
  /** 文书 PDF 页脚印制的内容摘要，或文件本身的 SHA-256（64 位十六进制） */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toLowerCase() : value))
  @IsString({ message: 'sha256: 须为字符串 / must be a string' })
  @Matches(/^[0-9a-f]{64}$/, {
    message: 'sha256: 须为 64 位十六进制的 SHA-256 摘要 / must be a SHA-256 digest of 64 hexadecimal characters',
  })
  sha256!: string;
}

/** What /verify tells about a digest: whether the platform issued it, which document, to whom and when. */
export interface VerificationDto {
  /** The digest that was checked (of the uploaded file, or as typed). */
  sha256: string;
  issued: boolean;
  /** `file`: the PDF file as issued; `printed`: the content digest printed in its footer (the document's HTML). */
  matchedBy?: 'file' | 'printed';
  document?: {
    kind: string;
    title: string;
    recipient: string;
    recipientCreditCode: string | null;
    issuer: string;
    documentNo: string | null;
    issuedAt: string;
    pages: number;
    pdfSha256: string;
    printedSha256: string;
  };
  message: string;
}

/** The document a digest belongs to, as /verify names it. */
export class VerifiedDocumentView {
  /** 文书类别，如 AGREEMENT */
  kind!: string;
  /** 文书名称 */
  title!: string;
  /** 发给谁：组织名称 */
  recipient!: string;
  /** 受文组织的统一社会信用代码 */
  recipientCreditCode!: string | null;
  /** 出具机关 */
  issuer!: string;
  /** 文书编号 */
  documentNo!: string | null;
  /** 出具时间（ISO 8601） */
  issuedAt!: string;
  /** 页数 */
  pages!: number;
  /** PDF 文件本身的 SHA-256 */
  pdfSha256!: string;
  /** 页脚印制的内容摘要（文书 HTML 的 SHA-256） */
  printedSha256!: string;
}

/** 核验结果 / What /verify answers (VerificationDto as a documented class). */
export class VerificationView implements VerificationDto {
  /** 核验的摘要（上传文件的，或所输入的） */
  sha256!: string;
  /** 平台是否出具过该文书 */
  issued!: boolean;
  /** file：与文件本身的摘要一致；printed：与页脚印制的内容摘要一致 */
  @ApiPropertyOptional({ enum: ['file', 'printed'] })
  matchedBy?: 'file' | 'printed';
  document?: VerifiedDocumentView;
  /** 结论，中文在前、英文在后 */
  message!: string;
}
