import { ConfigService } from '@nestjs/config';
import { createPrismaClient } from '@db/client';
import { PrismaService } from './prisma.service';
import type { PoolConfig } from 'pg';

// The pool settings each PrismaPg adapter is built with; the clients never connect here.
const mockPoolConfigs: PoolConfig[] = [];
jest.mock('@prisma/adapter-pg', () => {
  const actual = jest.requireActual<typeof import('@prisma/adapter-pg')>('@prisma/adapter-pg');
  class RecordingPrismaPg extends actual.PrismaPg {
    constructor(config: PoolConfig, options?: ConstructorParameters<typeof actual.PrismaPg>[1]) {
      super(config, options);
      mockPoolConfigs.push(config);
    }
  }
  return { ...actual, PrismaPg: RecordingPrismaPg };
});

const URL = 'postgresql://postgres@127.0.0.1:5432/psp_unit';

function apiPool(): PoolConfig {
  new PrismaService(new ConfigService({ DATABASE_URL: URL }));
  return mockPoolConfigs[mockPoolConfigs.length - 1];
}

describe('PrismaService pool', () => {
  const before = process.env.DATABASE_POOL_SIZE;
  afterEach(() => {
    if (before === undefined) delete process.env.DATABASE_POOL_SIZE;
    else process.env.DATABASE_POOL_SIZE = before;
  });

  it('opens at most DATABASE_POOL_SIZE connections to DATABASE_URL', () => {
    process.env.DATABASE_POOL_SIZE = '7';
    expect(apiPool()).toMatchObject({ connectionString: URL, max: 7 });
    process.env.DATABASE_POOL_SIZE = '3';
    expect(apiPool().max).toBe(3);
  });

  it('keeps the documented default of 20 when the variable is unset or not a positive integer', () => {
    delete process.env.DATABASE_POOL_SIZE;
    expect(apiPool().max).toBe(20);
    process.env.DATABASE_POOL_SIZE = 'many';
    expect(apiPool().max).toBe(20);
  });

  it('builds its pool exactly as the worker does', () => {
    process.env.DATABASE_POOL_SIZE = '5';
    const api = apiPool();
    createPrismaClient(URL);
    expect(mockPoolConfigs[mockPoolConfigs.length - 1]).toEqual(api);
  });
});
