import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, MinLength, validateSync } from 'class-validator';
import { DEFAULT_TASK_QUEUE } from '@workflows/messages';

/** Environment variables of the API, validated at start so a typo fails loudly, not later. */
export class ApiEnv {
  @IsOptional()
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  @IsString()
  DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/psp';

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

  @IsString()
  @MinLength(16)
  JWT_SECRET = 'dev-only-secret-change-me-in-production';

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
  if (env.NODE_ENV === 'production' && env.JWT_SECRET === new ApiEnv().JWT_SECRET) {
    throw new Error('JWT_SECRET must be set in production');
  }
  return env;
}
