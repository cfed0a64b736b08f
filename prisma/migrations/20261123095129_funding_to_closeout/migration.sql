-- CreateEnum
CREATE TYPE "TrancheStatus" AS ENUM ('PENDING', 'DUE', 'REQUESTED', 'PAID', 'CANCELLED', 'WITHHELD');

-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('PENDING', 'SUBMITTED', 'RETURNED', 'ACCEPTED');

-- CreateEnum
CREATE TYPE "ChangeStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ProjectStage" ADD VALUE 'IMPLEMENTATION';
ALTER TYPE "ProjectStage" ADD VALUE 'RECTIFICATION';
ALTER TYPE "ProjectStage" ADD VALUE 'FINAL_EVALUATION';
ALTER TYPE "ProjectStage" ADD VALUE 'CLOSING';
ALTER TYPE "ProjectStage" ADD VALUE 'CLOSED';
ALTER TYPE "ProjectStage" ADD VALUE 'TERMINATED';

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "dishonestMonths" INTEGER NOT NULL DEFAULT 24,
ADD COLUMN     "periodicReports" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "evaluatorId" UUID,
ADD COLUMN     "flagged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "termEndsAt" TIMESTAMP(3),
ADD COLUMN     "termStartsAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Tranche" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "percent" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "status" "TrancheStatus" NOT NULL DEFAULT 'PENDING',
    "dueAt" TIMESTAMP(3),
    "requestedById" UUID,
    "requestedAt" TIMESTAMP(3),
    "approvedById" UUID,
    "approvedAt" TIMESTAMP(3),
    "paidAt" TIMESTAMP(3),
    "paymentRef" TEXT,

    CONSTRAINT "Tranche_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Payment" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "trancheSeq" INTEGER NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "reference" TEXT NOT NULL,
    "requestedById" UUID NOT NULL,
    "approvedById" UUID NOT NULL,
    "paidAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Payment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankTransfer" (
    "idempotencyKey" TEXT NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "payee" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankTransfer_pkey" PRIMARY KEY ("idempotencyKey")
);

-- CreateTable
CREATE TABLE "Report" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'PENDING',
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "submittedAt" TIMESTAMP(3),
    "indicators" JSONB,
    "spending" JSONB,
    "narrative" TEXT,
    "reviewNote" TEXT,
    "revisionDeadline" TIMESTAMP(3),
    "acceptedAt" TIMESTAMP(3),

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evaluation" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "evaluatorId" UUID NOT NULL,
    "scores" JSONB NOT NULL,
    "comments" JSONB,
    "summary" TEXT NOT NULL,
    "total" DECIMAL(6,2) NOT NULL,
    "grade" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChangeRequest" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "needsApproval" BOOLEAN NOT NULL,
    "status" "ChangeStatus" NOT NULL DEFAULT 'PENDING',
    "requestedById" UUID NOT NULL,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChangeRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreditRecord" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "grade" TEXT,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreditRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Recovery" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "amount" DECIMAL(14,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'REQUESTED',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Recovery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Tranche_status_idx" ON "Tranche"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Tranche_applicationId_seq_key" ON "Tranche"("applicationId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_reference_key" ON "Payment"("reference");

-- CreateIndex
CREATE UNIQUE INDEX "Payment_applicationId_trancheSeq_key" ON "Payment"("applicationId", "trancheSeq");

-- CreateIndex
CREATE UNIQUE INDEX "BankTransfer_reference_key" ON "BankTransfer"("reference");

-- CreateIndex
CREATE INDEX "Report_status_dueAt_idx" ON "Report"("status", "dueAt");

-- CreateIndex
CREATE UNIQUE INDEX "Report_applicationId_seq_key" ON "Report"("applicationId", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Evaluation_applicationId_kind_attempt_key" ON "Evaluation"("applicationId", "kind", "attempt");

-- CreateIndex
CREATE INDEX "ChangeRequest_applicationId_status_idx" ON "ChangeRequest"("applicationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CreditRecord_applicationId_key" ON "CreditRecord"("applicationId");

-- CreateIndex
CREATE INDEX "CreditRecord_organizationId_idx" ON "CreditRecord"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Recovery_applicationId_key" ON "Recovery"("applicationId");

-- AddForeignKey
ALTER TABLE "Tranche" ADD CONSTRAINT "Tranche_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Report" ADD CONSTRAINT "Report_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evaluation" ADD CONSTRAINT "Evaluation_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChangeRequest" ADD CONSTRAINT "ChangeRequest_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the database itself keeps payments within the award and never rewrites them.
-- (Semicolons inside function bodies are written as the escape 073, see the foundation migration.)
ALTER TABLE "Payment" ADD CONSTRAINT "Payment_amount_positive" CHECK ("amount" > 0);
ALTER TABLE "Tranche" ADD CONSTRAINT "Tranche_amount_nonnegative" CHECK ("amount" >= 0);
ALTER TABLE "Recovery" ADD CONSTRAINT "Recovery_amount_nonnegative" CHECK ("amount" >= 0);

CREATE FUNCTION payment_within_award() RETURNS trigger LANGUAGE plpgsql AS
  E'DECLARE award_amount numeric\073 paid numeric\073 BEGIN SELECT "award" INTO award_amount FROM "Application" WHERE "id" = NEW."applicationId" FOR UPDATE\073 SELECT COALESCE(SUM("amount"), 0) INTO paid FROM "Payment" WHERE "applicationId" = NEW."applicationId"\073 IF award_amount IS NULL OR paid > award_amount THEN RAISE EXCEPTION ''payments for % would total % above the award %'', NEW."applicationId", paid, award_amount\073 END IF\073 RETURN NEW\073 END';

CREATE TRIGGER payment_within_award AFTER INSERT ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION payment_within_award();

CREATE FUNCTION payment_append_only() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''Payment is append-only (% refused)'', TG_OP\073 END';

CREATE TRIGGER payment_no_update_delete BEFORE UPDATE OR DELETE ON "Payment"
  FOR EACH ROW EXECUTE FUNCTION payment_append_only();
