-- Objections count only once their contact is confirmed: UNCONFIRMED until then. The default stays
-- FILED because a new enum value cannot be used in the transaction that adds it.
-- AlterEnum
ALTER TYPE "ObjectionStatus" ADD VALUE 'UNCONFIRMED';

-- AlterTable
ALTER TABLE "Objection" ADD COLUMN     "codeExpiresAt" TIMESTAMP(3),
ADD COLUMN     "codeHash" TEXT,
ADD COLUMN     "confirmAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "confirmedAt" TIMESTAMP(3),
ADD COLUMN     "contactKey" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OutboxMessage_entityType_entityId_idx" ON "OutboxMessage"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "OutboxMessage_sentAt_createdAt_idx" ON "OutboxMessage"("sentAt", "createdAt");

-- CreateIndex
CREATE INDEX "Objection_roundId_createdAt_idx" ON "Objection"("roundId", "createdAt");

-- CreateIndex
CREATE INDEX "Objection_contactKey_createdAt_idx" ON "Objection"("contactKey", "createdAt");

-- CreateIndex
CREATE INDEX "Objection_applicationId_status_idx" ON "Objection"("applicationId", "status");
