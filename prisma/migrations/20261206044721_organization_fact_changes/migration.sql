-- CreateTable
CREATE TABLE "OrganizationFactChange" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ChangeStatus" NOT NULL DEFAULT 'PENDING',
    "evidenceFilename" TEXT NOT NULL,
    "evidenceMimeType" TEXT NOT NULL,
    "evidenceSize" INTEGER NOT NULL,
    "evidenceSha256" CHAR(64) NOT NULL,
    "evidence" BYTEA NOT NULL,
    "requestedById" UUID NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" UUID,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,

    CONSTRAINT "OrganizationFactChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OrganizationFactChange_organizationId_status_idx" ON "OrganizationFactChange"("organizationId", "status");

-- AddForeignKey
ALTER TABLE "OrganizationFactChange" ADD CONSTRAINT "OrganizationFactChange_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One request awaiting a reviewer per organization, and never decided by its requester.
CREATE UNIQUE INDEX "OrganizationFactChange_one_pending_per_organization" ON "OrganizationFactChange"("organizationId") WHERE "status" = 'PENDING';
ALTER TABLE "OrganizationFactChange" ADD CONSTRAINT "OrganizationFactChange_second_person"
  CHECK ("decidedById" IS NULL OR "decidedById" <> "requestedById");
