-- Hand-written, above the generated SQL because the trigram indexes below need it:
-- pg_trgm gives ILIKE '%text%' searches an index (a trusted extension since PostgreSQL 13).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- DropIndex
DROP INDEX "Application_roundId_stage_idx";

-- DropIndex
DROP INDEX "Tranche_status_idx";

-- CreateIndex
CREATE INDEX "Organization_name_idx" ON "Organization" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Application_roundId_stage_category_award_idx" ON "Application"("roundId", "stage", "category", "award");

-- CreateIndex
CREATE INDEX "Application_title_idx" ON "Application" USING GIN ("title" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Tranche_status_dueAt_idx" ON "Tranche"("status", "dueAt");
