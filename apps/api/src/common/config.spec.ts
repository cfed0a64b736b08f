import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { validateApiEnv } from './config';

const secret = () => randomBytes(32).toString('hex');

describe('validateApiEnv', () => {
  it.each(['production', 'development', 'test'])('refuses to start in %s without JWT_SECRET and CSRF_SECRET', (NODE_ENV) => {
    expect(() => validateApiEnv({ NODE_ENV })).toThrow(/JWT_SECRET[\s\S]*CSRF_SECRET/);
    expect(() => validateApiEnv({ NODE_ENV, JWT_SECRET: secret() })).toThrow(/CSRF_SECRET/);
    expect(() => validateApiEnv({ NODE_ENV, CSRF_SECRET: secret() })).toThrow(/JWT_SECRET/);
  });

  it('refuses a short secret and one secret used for both purposes', () => {
    expect(() => validateApiEnv({ NODE_ENV: 'production', JWT_SECRET: 'short-secret', CSRF_SECRET: secret() })).toThrow(/JWT_SECRET/);
    const same = secret();
    expect(() => validateApiEnv({ NODE_ENV: 'production', JWT_SECRET: same, CSRF_SECRET: same })).toThrow(/must differ/);
  });

  it('starts with both secrets set, listening on 127.0.0.1 unless HOST says otherwise', () => {
    const env = validateApiEnv({ NODE_ENV: 'production', JWT_SECRET: secret(), CSRF_SECRET: secret() });
    expect(env.HOST).toBe('127.0.0.1');
    expect(validateApiEnv({ JWT_SECRET: secret(), CSRF_SECRET: secret(), HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
  });
});
