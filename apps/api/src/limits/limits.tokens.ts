/** The injection token of the validated abuse limits (limits.config.ts). */
export const LIMITS = Symbol('LIMITS');
