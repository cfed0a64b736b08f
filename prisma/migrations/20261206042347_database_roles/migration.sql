-- CreateTable
CREATE TABLE "AwardChange" (
    "id" UUID NOT NULL,
    "applicationId" UUID NOT NULL,
    "fromAward" DECIMAL(14,2),
    "award" DECIMAL(14,2),
    "action" TEXT NOT NULL,
    "actorId" UUID,
    "reason" TEXT,
    "txId" BIGINT NOT NULL DEFAULT txid_current(),
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AwardChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AwardChange_applicationId_txId_idx" ON "AwardChange"("applicationId", "txId");

-- AddForeignKey
ALTER TABLE "AwardChange" ADD CONSTRAINT "AwardChange_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "Application"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the database roles and the rules that hold even against the platform's own role.
-- The platform connects as psp_app (created by scripts/db.cjs before migrating, as is psp_owner, who
-- runs the migrations and owns every table). psp_app reads and writes the tables the platform
-- needs, only appends to the audit, payment and award-change tables, and never truncates, alters
-- or disables a trigger (only a table's owner or a superuser can). Semicolons inside function
-- bodies are written as the escape 073 (see the foundation migration).

-- An award is changed only together with its AwardChange row, in the same transaction, checked at
-- commit, so the row may be written before or after the change.
ALTER TABLE "AwardChange" ADD CONSTRAINT "AwardChange_action_present" CHECK (length("action") > 0);

CREATE FUNCTION award_change_stamp() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN NEW."txId" := txid_current()\073 NEW."at" := now()\073 RETURN NEW\073 END';

CREATE TRIGGER award_change_stamp BEFORE INSERT ON "AwardChange"
  FOR EACH ROW EXECUTE FUNCTION award_change_stamp();

CREATE FUNCTION award_change_append_only() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''AwardChange is append-only (% refused)'', TG_OP\073 END';

CREATE TRIGGER award_change_no_update_delete BEFORE UPDATE OR DELETE ON "AwardChange"
  FOR EACH ROW EXECUTE FUNCTION award_change_append_only();

CREATE FUNCTION application_award_recorded() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN IF NOT EXISTS (SELECT 1 FROM "AwardChange" WHERE "applicationId" = NEW."id" AND "award" IS NOT DISTINCT FROM NEW."award" AND "txId" = txid_current()) THEN RAISE EXCEPTION ''award of application % set to % without its AwardChange record'', NEW."id", NEW."award" USING ERRCODE = ''check_violation''\073 END IF\073 RETURN NULL\073 END';

CREATE CONSTRAINT TRIGGER application_award_recorded_on_insert AFTER INSERT ON "Application"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW."award" IS NOT NULL)
  EXECUTE FUNCTION application_award_recorded();

CREATE CONSTRAINT TRIGGER application_award_recorded_on_update AFTER UPDATE OF "award" ON "Application"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD."award" IS DISTINCT FROM NEW."award")
  EXECUTE FUNCTION application_award_recorded();

-- TRUNCATE skips row triggers: refuse it on the append-only tables, whoever asks.
CREATE FUNCTION append_only_no_truncate() RETURNS trigger LANGUAGE plpgsql AS
  E'BEGIN RAISE EXCEPTION ''% is append-only (TRUNCATE refused)'', TG_TABLE_NAME\073 END';

CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON "AuditEntry"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_no_truncate();
CREATE TRIGGER payment_no_truncate BEFORE TRUNCATE ON "Payment"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_no_truncate();
CREATE TRIGGER award_change_no_truncate BEFORE TRUNCATE ON "AwardChange"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_no_truncate();

-- The application role's rights: the normal ones everywhere, append and read on the append-only
-- tables, read on the migration history, and the same for every table later migrations add.
GRANT USAGE ON SCHEMA public TO psp_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO psp_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO psp_app;
REVOKE UPDATE, DELETE ON "AuditEntry", "Payment", "AwardChange" FROM psp_app;
REVOKE INSERT, UPDATE, DELETE ON "_prisma_migrations" FROM psp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE psp_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO psp_app;
ALTER DEFAULT PRIVILEGES FOR ROLE psp_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO psp_app;
