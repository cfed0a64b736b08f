import { createHash, randomBytes } from 'node:crypto';
import { ValidationFailedError } from '../common/errors';

export const VERIFY_TTL_MS = 24 * 3600_000;
export const RESET_TTL_MS = 30 * 60_000;
export const INVITATION_TTL_MS = 7 * 24 * 3600_000;

export type AccountTokenPurpose = 'VERIFY_EMAIL' | 'RESET_PASSWORD';

/** 32 random bytes, URL-safe: too many to guess, so a token needs no per-token attempt count. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: tokenHash(token) };
}

/** Only this is stored: a leaked table lets no one use a token. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token.trim()).digest('hex');
}

export type TokenProblem = 'invalid' | 'expired' | 'used';

const WORDS: Record<TokenProblem, string> = {
  invalid: '验证码或链接无效 / the code or link is not valid',
  expired: '验证码或链接已过期，请重新申请 / the code or link has expired, ask for a new one',
  used: '验证码或链接已使用过 / the code or link was used already',
};

/** A refused token, naming the field and the rule (invalid, expired, used). */
export function tokenError(problem: TokenProblem, field = 'token'): ValidationFailedError {
  return new ValidationFailedError([{ field, rule: problem, message: `${field}: ${WORDS[problem]}` }]);
}

/** The first problem of a stored token, or none. */
export function tokenProblem(row: { expiresAt: Date; usedAt?: Date | null } | null, now = new Date()): TokenProblem | undefined {
  if (!row) return 'invalid';
  if (row.usedAt) return 'used';
  if (row.expiresAt <= now) return 'expired';
  return undefined;
}
