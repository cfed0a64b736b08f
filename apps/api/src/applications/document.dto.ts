/** 一方的签署 / One party's signature of a document. */
export class SignatureView {
  documentId!: string;
  /** 签署方：甲方（民政部门）或乙方（申报组织） */
  party!: string;
  userId!: string;
  signedAt!: Date;
  /** 所签署 PDF 文件的 SHA-256；PDF 出具之前的签署为 null（签署的是 HTML 文书） */
  pdfSha256!: string | null;
}

/** 一份文书的概要 / A document of an application, without its text. */
export class DocumentSummaryView {
  id!: string;
  /** 文书类别，如 ACCEPTANCE_RECEIPT、AGREEMENT */
  kind!: string;
  /** 版本（修订后重新出具时递增） */
  version!: number;
  /** 文书名称 */
  title!: string;
  /** 文书内容（HTML）的 SHA-256，即 PDF 页脚所印 */
  sha256!: string;
  createdAt!: Date;
  applicationId!: string | null;
  roundId!: string | null;
  signatures!: SignatureView[];
}
