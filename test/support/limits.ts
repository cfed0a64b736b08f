/**
 * Abuse limits for the test platforms and the bench: the suites sign in and file objections
 * hundreds of times from 127.0.0.1, which the production defaults would throttle. The limits'
 * own test (test/integration/abuse-limits.test.ts) sets tight ones instead.
 */
export const GENEROUS_LIMITS = {
  PSP_LOGIN_LIMIT_PER_ADDRESS: '1000000',
  PSP_LOGIN_LIMIT_PER_ACCOUNT: '1000000',
  PSP_PUBLIC_WRITE_LIMIT_PER_ADDRESS: '1000000',
  PSP_VERIFY_LIMIT_PER_ADDRESS: '1000000',
  PSP_LOCKOUT_FAILURES: '1000000',
} as const;
