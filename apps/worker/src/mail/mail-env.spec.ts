import 'reflect-metadata';
import { mailerOptions, smtpOptions, validateMailEnv } from './mail-env';

const production = {
  NODE_ENV: 'production',
  SMTP_HOST: 'smtp.example.cn',
  SMTP_PORT: '587',
  SMTP_FROM: '平台 Platform <no-reply@example.cn>',
};

describe('validateMailEnv', () => {
  it('points at the development Mailpit when nothing is set outside production', () => {
    const env = validateMailEnv({});
    expect(smtpOptions(env)).toMatchObject({ host: '127.0.0.1', port: 1025, secure: false, requireTLS: false, auth: undefined });
    expect(env.MAIL_DELIVERY).toBe('on');
  });

  it('refuses to start in production without its own mail server and sender', () => {
    expect(() => validateMailEnv({ NODE_ENV: 'production' })).toThrow(/SMTP_HOST[\s\S]*SMTP_PORT[\s\S]*SMTP_FROM/);
    expect(() => validateMailEnv({ ...production, SMTP_FROM: '' })).toThrow(/SMTP_FROM/);
    expect(validateMailEnv(production).SMTP_HOST).toBe('smtp.example.cn');
  });

  it('refuses a bad port, sender, switch or retry range, naming the variable in Chinese and English', () => {
    expect(() => validateMailEnv({ SMTP_PORT: 'smtp' })).toThrow(/SMTP_PORT: 须为端口号 \/ must be a port number/);
    expect(() => validateMailEnv({ SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
    expect(() => validateMailEnv({ SMTP_FROM: '平台' })).toThrow(/SMTP_FROM: 须为邮箱地址/);
    expect(() => validateMailEnv({ SMTP_SECURE: 'yes' })).toThrow(/SMTP_SECURE/);
    expect(() => validateMailEnv({ MAIL_DELIVERY: 'maybe' })).toThrow(/MAIL_DELIVERY/);
    expect(() => validateMailEnv({ MAIL_RETRY_BASE_MS: '60000', MAIL_RETRY_MAX_MS: '1000' })).toThrow(/MAIL_RETRY_MAX_MS/);
  });

  it('takes a login only as a pair, and TLS as asked', () => {
    expect(() => validateMailEnv({ ...production, SMTP_USER: 'platform' })).toThrow(/SMTP_USER, SMTP_PASSWORD/);
    const env = validateMailEnv({
      ...production,
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'platform',
      SMTP_PASSWORD: 'from-the-vault',
    });
    expect(smtpOptions(env)).toMatchObject({ port: 465, secure: true, auth: { user: 'platform', pass: 'from-the-vault' } });
    expect(smtpOptions(validateMailEnv({ ...production, SMTP_REQUIRE_TLS: 'true' })).requireTLS).toBe(true);
  });

  it('takes the whole server from SMTP_URL, login and TLS included, and names a bad one', () => {
    const tls = validateMailEnv({ SMTP_URL: 'smtps://mailer%40bureau:p%3Ass@smtp.bureau.gov.cn' });
    expect(smtpOptions(tls)).toMatchObject({
      host: 'smtp.bureau.gov.cn',
      port: 465,
      secure: true,
      auth: { user: 'mailer@bureau', pass: 'p:ss' },
    });
    const plain = validateMailEnv({ SMTP_URL: 'smtp://relay.internal:2525', SMTP_HOST: 'ignored' });
    expect(smtpOptions(plain)).toMatchObject({ host: 'relay.internal', port: 2525, secure: false, auth: undefined });
    // In production the URL stands for the host and port; the sender is still needed.
    expect(() => validateMailEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://relay.internal' })).toThrow(/SMTP_FROM/);
    expect(() => validateMailEnv({ NODE_ENV: 'production', SMTP_URL: 'smtp://relay.internal', SMTP_FROM: 'a@b.cn' })).not.toThrow();
    expect(() => validateMailEnv({ SMTP_URL: 'http://relay.internal' })).toThrow(/SMTP_URL: 须为 smtp:\/\/ 或 smtps:\/\/ 地址 \/ must be/);
  });

  it('holds a claim longer than sending a whole batch can take', () => {
    const env = validateMailEnv({ MAIL_BATCH_SIZE: '10' });
    const smtp = smtpOptions(env);
    const perMessage = (smtp.connectionTimeout ?? 0) + (smtp.greetingTimeout ?? 0) + (smtp.socketTimeout ?? 0);
    expect(mailerOptions(env).leaseMs).toBeGreaterThan(10 * perMessage);
  });

  it('gives a message up after MAIL_MAX_ATTEMPTS (10 unless set), and takes a lease and a test scope when given', () => {
    expect(mailerOptions(validateMailEnv({})).maxAttempts).toBe(10);
    const env = validateMailEnv({ MAIL_MAX_ATTEMPTS: '3', MAIL_LEASE_MS: '2000', MAIL_ONLY_RECIPIENTS: '%@t.example.cn' });
    expect(mailerOptions(env)).toMatchObject({ maxAttempts: 3, leaseMs: 2000, recipientsLike: '%@t.example.cn' });
    expect(mailerOptions(validateMailEnv({})).recipientsLike).toBeUndefined();
    expect(() => validateMailEnv({ MAIL_MAX_ATTEMPTS: '0' })).toThrow(/MAIL_MAX_ATTEMPTS/);
    expect(() => validateMailEnv({ MAIL_LEASE_MS: '10' })).toThrow(/MAIL_LEASE_MS/);
  });
});
