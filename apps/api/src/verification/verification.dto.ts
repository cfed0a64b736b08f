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
