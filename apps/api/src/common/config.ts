import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { DEFAULT_TASK_QUEUE } from '@workflows/messages';

/** Environment variables of the API, validated at start so a typo fails loudly, not later. */
export class ApiEnv {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  DATABASE_URL = 'postgresql://psp_app@127.0.0.1:5432/psp';

  @IsString()
  TEMPORAL_ADDRESS = '127.0.0.1:7233';

  @IsString()
  TEMPORAL_NAMESPACE = 'default';

  @IsString()
  TEMPORAL_TASK_QUEUE = DEFAULT_TASK_QUEUE;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  API_PORT = 3000;

  /** Interface the API listens on; loopback unless the deployment says otherwise. */
  @IsString()
  HOST = '127.0.0.1';

  /**
   * Signing key of session tokens and CSRF key of the portal's forms. No built-in value: a key
   * anyone can read in the source signs tokens for anyone. `npm start` makes random ones and keeps
   * them under .data/ (scripts/secrets.mjs); a deployment sets them.
   */
  @IsString({ message: 'JWT_SECRET 未设置：请设置随机密钥，或用 npm start 自动生成 / must be set (npm start generates one)' })
  @MinLength(32)
  JWT_SECRET!: string;

  @IsString({ message: 'CSRF_SECRET 未设置：请设置随机密钥，或用 npm start 自动生成 / must be set (npm start generates one)' })
  @MinLength(32)
  CSRF_SECRET!: string;

  @IsString()
  JWT_TTL = '8h';
}

export function validateApiEnv(raw: Record<string, unknown>): ApiEnv {
  const env = plainToInstance(ApiEnv, raw, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `${e.property}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  if (env.JWT_SECRET === env.CSRF_SECRET) {
    throw new Error('invalid configuration:\n  CSRF_SECRET: 须与 JWT_SECRET 不同 / must differ from JWT_SECRET');
  }
  return env;
}
