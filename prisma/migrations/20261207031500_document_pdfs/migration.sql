-- PDF documents (issue 17): each official document's PDF, kept as issued, with what /verify tells.

-- AlterTable: the hash of the PDF a party signed, older signatures (given to the HTML) keep null.
ALTER TABLE "Signature" ADD COLUMN     "pdfSha256" CHAR(64);

-- CreateTable
CREATE TABLE "DocumentPdf" (
    "documentId" UUID NOT NULL,
    "pdf" BYTEA NOT NULL,
    "pdfSha256" CHAR(64) NOT NULL,
    "printedSha256" CHAR(64) NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "recipientCreditCode" TEXT,
    "issuer" TEXT NOT NULL,
    "documentNo" TEXT,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "pages" INTEGER NOT NULL,
    "renderedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "renderer" TEXT NOT NULL,

    CONSTRAINT "DocumentPdf_pkey" PRIMARY KEY ("documentId")
);

-- CreateIndex
CREATE UNIQUE INDEX "DocumentPdf_pdfSha256_key" ON "DocumentPdf"("pdfSha256");

-- CreateIndex
CREATE INDEX "DocumentPdf_printedSha256_idx" ON "DocumentPdf"("printedSha256");

-- AddForeignKey
ALTER TABLE "DocumentPdf" ADD CONSTRAINT "DocumentPdf_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: an issued PDF is never rewritten or removed by the platform (its hash is what
-- /verify confirms and what a signature names), and a signature's hash must look like one.
REVOKE UPDATE, DELETE ON "DocumentPdf" FROM psp_app;
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_pdfSha256_hex" CHECK ("pdfSha256" IS NULL OR "pdfSha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "DocumentPdf" ADD CONSTRAINT "DocumentPdf_hashes_hex" CHECK ("pdfSha256" ~ '^[0-9a-f]{64}$' AND "printedSha256" ~ '^[0-9a-f]{64}$');
