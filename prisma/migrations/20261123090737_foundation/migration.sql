-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('APPLICANT', 'REVIEWER', 'EXPERT', 'FINANCE', 'EVALUATOR', 'PROGRAM_MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "CreditStatus" AS ENUM ('GOOD', 'DISHONEST');

-- CreateEnum
CREATE TYPE "RoundKind" AS ENUM ('VENTURE', 'PURCHASE');

-- CreateEnum
CREATE TYPE "RoundStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'OPEN', 'CLOSED');

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "regionCode" CHAR(6),
    "email" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organization" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "creditCode" CHAR(18) NOT NULL,
    "regionCode" CHAR(6) NOT NULL,
    "registeredAt" DATE NOT NULL,
    "rating" VARCHAR(2),
    "creditStatus" "CreditStatus" NOT NULL DEFAULT 'GOOD',
    "dishonestUntil" DATE,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "contactEmail" TEXT,
    "address" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Organization_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "userId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("userId","organizationId")
);

-- CreateTable
CREATE TABLE "Round" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "RoundKind" NOT NULL,
    "regionCode" CHAR(6) NOT NULL,
    "categories" TEXT[],
    "budgetPool" DECIMAL(14,2) NOT NULL,
    "projectCeiling" DECIMAL(14,2) NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "eligibility" JSONB NOT NULL,
    "rubric" JSONB NOT NULL,
    "tranchePlan" JSONB NOT NULL,
    "expertsPerApplication" INTEGER NOT NULL DEFAULT 5,
    "passMark" DECIMAL(5,2) NOT NULL DEFAULT 60,
    "status" "RoundStatus" NOT NULL DEFAULT 'DRAFT',
    "workflowId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Round_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "actorId" UUID,
    "actorRole" TEXT,
    "reason" TEXT,
    "data" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "idempotencyKey" TEXT,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "User_role_idx" ON "User"("role");

-- CreateIndex
CREATE UNIQUE INDEX "Organization_creditCode_key" ON "Organization"("creditCode");

-- CreateIndex
CREATE INDEX "Organization_regionCode_idx" ON "Organization"("regionCode");

-- CreateIndex
CREATE INDEX "Membership_organizationId_idx" ON "Membership"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Round_workflowId_key" ON "Round"("workflowId");

-- CreateIndex
CREATE INDEX "Round_regionCode_status_idx" ON "Round"("regionCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_idempotencyKey_key" ON "AuditEntry"("idempotencyKey");

-- CreateIndex
CREATE INDEX "AuditEntry_entityType_entityId_at_idx" ON "AuditEntry"("entityType", "entityId", "at");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: rules the database itself enforces.

-- The audit trail is append-only: corrections are new entries, never edits.
-- The offline migration engine splits scripts on every semicolon, even inside quotes, so the
-- one semicolon the PL/pgSQL body needs is written as the escape \073.
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''AuditEntry is append-only (% refused)'', TG_OP\073 END';

CREATE TRIGGER audit_entry_no_update_delete
  BEFORE UPDATE OR DELETE ON "AuditEntry"
  FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();

ALTER TABLE "Round"
  ADD CONSTRAINT "Round_money_positive" CHECK ("budgetPool" > 0 AND "projectCeiling" > 0),
  ADD CONSTRAINT "Round_ceiling_within_pool" CHECK ("projectCeiling" <= "budgetPool"),
  ADD CONSTRAINT "Round_window_order" CHECK ("opensAt" < "closesAt"),
  ADD CONSTRAINT "Round_experts_positive" CHECK ("expertsPerApplication" > 0);

ALTER TABLE "Organization"
  ADD CONSTRAINT "Organization_credit_code_format" CHECK ("creditCode" ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  ADD CONSTRAINT "Organization_region_format" CHECK ("regionCode" ~ '^[0-9]{6}$');
