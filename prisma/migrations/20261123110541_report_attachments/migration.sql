-- AlterTable
ALTER TABLE "Report" ADD COLUMN     "attachmentIds" UUID[] DEFAULT ARRAY[]::UUID[];
