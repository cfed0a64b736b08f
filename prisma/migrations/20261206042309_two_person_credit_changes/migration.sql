-- CreateEnum
CREATE TYPE "CreditChangeStatus" AS ENUM ('PENDING', 'CONFIRMED', 'REFUSED');

-- CreateTable
CREATE TABLE "CreditChange" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "creditStatus" "CreditStatus" NOT NULL,
    "dishonestUntil" DATE,
    "reason" TEXT NOT NULL,
    "status" "CreditChangeStatus" NOT NULL DEFAULT 'PENDING',
    "proposedById" UUID NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,

    CONSTRAINT "CreditChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditChange_organizationId_status_idx" ON "CreditChange"("organizationId", "status");

-- CreateIndex
CREATE INDEX "CreditChange_status_proposedAt_idx" ON "CreditChange"("status", "proposedAt");

-- AddForeignKey
ALTER TABLE "CreditChange" ADD CONSTRAINT "CreditChange_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One proposal awaiting confirmation per organization: two reviewers proposing at once cannot
-- both stand, and a confirmation always settles the only pending one.
CREATE UNIQUE INDEX "CreditChange_one_pending_per_organization" ON "CreditChange"("organizationId") WHERE "status" = 'PENDING';

-- The decider is never the proposer (四眼原则), whatever path writes the row.
ALTER TABLE "CreditChange" ADD CONSTRAINT "CreditChange_second_person"
  CHECK ("decidedById" IS NULL OR "decidedById" <> "proposedById");
