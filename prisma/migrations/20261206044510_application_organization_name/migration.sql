-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "organizationName" TEXT;

-- Applications submitted before this migration take the name their organization has now: the
-- best record there is of the name they were submitted under.
UPDATE "Application" AS a SET "organizationName" = o."name"
  FROM "Organization" AS o
  WHERE o."id" = a."organizationId" AND a."stage" NOT IN ('DRAFT', 'RETURNED');
