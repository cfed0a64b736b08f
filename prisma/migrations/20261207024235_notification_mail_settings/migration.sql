-- Notification email settings: the language of the mail of a person (zh-CN, or en), the topics whose
-- email they turned off (the inbox keeps every notification), and an outbox row given up after
-- its last attempt (failedAt), which the administrator may send again.
-- (The snapshot prisma/schema.migrated.prisma had fallen behind the accounts migration: only the statements
-- of this change are kept here.)

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'zh-CN';

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN     "failedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "NotificationMailOptOut" (
    "userId" UUID NOT NULL,
    "topic" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NotificationMailOptOut_pkey" PRIMARY KEY ("userId","topic")
);

-- CreateIndex
CREATE INDEX "OutboxMessage_failedAt_idx" ON "OutboxMessage"("failedAt");

-- AddForeignKey
ALTER TABLE "NotificationMailOptOut" ADD CONSTRAINT "NotificationMailOptOut_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "User" ADD CONSTRAINT "User_language_check" CHECK ("language" IN ('zh-CN', 'en'));
