-- CreateEnum
CREATE TYPE "ProjectStage" AS ENUM ('DRAFT', 'ELIGIBILITY_REVIEW', 'RETURNED', 'WITHDRAWN', 'REJECTED', 'ELIGIBLE', 'EXPERT_REVIEW', 'RANKED', 'PUBLIC_NOTICE', 'REMOVED_BY_OBJECTION', 'NOT_FUNDED', 'APPROVED', 'AGREEMENT_SIGNED');

-- CreateEnum
CREATE TYPE "AssignmentStatus" AS ENUM ('ASSIGNED', 'DECLINED', 'SUBMITTED');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('FILED', 'UPHELD', 'DISMISSED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "RoundStatus" ADD VALUE 'EXPERT_REVIEW';
ALTER TYPE "RoundStatus" ADD VALUE 'RANKED';
ALTER TYPE "RoundStatus" ADD VALUE 'NOTICE';
ALTER TYPE "RoundStatus" ADD VALUE 'FINALIZED';

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "managementCapPercent" INTEGER NOT NULL DEFAULT 10,
ADD COLUMN     "matchingFundsPercent" INTEGER,
ADD COLUMN     "noticeEndsAt" TIMESTAMP(3),
ADD COLUMN     "noticeStartsAt" TIMESTAMP(3),
ADD COLUMN     "noticeWorkingDays" INTEGER NOT NULL DEFAULT 5;

-- CreateTable
CREATE TABLE "Application" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "beneficiaries" TEXT NOT NULL,
    "requestedAmount" DECIMAL(14,2) NOT NULL,
    "matchingFunds" DECIMAL(14,2),
    "budgetLines" JSONB NOT NULL,
    "indicators" JSONB NOT NULL,
    "milestones" JSONB NOT NULL,
    "stage" "ProjectStage" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "submissionCount" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "firstSubmittedAt" TIMESTAMP(3),
    "revisionDeadline" TIMESTAMP(3),
    "workflowId" TEXT,
    "eligibilityDecidedById" UUID,
    "finalScore" DECIMAL(6,2),
    "rank" INTEGER,
    "award" DECIMAL(14,2),
    "awardNote" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "mimeType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "content" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EligibilityCheck" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "submissionNo" INTEGER NOT NULL,
    "rule" TEXT NOT NULL,
    "passed" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EligibilityCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExpertTie" (
    "expertId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExpertTie_pkey" PRIMARY KEY ("expertId","organizationId")
);

-- CreateTable
CREATE TABLE "Assignment" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "expertId" UUID NOT NULL,
    "status" "AssignmentStatus" NOT NULL DEFAULT 'ASSIGNED',
    "declineReason" TEXT,
    "scores" JSONB,
    "comments" JSONB,
    "total" DECIMAL(6,2),
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Assignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "contact" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'FILED',
    "ruling" TEXT,
    "ruledById" UUID,
    "ruledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "applicationId" UUID,
    "roundId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "title" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Signature" (
    "documentId" UUID NOT NULL,
    "party" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Signature_pkey" PRIMARY KEY ("documentId","party")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "applicationId" UUID,
    "readAt" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" DATE NOT NULL,
    "working" BOOLEAN NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE UNIQUE INDEX "Application_workflowId_key" ON "Application"("workflowId");

-- CreateIndex
CREATE INDEX "Application_roundId_stage_idx" ON "Application"("roundId", "stage");

-- CreateIndex
CREATE INDEX "Application_organizationId_idx" ON "Application"("organizationId");

-- CreateIndex
CREATE INDEX "Application_stage_submittedAt_idx" ON "Application"("stage", "submittedAt");

-- CreateIndex
CREATE INDEX "Attachment_applicationId_idx" ON "Attachment"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "EligibilityCheck_applicationId_submissionNo_rule_key" ON "EligibilityCheck"("applicationId", "submissionNo", "rule");

-- CreateIndex
CREATE INDEX "Assignment_expertId_status_idx" ON "Assignment"("expertId", "status");

-- CreateIndex
CREATE INDEX "Assignment_roundId_idx" ON "Assignment"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "Assignment_applicationId_expertId_key" ON "Assignment"("applicationId", "expertId");

-- CreateIndex
CREATE INDEX "Objection_roundId_status_idx" ON "Objection"("roundId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Document_idempotencyKey_key" ON "Document"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Document_applicationId_kind_idx" ON "Document"("applicationId", "kind");

-- CreateIndex
CREATE INDEX "Document_roundId_kind_idx" ON "Document"("roundId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_idempotencyKey_key" ON "Notification"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "Round"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Application" ADD CONSTRAINT "Application_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EligibilityCheck" ADD CONSTRAINT "EligibilityCheck_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExpertTie" ADD CONSTRAINT "ExpertTie_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assignment" ADD CONSTRAINT "Assignment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signature" ADD CONSTRAINT "Signature_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "Document"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: money rules the database enforces as well as the code.
ALTER TABLE "Application"
  ADD CONSTRAINT "Application_requested_positive" CHECK ("requestedAmount" > 0),
  ADD CONSTRAINT "Application_matching_nonnegative" CHECK ("matchingFunds" IS NULL OR "matchingFunds" >= 0),
  ADD CONSTRAINT "Application_award_within_request" CHECK ("award" IS NULL OR ("award" >= 0 AND "award" <= "requestedAmount"));

ALTER TABLE "Attachment"
  ADD CONSTRAINT "Attachment_size_limit" CHECK ("size" > 0 AND "size" <= 10485760);

ALTER TABLE "Assignment"
  ADD CONSTRAINT "Assignment_total_range" CHECK ("total" IS NULL OR ("total" >= 0 AND "total" <= 100));

ALTER TABLE "Round" ADD COLUMN "issuingBureau" TEXT NOT NULL DEFAULT '民政局',
  ADD COLUMN "projectTermMonths" INTEGER NOT NULL DEFAULT 12,
  ADD CONSTRAINT "Round_term_positive" CHECK ("projectTermMonths" BETWEEN 1 AND 60);
