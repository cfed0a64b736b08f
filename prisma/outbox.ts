/**
 * 待发消息的渠道 (the outbox's channels): written by the API (account mail, objection codes) and
 * the activities (notification mail); the worker's delivery loop sends EMAIL rows. The column is
 * text with a check constraint (migration 20261207030000_outbox_channel) allowing these values.
 */
export const OUTBOX_CHANNEL = { EMAIL: 'EMAIL', SMS: 'SMS' } as const;
export type OutboxChannel = (typeof OUTBOX_CHANNEL)[keyof typeof OUTBOX_CHANNEL];
