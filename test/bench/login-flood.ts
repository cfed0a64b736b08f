import { Pool } from 'pg';
import { BENCH_PASSWORD, createPeople, Person } from './api-client';
import { fire } from './load';
import { LatencySummary, Recorder } from './stats';
import type { BenchOptions } from './options';

export interface LoginFloodRun {
  /** 'as shipped': the platform's own limits; 'limits raised': every login reaches the password check. */
  mode: string;
  atRest: LatencySummary;
  duringFlood: LatencySummary;
  /** p95 during the flood ÷ p95 at rest; the target is at most 2. */
  ratioP95: number;
  flood: { requests: number; perSecond: number; statuses: Record<string, number> };
}

export interface LoginFloodResult {
  read: string;
  floodConnections: number;
  seconds: number;
  runs: LoginFloodRun[];
}

/** An unrelated read a reviewer makes all day: the first page of the applications list. */
const READ = '/api/applications?page=1&pageSize=20';

/**
 * Benchmark 4: a read measured at rest, then again while `connections` clients post logins as fast
 * as they can (right passwords of many accounts, so each one costs a full password check; the
 * per-account lockout does not cut them short). Password hashing on the event loop shows up here as
 * the read's p95 climbing with the flood; in the thread pool it does not.
 */
export async function runLoginFlood(base: string, pool: Pool, o: BenchOptions, mode: string): Promise<LoginFloodRun> {
  const prefix = `flood-${mode.replace(/\W/g, '')}-${Date.now().toString(36)}`;
  // One sign-in for the reader; the flood's 64 accounts stay signed out (the platform's own limits
  // would refuse 64 sign-ins from one address before the flood began).
  const [reader] = await createPeople(pool, base, `${prefix}-r`, [{ role: 'REVIEWER' }]);
  const targets = await createPeople(
    pool,
    base,
    `${prefix}-t`,
    Array.from({ length: 64 }, () => ({ role: 'APPLICANT' })),
    { signIn: false },
  );
  const atRest = await measureRead(base, reader, o.loginSeconds);
  const statuses: Record<string, number> = {};
  const bodies = targets.map((t: Person) => JSON.stringify({ username: t.username, password: BENCH_PASSWORD }));
  let next = 0;
  const flooding = fire(
    {
      url: `${base}/api/auth/login`,
      connections: o.loginConnections,
      duration: o.loginSeconds + 2,
      timeout: 60,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }),
        },
      ],
    },
    (_client, status) => (statuses[status] = (statuses[status] ?? 0) + 1),
  );
  // The flood has a second's head start, so that the read is measured under its full weight.
  await new Promise((r) => setTimeout(r, 1000));
  const duringFlood = await measureRead(base, reader, o.loginSeconds);
  const floodResult = await flooding;
  const requests = Object.values(statuses).reduce((s, n) => s + n, 0);
  return {
    mode,
    atRest,
    duringFlood,
    ratioP95: duringFlood.p95 / atRest.p95,
    flood: { requests, perSecond: requests / floodResult.duration, statuses },
  };
}

/** Two connections reading back to back for the given seconds. */
async function measureRead(base: string, who: Person, seconds: number): Promise<LatencySummary> {
  const rec = new Recorder();
  await fire(
    { url: base + READ, connections: 2, duration: seconds, timeout: 60, headers: { authorization: `Bearer ${who.token}` } },
    (_client, status, ms) => (status === 200 ? rec.add('read', ms) : rec.fail('read')),
  );
  return rec.summary('read');
}

export const LOGIN_FLOOD_READ = READ;

/**
 * The platform as shipped, then with its login limits raised so high that every one of the flood's
 * logins reaches the password check: the second run shows what hashing costs the event loop.
 */
export const LOGIN_FLOOD_MODES: [string, NodeJS.ProcessEnv][] = [
  // The bench's platform starts with generous limits (test/support/limits.ts); these are the
  // platform's own defaults (apps/api/src/limits/limits.config.ts).
  [
    'as shipped',
    {
      PSP_LOGIN_LIMIT_PER_ADDRESS: '20',
      PSP_LOGIN_LIMIT_PER_ACCOUNT: '10',
      PSP_PUBLIC_WRITE_LIMIT_PER_ADDRESS: '5',
      PSP_LOCKOUT_FAILURES: '5',
    },
  ],
  ['limits raised', {}],
];
