import { newToken, tokenError, tokenHash, tokenProblem } from './account-tokens';

describe('account tokens', () => {
  it('are long, random and URL-safe, and only their SHA-256 is kept', () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(tokenHash(a.token));
    expect(a.hash).not.toContain(a.token);
  });

  it('name the first problem: unknown, then used, then expired', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    const later = new Date('2026-12-06T12:30:00Z');
    const earlier = new Date('2026-12-06T11:59:59Z');
    expect(tokenProblem(null, now)).toBe('invalid');
    expect(tokenProblem({ expiresAt: earlier, usedAt: earlier }, now)).toBe('used');
    expect(tokenProblem({ expiresAt: earlier }, now)).toBe('expired');
    expect(tokenProblem({ expiresAt: now }, now)).toBe('expired');
    expect(tokenProblem({ expiresAt: later, usedAt: null }, now)).toBeUndefined();
  });

  it('are refused with the field and the rule in Chinese and English', () => {
    expect(tokenError('expired', 'invitationToken').errors).toEqual([
      { field: 'invitationToken', rule: 'expired', message: expect.stringMatching(/^invitationToken: .*过期.* \/ .*expired/) },
    ]);
  });
});
