import { plainToInstance } from 'class-transformer';
import { IsString, validateSync } from 'class-validator';
import { DEFAULT_TASK_QUEUE } from '../../../workflows/messages';

export class WorkerEnv {
  @IsString() DATABASE_URL = 'postgresql://psp_app@127.0.0.1:5432/psp';
  @IsString() TEMPORAL_ADDRESS = '127.0.0.1:7233';
  @IsString() TEMPORAL_NAMESPACE = 'default';
  @IsString() TEMPORAL_TASK_QUEUE = DEFAULT_TASK_QUEUE;
}

export function validateWorkerEnv(raw: Record<string, unknown>): WorkerEnv {
  const env = plainToInstance(WorkerEnv, raw, { exposeDefaultValues: true });
  const errors = validateSync(env);
  if (errors.length) throw new Error(`invalid worker configuration: ${errors.map((e) => e.property).join(', ')}`);
  return env;
}
