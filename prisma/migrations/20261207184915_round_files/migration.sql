-- Files of a round's call (申报指南附件, issue 16): attached while the round is a draft, published with it.

-- CreateTable
CREATE TABLE "RoundFile" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RoundFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoundFile_roundId_idx" ON "RoundFile"("roundId");

-- AddForeignKey
ALTER TABLE "RoundFile" ADD CONSTRAINT "RoundFile_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
