import { performance } from 'node:perf_hooks';
import * as bcrypt from 'bcryptjs';
import { organizationPayload } from '../support/factories';
import { eachLimited, Limiter, Recorder, sleep } from './stats';
import type { Pool } from 'pg';

export const BENCH_PASSWORD = 'Bench@12345';
// Cost 4 keeps the setup quick; the login path still runs bcrypt for real.
const HASH = bcrypt.hashSync(BENCH_PASSWORD, 4);

export interface Person {
  id: string;
  username: string;
  role: string;
  token: string;
  organizationId?: string;
}

export class CallError extends Error {
  constructor(
    readonly label: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${label} answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  }
}

// A decision sent while the workflow still records the previous one is refused with this 409;
// a real client waits a moment and sends it again, so the bench does the same.
const BUSY = /上一项操作正在处理|another decision is being recorded/;

/** The call as a route: ids and sequence numbers replaced, so calls of one kind share a label. */
export function routeOf(method: string, path: string): string {
  const route = path
    .split('?')[0]
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ':id')
    .replace(/\/\d+(?=\/|$)/g, '/:seq');
  return `${method} ${route}`;
}

export interface CallOptions {
  body?: unknown;
  /** A decision that reaches a workflow as an update (counted for the floor). */
  update?: boolean;
  /** Statuses that are an answer rather than a failure (a poll that is not there yet). */
  accept?: number[];
  /** Recorded under this label instead of the route (polls, so they do not mix with real work). */
  label?: string;
}

/**
 * The simulated users' HTTP client: every request waits for a free user (the limiter), is
 * timed per route, and a busy refusal is retried after a short pause without holding a user.
 */
export class Api {
  readonly recorder = new Recorder();
  /** Routes of the calls that reach a workflow as an update. */
  readonly updateLabels = new Set<string>();
  updates = 0;
  busyRetries = 0;

  constructor(
    readonly base: string,
    private readonly limiter: Limiter,
  ) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely by the driver
  async call<T = any>(method: string, path: string, who: Person | null, opts: CallOptions = {}): Promise<{ status: number; body: T }> {
    const label = opts.label ?? routeOf(method, path);
    for (let attempt = 0; ; attempt++) {
      const { status, body, ms } = await this.limiter.run(() => send(this.base, method, path, who?.token, opts.body));
      if (status === 409 && BUSY.test(String((body as { message?: string })?.message)) && attempt < 100) {
        this.busyRetries++;
        await sleep(30 + Math.random() * 120);
        continue;
      }
      const ok = status >= 200 && status < 300;
      if (ok || opts.accept?.includes(status)) {
        this.recorder.add(label, ms);
        if (ok && opts.update) {
          this.updates++;
          this.updateLabels.add(label);
        }
        return { status, body: body as T };
      }
      this.recorder.fail(label);
      throw new CallError(label, status, body);
    }
  }

  /** Polls until check returns a value (or fails after timeoutMs); each poll is a request like any other. */
  async until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 120000, intervalMs = 250): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await sleep(intervalMs);
    }
  }
}

export async function send(base: string, method: string, path: string, token: string | undefined, body: unknown) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const t = performance.now();
  const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const ms = performance.now() - t;
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (an HTML error page): keep the text for the error message
  }
  return { status: res.status, body: parsed, ms };
}

export async function login(base: string, username: string): Promise<string> {
  const { status, body } = await send(base, 'POST', '/api/auth/login', undefined, { username, password: BENCH_PASSWORD });
  if (status !== 200) throw new CallError('POST /api/auth/login', status, body);
  return (body as { accessToken: string }).accessToken;
}

export interface PersonSpec {
  role: string;
  regionCode?: string | null;
  /** Gives the person an organization of their own (applicants). */
  withOrganization?: boolean;
}

/**
 * People written straight into the database (setup, not measured), then signed in through the
 * API so that every later request carries a real token.
 */
export async function createPeople(
  pool: Pool,
  base: string,
  prefix: string,
  specs: PersonSpec[],
  opts: { signIn?: boolean } = {},
): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < specs.length; i += 500) {
    const chunk = specs.slice(i, i + 500);
    const rows = await pool.query<{ id: string; username: string; role: string }>(
      `INSERT INTO "User" ("id", "username", "passwordHash", "displayName", "role", "regionCode", "updatedAt")
       SELECT gen_random_uuid(), u, $1, '压测' || r, r::"Role", g, now() FROM unnest($2::text[], $3::text[], $4::text[]) AS x(u, r, g)
       RETURNING "id", "username", "role"`,
      [
        HASH,
        chunk.map((_, k) => `${prefix}-${chunk[k].role.toLowerCase()}-${i + k}`),
        chunk.map((s) => s.role),
        chunk.map((s) => (s.regionCode === undefined ? defaultRegion(s.role) : s.regionCode)),
      ],
    );
    const byName = new Map(rows.rows.map((r) => [r.username, r]));
    for (let k = 0; k < chunk.length; k++) people.push({ ...byName.get(`${prefix}-${chunk[k].role.toLowerCase()}-${i + k}`)!, token: '' });
  }
  const owners = people.filter((_, k) => specs[k].withOrganization);
  if (owners.length) {
    const orgs = owners.map(() => organizationPayload());
    const created = await pool.query<{ id: string; creditCode: string }>(
      `INSERT INTO "Organization" ("id", "name", "creditCode", "regionCode", "registeredAt", "rating", "contactName", "contactPhone", "updatedAt")
       SELECT gen_random_uuid(), n, c, '330106', DATE '2016-05-01', '4A', '张三', '0571-12345678', now() FROM unnest($1::text[], $2::text[]) AS x(n, c)
       RETURNING "id", "creditCode"`,
      [orgs.map((o) => o.name), orgs.map((o) => o.creditCode)],
    );
    const byCode = new Map(created.rows.map((r) => [r.creditCode.trim(), r.id]));
    owners.forEach((o, k) => (o.organizationId = byCode.get(orgs[k].creditCode)));
    await pool.query(`INSERT INTO "Membership" ("userId", "organizationId") SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
      owners.map((o) => o.id),
      owners.map((o) => o.organizationId),
    ]);
  }
  // Accounts that only serve as others' targets (the login flood's) are left signed out.
  if (opts.signIn !== false)
    await eachLimited(people, 8, async (p) => {
      p.token = await login(base, p.username);
    });
  return people;
}

function defaultRegion(role: string): string | null {
  return ['REVIEWER', 'PROGRAM_MANAGER', 'FINANCE'].includes(role) ? '330100' : null;
}
