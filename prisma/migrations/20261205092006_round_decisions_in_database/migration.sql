-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "panelExpertIds" UUID[];

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "awardCap" DECIMAL(14,2);

-- An award cut is never negative (the rule that it never exceeds the request is the activity's).
ALTER TABLE "Application" ADD CONSTRAINT "Application_awardCap_nonnegative" CHECK ("awardCap" IS NULL OR "awardCap" >= 0);
