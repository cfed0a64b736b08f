-- CreateEnum
CREATE TYPE "FactsStatus" AS ENUM ('UNVERIFIED', 'VERIFIED', 'REJECTED');

-- CreateEnum
CREATE TYPE "DisputeStatus" AS ENUM ('OPEN', 'SETTLED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "annualInspection" VARCHAR(20),
ADD COLUMN     "certificateRef" TEXT,
ADD COLUMN     "factsStatus" "FactsStatus" NOT NULL DEFAULT 'UNVERIFIED',
ADD COLUMN     "legalRepresentative" TEXT,
ADD COLUMN     "ratingValidUntil" DATE,
ADD COLUMN     "registrationAuthority" TEXT;

-- CreateTable
CREATE TABLE "OrganizationVerification" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "reviewerId" UUID NOT NULL,
    "result" "FactsStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "evidenceRef" TEXT NOT NULL,
    "facts" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganizationVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrganizationDispute" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "creditCode" CHAR(18) NOT NULL,
    "claimantId" UUID NOT NULL,
    "claimedName" TEXT NOT NULL,
    "claimantEvidenceRef" TEXT NOT NULL,
    "holderEvidenceRef" TEXT,
    "status" "DisputeStatus" NOT NULL DEFAULT 'OPEN',
    "winner" VARCHAR(10),
    "settledById" UUID,
    "settledAt" TIMESTAMP(3),
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrganizationDispute_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganizationVerification_organizationId_createdAt_idx" ON "OrganizationVerification"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "OrganizationDispute_status_organizationId_idx" ON "OrganizationDispute"("status", "organizationId");

-- CreateIndex
CREATE INDEX "Organization_factsStatus_regionCode_idx" ON "Organization"("factsStatus", "regionCode");

-- AddForeignKey
ALTER TABLE "OrganizationVerification" ADD CONSTRAINT "OrganizationVerification_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationVerification" ADD CONSTRAINT "OrganizationVerification_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationDispute" ADD CONSTRAINT "OrganizationDispute_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrganizationDispute" ADD CONSTRAINT "OrganizationDispute_claimantId_fkey" FOREIGN KEY ("claimantId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
