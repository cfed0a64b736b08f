-- Hand-written: one spelling of the outbox's channels (objection codes were written EMAIL/SMS,
-- account and notification mail email), and only these two from now on.
UPDATE "OutboxMessage" SET "channel" = upper("channel") WHERE "channel" <> upper("channel");
ALTER TABLE "OutboxMessage" ADD CONSTRAINT "OutboxMessage_channel_check" CHECK ("channel" IN ('EMAIL', 'SMS'));
