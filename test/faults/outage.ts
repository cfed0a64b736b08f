import request from 'supertest';
import { createPrismaClient, PrismaClient } from '../../prisma/client';
import { freePort, Managed, spawnApi, spawnWorker } from '../support/processes';
import { eventually } from '../support/wait';
import { fundProjects } from './funding';
import { finishProject, sleep, verifyClosedProjects } from './lifecycle';
import type { TestPlatform } from '../support/app';
import type { FundedProjects } from '../support/funded-projects';
import type { Tally } from './tally';

/**
 * The platform as separate processes (API and worker built in dist/) against a given database
 * and Temporal frontend, for the tests that take one of those dependencies away mid-run.
 */
export interface Stack {
  api: Managed;
  worker: Managed;
  http: ReturnType<typeof request>;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export async function startStack(databaseUrl: string, temporalAddress: string): Promise<Stack> {
  const port = await freePort();
  const env = {
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `faults-${Math.random().toString(36).slice(2, 10)}`,
    PSP_NOTICE_PERIOD_MS: '1500',
    PSP_TERM_MS: '1800000',
    PSP_REMINDER_LEAD_MS: '1',
  };
  const [api, worker] = await Promise.all([spawnApi({ ...env, API_PORT: String(port) }), spawnWorker(env)]);
  const prisma = createPrismaClient(databaseUrl);
  return {
    api,
    worker,
    prisma,
    http: request(`http://127.0.0.1:${port}`),
    async close() {
      await Promise.all([api.stop('SIGKILL'), worker.stop('SIGKILL')]);
      await prisma.$disconnect();
    },
  };
}

/** The funding helper drives the API over HTTP and reads the database: a Stack has both. */
export const fund = (s: Stack, n: number): Promise<FundedProjects> => fundProjects(s as unknown as TestPlatform, n);

export const healthStatus = async (s: Stack) => (await s.http.get('/api/health')).status;

export const waitHealthy = (s: Stack, timeoutMs = 90000) =>
  eventually(async () => ((await healthStatus(s)) === 200 ? true : undefined), { label: 'API healthy again', timeoutMs, intervalMs: 500 });

/**
 * Finishes every project while `outage` runs alongside: the drivers keep going, retrying what
 * answers 409 or 503, and any other answer (a 500 above all) fails the test. Returns how many
 * 503s the drivers saw.
 */
export async function finishThrough(s: Stack, f: FundedProjects, outage: () => Promise<void>): Promise<{ unavailable: number }> {
  let unavailable = 0;
  const onStatus = (status: number) => {
    if (status === 503) unavailable++;
  };
  // The drivers start a little ahead of the outage, so that it lands in the middle of the run.
  const drivers = Promise.all(f.projectIds.map((_, k) => finishProject(s, f, k, { onStatus, timeoutMs: 360000 })));
  await sleep(1500);
  await outage();
  await drivers;
  return { unavailable };
}

/** The closed projects' audit trail and ledger, added to the tally, with a clear failure. */
export async function verifyInto(tally: Tally, s: Stack, f: FundedProjects): Promise<void> {
  const verdict = await verifyClosedProjects(s.prisma, f.projectIds);
  tally.transitions += verdict.transitions;
  tally.duplicates += verdict.duplicates.length;
  expect(verdict.duplicates).toEqual([]);
  expect(verdict.problems).toEqual([]);
}
