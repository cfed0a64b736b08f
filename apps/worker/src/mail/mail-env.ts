import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import type { MailerOptions } from './outbox-mailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/** An address alone (`a@b.cn`) or with a display name (`平台 Platform <a@b.cn>`). */
const FROM = /^(?:[^<>]*<[^@\s<>]+@[^@\s<>]+>|[^@\s<>]+@[^@\s<>]+)$/;
const BOOL = ['true', 'false'];

/**
 * The mail server and the delivery loop of the worker, validated at start. Outside production the
 * defaults point at the Mailpit that `npm start` runs; in production SMTP_HOST, SMTP_PORT and
 * SMTP_FROM must be set, and a login only ever comes from the environment (no built-in secret).
 */
export class MailEnv {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /** off: this worker delivers nothing (another replica or process does). */
  @IsIn(['on', 'off'], { message: 'MAIL_DELIVERY: 须为 on 或 off / must be on or off' })
  MAIL_DELIVERY: 'on' | 'off' = 'on';

  @IsString()
  @MinLength(1)
  SMTP_HOST = '127.0.0.1';

  @Type(() => Number)
  @IsInt({ message: 'SMTP_PORT: 须为端口号 / must be a port number' })
  @Min(1)
  @Max(65535)
  SMTP_PORT = 1025;

  @Matches(FROM, {
    message: 'SMTP_FROM: 须为邮箱地址，可带显示名 / must be an address, optionally with a display name: 名称 Name <a@b.cn>',
  })
  SMTP_FROM = '公益创投平台 Public-Welfare Platform <no-reply@psp.localhost>';

  @IsOptional()
  @IsString()
  @MinLength(1)
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  SMTP_PASSWORD?: string;

  /** true: TLS from the first byte (usually port 465); false: STARTTLS when the server offers it. */
  @IsIn(BOOL, { message: 'SMTP_SECURE: 须为 true 或 false / must be true or false' })
  SMTP_SECURE = 'false';

  /** true: refuse to send unless the server upgrades to TLS with STARTTLS. */
  @IsIn(BOOL, { message: 'SMTP_REQUIRE_TLS: 须为 true 或 false / must be true or false' })
  SMTP_REQUIRE_TLS = 'false';

  /** How often the worker looks for due messages when the last look found none. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  MAIL_POLL_MS = 2000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  MAIL_BATCH_SIZE = 20;

  /** First wait after a failed attempt; doubled after each further failure up to MAIL_RETRY_MAX_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAIL_RETRY_BASE_MS = 30_000;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  MAIL_RETRY_MAX_MS = 3_600_000;

  /** Failed attempts after which a message is given up and shown to the administrator (/admin/mail). */
  @Type(() => Number)
  @IsInt({ message: 'MAIL_MAX_ATTEMPTS: 须为 1 到 100 的整数 / must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  MAIL_MAX_ATTEMPTS = 10;

  /**
   * How long a claim keeps other senders off a row; unset: a minute a message of the batch. A row
   * whose sender died is sent again once it ends.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'MAIL_LEASE_MS: 须为不小于 1000 的整数 / must be a whole number of at least 1000' })
  @Min(1000)
  MAIL_LEASE_MS?: number;

  /**
   * Tests only: deliver just the rows whose recipient matches this SQL LIKE pattern (a test's own
   * mail domain), so that a worker process a test starts leaves other files' mail alone.
   */
  @IsOptional()
  @IsString()
  @MinLength(3)
  MAIL_ONLY_RECIPIENTS?: string;
}

/** Every variable that production must set itself, rather than take the development default. */
const REQUIRED_IN_PRODUCTION = ['SMTP_HOST', 'SMTP_PORT', 'SMTP_FROM'] as const;

/**
 * SMTP_URL names the whole server in one value — `smtp://host:587`, `smtps://user:password@host`
 * (TLS from the first byte, port 465 unless given) — and stands for SMTP_HOST, SMTP_PORT,
 * SMTP_SECURE, SMTP_USER and SMTP_PASSWORD, which it replaces.
 */
function fromSmtpUrl(raw: Record<string, unknown>): { values: Record<string, string>; problems: string[] } {
  const text = typeof raw.SMTP_URL === 'string' ? raw.SMTP_URL.trim() : '';
  if (!text) return { values: {}, problems: [] };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { values: {}, problems: ['SMTP_URL: 须为 smtp:// 或 smtps:// 地址 / must be an smtp:// or smtps:// URL'] };
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname)
    return { values: {}, problems: ['SMTP_URL: 须为 smtp:// 或 smtps:// 地址 / must be an smtp:// or smtps:// URL'] };
  const secure = url.protocol === 'smtps:';
  const values: Record<string, string> = {
    SMTP_HOST: url.hostname.replace(/^\[|\]$/g, ''),
    SMTP_PORT: url.port || (secure ? '465' : '587'),
    SMTP_SECURE: String(secure),
  };
  if (url.username) values.SMTP_USER = decodeURIComponent(url.username);
  if (url.password) values.SMTP_PASSWORD = decodeURIComponent(url.password);
  return { values, problems: [] };
}

export function validateMailEnv(input: Record<string, unknown>): MailEnv {
  const fromUrl = fromSmtpUrl(input);
  const raw = { ...input, ...fromUrl.values };
  const env = plainToInstance(MailEnv, raw, { enableImplicitConversion: false, exposeDefaultValues: true });
  const lines = [
    ...fromUrl.problems,
    ...validateSync(env, { skipMissingProperties: false, whitelist: false }).map(
      (e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`,
    ),
  ];
  if (env.NODE_ENV === 'production')
    for (const name of REQUIRED_IN_PRODUCTION)
      if (raw[name] === undefined || raw[name] === '') lines.push(`${name}: 生产环境须设置 / must be set in production`);
  if (!env.SMTP_USER !== !env.SMTP_PASSWORD) lines.push('SMTP_USER, SMTP_PASSWORD: 须同时设置或都不设置 / set both or neither');
  if (env.MAIL_RETRY_MAX_MS < env.MAIL_RETRY_BASE_MS)
    lines.push('MAIL_RETRY_MAX_MS: 不得小于 MAIL_RETRY_BASE_MS / must not be below MAIL_RETRY_BASE_MS');
  if (lines.length > 0) throw new Error(`invalid mail configuration:\n  ${lines.join('\n  ')}`);
  return env;
}

/**
 * nodemailer's options for this configuration. Its timeouts stay well inside the lease a sender
 * holds on a claimed batch (MailerOptions.leaseMs), so a hung server cannot make a row look free
 * to another sender while this one still waits for it.
 */
export function smtpOptions(env: MailEnv): SMTPTransport.Options {
  return {
    host: env.SMTP_HOST,
    port: env.SMTP_PORT,
    secure: env.SMTP_SECURE === 'true',
    requireTLS: env.SMTP_REQUIRE_TLS === 'true',
    auth: env.SMTP_USER ? { user: env.SMTP_USER, pass: env.SMTP_PASSWORD } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

export function mailerOptions(env: MailEnv): MailerOptions {
  return {
    from: env.SMTP_FROM,
    batchSize: env.MAIL_BATCH_SIZE,
    retryBaseMs: env.MAIL_RETRY_BASE_MS,
    retryMaxMs: env.MAIL_RETRY_MAX_MS,
    maxAttempts: env.MAIL_MAX_ATTEMPTS,
    // A minute a message (connection, greeting and socket timeouts above, with room to spare).
    leaseMs: env.MAIL_LEASE_MS ?? env.MAIL_BATCH_SIZE * 60_000,
    recipientsLike: env.MAIL_ONLY_RECIPIENTS,
  };
}
