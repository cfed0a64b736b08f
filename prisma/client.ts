import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export { Prisma } from '../generated/prisma/client';
export type { PrismaClient } from '../generated/prisma/client';
export * from '../generated/prisma/enums';

export const DEFAULT_DATABASE_URL = 'postgresql://psp_app@127.0.0.1:5432/psp';

/** One factory for both apps and the tests: the driver-adapter client that needs no native engine. */
export function createPrismaClient(
  databaseUrl: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  opts: { poolSize?: number } = {},
): PrismaClient {
  return new PrismaClient({ adapter: createPrismaAdapter(databaseUrl, opts.poolSize) });
}

/** The pg driver adapter every client uses (the API's PrismaService too): a pool of DATABASE_POOL_SIZE connections unless told. */
export function createPrismaAdapter(databaseUrl: string, poolSize = databasePoolSize()): PrismaPg {
  return new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 5000, max: poolSize });
}

/** Connections per process (DATABASE_POOL_SIZE, default 20); the worker runs at most this many activities at once. */
export function databasePoolSize(): number {
  const n = Number(process.env.DATABASE_POOL_SIZE ?? '');
  return Number.isInteger(n) && n > 0 ? n : 20;
}
