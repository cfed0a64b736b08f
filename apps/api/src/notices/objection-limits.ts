import { OUTBOX_CHANNEL, type OutboxChannel } from '@db/outbox';

/** How much the public may file, read from the environment so that tests can raise it. */
export interface ObjectionLimits {
  /** Objections (confirmed or not) one round takes within `windowMs`. */
  perRound: number;
  /** Objections one contact (email or phone) may file within `windowMs`, over all rounds. */
  perContact: number;
  windowMs: number;
  /** How long a confirmation code is valid, and how many wrong codes use it up. */
  codeTtlMs: number;
  codeAttempts: number;
}

export function objectionLimits(env: NodeJS.ProcessEnv): ObjectionLimits {
  return {
    perRound: positiveInt(env.PSP_OBJECTION_ROUND_LIMIT, 'PSP_OBJECTION_ROUND_LIMIT', 500),
    perContact: positiveInt(env.PSP_OBJECTION_CONTACT_LIMIT, 'PSP_OBJECTION_CONTACT_LIMIT', 5),
    windowMs: positiveInt(env.PSP_OBJECTION_LIMIT_WINDOW_MS, 'PSP_OBJECTION_LIMIT_WINDOW_MS', 3_600_000),
    codeTtlMs: positiveInt(env.PSP_OBJECTION_CODE_TTL_MS, 'PSP_OBJECTION_CODE_TTL_MS', 30 * 60_000),
    codeAttempts: positiveInt(env.PSP_OBJECTION_CODE_ATTEMPTS, 'PSP_OBJECTION_CODE_ATTEMPTS', 5),
  };
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?\d{7,15}$/;

/** The contact as compared for the limit: lower case, without spaces, dashes or brackets. */
export function contactKey(contact: string): string {
  const c = contact.trim().toLowerCase();
  return EMAIL.test(c) ? c : c.replace(/[\s()-]/g, '');
}

/** Where the confirmation code goes: EMAIL or SMS, or undefined for neither. */
export function contactChannel(contact: string): OutboxChannel | undefined {
  const key = contactKey(contact);
  if (EMAIL.test(key)) return OUTBOX_CHANNEL.EMAIL;
  return PHONE.test(key) ? OUTBOX_CHANNEL.SMS : undefined;
}

function positiveInt(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`invalid configuration: ${name} must be a positive integer, got "${raw}"`);
  return n;
}
