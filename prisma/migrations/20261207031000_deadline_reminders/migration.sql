-- Reminders before deadlines (截止提醒): each round says how many days before a deadline its
-- reminders go out.

-- AlterTable
ALTER TABLE "Round" ADD COLUMN     "reminderLeadDays" INTEGER[] DEFAULT ARRAY[3, 1]::INTEGER[];
