import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { createPrismaClient } from '@db/client';
import { DEMO_PASSWORD, DEMO_USERS } from '@db/seed/demo-data';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { API_MAIN, freePort, Managed, spawnApi } from '../support/processes';
import { eventually } from '../support/wait';
// Plain JS shared with scripts/start.mjs (CommonJS so that Jest can require it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ensureSecrets } = require('../../scripts/secrets.cjs') as {
  ensureSecrets(dir: string, env: Record<string, string | undefined>): { source: string; file?: string; values: Record<string, string> };
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { withDemoData } = require('../../scripts/demo-data.cjs') as { withDemoData(argv: string[], env: Record<string, string>): boolean };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const databases = require('../../scripts/db.cjs') as {
  ensureDatabase(url: string): Promise<void>;
  migrateDeploy(url: string, options: { quiet: boolean }): void;
  dropDatabase(url: string): Promise<void>;
};
const SEED_MAIN = path.join(__dirname, '../../dist/prisma/seed.js');

/**
 * Issue 15, finding 1: nobody can sign a token without the platform's own key. No secret has a
 * built-in value; `npm start` makes random ones (kept owner-only), production refuses to start
 * without them; a token names its key, so a rotated key ends every session; applicants see who
 * decided by role and name, never internal ids; the API listens on loopback unless told.
 */
const secret = () => randomBytes(48).toString('base64url');
const OLD_DEFAULT = 'dev-only-secret-change-me-in-production';

describe('secrets and forged tokens', () => {
  let p: TestPlatform;
  let applicant: TestUser;
  const spawned: Managed[] = [];

  beforeAll(async () => {
    p = await startPlatform();
    applicant = await makeUser(p, 'APPLICANT');
  });
  afterAll(async () => {
    for (const m of spawned) await m.stop();
    await shutDown(p);
  });

  it('refuses tokens signed with the old built-in secret, a guessed one, or no signature, even for a live session', async () => {
    await p.http.get('/api/auth/me').set(auth(applicant)).expect(200);
    const { header, payload } = new JwtService().decode<{ header: { kid: string }; payload: { sub: string; sid: string } }>(
      applicant.token,
      { complete: true },
    );
    // The same claims (a live session id), promoted to the admin role, under the right key name.
    const claims = { sub: payload.sub, sid: payload.sid, role: 'ADMIN' };
    for (const key of [OLD_DEFAULT, secret()]) {
      const forged = await new JwtService({ secret: key }).signAsync(claims, { keyid: header.kid, expiresIn: '1h' });
      const res = await p.http.get('/api/auth/me').set('Authorization', `Bearer ${forged}`).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid: header.kid })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, exp: Math.floor(Date.now() / 1000) + 3600 }),
    ).toString('base64url')}.`;
    await p.http.get('/api/auth/me').set('Authorization', `Bearer ${unsigned}`).expect(401);
  });

  it('names its key in every token and refuses a token without a server-side session', async () => {
    const { header } = new JwtService().decode<{ header: { kid?: string; alg: string } }>(applicant.token, { complete: true });
    expect(header).toMatchObject({ alg: 'HS256', kid: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/) });
    expect(header.kid).not.toContain(process.env.JWT_SECRET!.slice(0, 8));
    // Signed with the real key, but for no session the server opened (as the old tokens were).
    const real = new JwtService({ secret: process.env.JWT_SECRET });
    const sessionless = await real.signAsync({ sub: applicant.id }, { keyid: header.kid, expiresIn: '1h' });
    await p.http.get('/api/auth/me').set('Authorization', `Bearer ${sessionless}`).expect(401);
  });

  it('ends every session when the key is rotated: a token of the old key is refused by the API restarted with a new one', async () => {
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: p.taskQueue,
    };
    const port = String(await freePort());
    const base = `http://127.0.0.1:${port}`;
    const first = await spawnApi({ ...env, API_PORT: port, JWT_SECRET: secret(), CSRF_SECRET: secret() }, 'api-key-1');
    spawned.push(first);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: applicant.username, password: 'Test@12345' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const me = () => fetch(`${base}/api/auth/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await me()).status).toBe(200);
    await first.stop();

    spawned.push(await spawnApi({ ...env, API_PORT: port, JWT_SECRET: secret(), CSRF_SECRET: secret() }, 'api-key-2'));
    expect((await me()).status).toBe(401);
  });

  it('listens on 127.0.0.1 only, unless HOST says otherwise', async () => {
    const port = await freePort();
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
      TEMPORAL_TASK_QUEUE: p.taskQueue,
    };
    const api = await spawnApi({ ...env, API_PORT: String(port) }, 'api-loopback');
    spawned.push(api);
    expect(api.lines.join('\n')).toContain(`listening on http://127.0.0.1:${port}/api`);
    const outside = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    if (outside) expect(await connects(outside, port)).toBe(false);
    expect(await connects('127.0.0.1', port)).toBe(true);

    const openPort = await freePort();
    const opened = await spawnApi({ ...env, API_PORT: String(openPort), HOST: '0.0.0.0' }, 'api-all-interfaces');
    spawned.push(opened);
    expect(opened.lines.join('\n')).toContain(`listening on http://0.0.0.0:${openPort}/api`);
    if (outside) expect(await connects(outside, openPort)).toBe(true);
  });

  it('seeds no demo account without demo data: only the first admin, whose one-time password must be changed first', async () => {
    expect(withDemoData([], {})).toBe(true);
    for (const [argv, env] of [
      [['--no-demo'], {}],
      [[], { DEMO_DATA: '0' }],
      [[], { NODE_ENV: 'production' }],
    ] as const) {
      expect(withDemoData([...argv], env)).toBe(false);
    }
    // A database of its own, migrated as `npm start` does, seeded the way `npm start -- --no-demo` seeds it.
    const fresh = `${process.env.DATABASE_URL}_no_demo`;
    const seed = () =>
      spawnSync(process.execPath, [SEED_MAIN, '--first-admin'], { env: { ...process.env, DATABASE_URL: fresh }, encoding: 'utf8' });
    let api: Managed | undefined;
    await databases.ensureDatabase(fresh);
    try {
      databases.migrateDeploy(fresh, { quiet: true });
      const first = seed();
      expect(first.status).toBe(0);
      const oneTime = /first admin account: admin \/ (\S+) /.exec(first.stdout)?.[1];
      expect(oneTime).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{16}$/));
      const db = createPrismaClient(fresh);
      try {
        const users = await db.user.findMany({ select: { username: true, role: true, mustChangePassword: true } });
        expect(users).toEqual([{ username: 'admin', role: 'ADMIN', mustChangePassword: true }]);
        expect([await db.organization.count(), await db.round.count(), await db.membership.count()]).toEqual([0, 0, 0]);
      } finally {
        await db.$disconnect();
      }
      // The next start finds the admin and makes no second one.
      expect(seed().stdout).not.toContain('first admin account');

      const port = String(await freePort());
      const env = { DATABASE_URL: fresh, TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!, TEMPORAL_TASK_QUEUE: p.taskQueue };
      api = await spawnApi({ ...env, API_PORT: port }, 'api-no-demo');
      const base = `http://127.0.0.1:${port}`;
      const post = (route: string, body: object, token?: string) =>
        fetch(`${base}/api${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
          body: JSON.stringify(body),
        });
      const login = (username: string, password: string) => post('/auth/login', { username, password });
      for (const u of [...DEMO_USERS, { username: 'admin' }]) expect((await login(u.username, DEMO_PASSWORD)).status).toBe(401);

      const signedIn = await login('admin', oneTime!);
      expect(signedIn.status).toBe(200);
      const { accessToken, mustChangePassword } = (await signedIn.json()) as { accessToken: string; mustChangePassword: boolean };
      expect(mustChangePassword).toBe(true);
      const accounts = () => fetch(`${base}/api/users`, { headers: { authorization: `Bearer ${accessToken}` } });
      const refused = await accounts();
      expect([refused.status, ((await refused.json()) as { code: string }).code]).toEqual([403, 'PASSWORD_CHANGE_REQUIRED']);
      expect((await post('/auth/password', { currentPassword: oneTime, newPassword: 'Own-Choice-Harbour-93' }, accessToken)).status).toBe(
        204,
      );
      expect((await accounts()).status).toBe(200);
      expect((await login('admin', oneTime!)).status).toBe(401);
    } finally {
      await api?.stop();
      await databases.dropDatabase(fresh);
    }
  });

  it('refuses to start without JWT_SECRET and CSRF_SECRET, in production as anywhere', async () => {
    for (const NODE_ENV of ['production', 'development']) {
      const api = new Managed(
        'api-no-secrets',
        (await import('node:child_process')).spawn(process.execPath, [API_MAIN], {
          // Undefined values are left out of the child's environment: neither secret is set.
          env: { ...process.env, NODE_ENV, JWT_SECRET: undefined, CSRF_SECRET: undefined, API_PORT: String(await freePort()) },
          stdio: ['ignore', 'pipe', 'pipe'],
        }),
      );
      await api.exited;
      expect(api.child.exitCode).toBe(1);
      expect(api.lines.join('\n')).toMatch(/invalid configuration:[\s\S]*JWT_SECRET 未设置[^\n]*must be set[\s\S]*CSRF_SECRET 未设置/);
    }
  });

  // The answers of the applicant's later decisions (signing, reports, changes, evaluations): applicant-answers.test.ts.
  it("shows an applicant who decided by role and name, never staff members' ids", async () => {
    const manager = await makeUser(p, 'PROGRAM_MANAGER');
    const reviewer = await makeUser(p, 'REVIEWER');
    const org = await makeOrganization(p.prisma, applicant.id);
    const now = Date.now();
    const round = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ opensAt: new Date(now + 1000).toISOString(), closesAt: new Date(now + 60000).toISOString() }))
      .expect(201);
    await p.http.post(`/api/rounds/${round.body.id}/publish`).set(auth(manager)).expect(200);
    const app = await p.http
      .post('/api/applications')
      .set(auth(applicant))
      .send(applicationPayload(round.body.id, org.id, '50000.00'))
      .expect(201);
    await eventually(async () =>
      (await p.prisma.round.findUniqueOrThrow({ where: { id: round.body.id } })).status === 'OPEN' ? true : undefined,
    );
    // The submission's answer is the applicant's view of the project state: signatories by role and name, no ids.
    const submitted = await p.http.post(`/api/applications/${app.body.id}/submit`).set(auth(applicant)).expect(200);
    expect(submitted.body).toMatchObject({ stage: 'ELIGIBILITY_REVIEW', signers: {} });
    expect(submitted.body).not.toHaveProperty('signedBy');
    const passed = await p.http
      .post(`/api/applications/${app.body.id}/eligibility-decision`)
      .set(auth(reviewer))
      .send({ decision: 'PASS' })
      .expect(200);
    expect(passed.body.eligibilityDecidedBy).toBe(reviewer.id);

    const decided = await eventually(async () => {
      const res = await p.http.get(`/api/applications/${app.body.id}/history`).set(auth(applicant)).expect(200);
      return res.body.some((e: { actorRole: string }) => e.actorRole === 'REVIEWER') ? res : undefined;
    });
    expect(decided.text).not.toContain(reviewer.id);
    expect(decided.body.every((e: object) => !('actorId' in e))).toBe(true);
    const reviewerName = (await p.prisma.user.findUniqueOrThrow({ where: { id: reviewer.id } })).displayName;
    expect(decided.body).toContainEqual(expect.objectContaining({ actorRole: 'REVIEWER', actorName: reviewerName }));
    // Staff keep the ids their work needs.
    const staff = await p.http.get(`/api/applications/${app.body.id}/history`).set(auth(reviewer)).expect(200);
    expect(staff.body).toContainEqual(expect.objectContaining({ actorRole: 'REVIEWER', actorId: reviewer.id }));
  });
});

describe('the start script keeps its secrets', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'psp-secrets-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes random secrets on the first start, readable by the owner only, and keeps them', () => {
    const first = ensureSecrets(dir, {});
    expect(first.source).toBe('created');
    const file = path.join(dir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.values.JWT_SECRET).toHaveLength(64);
    expect(first.values.JWT_SECRET).not.toBe(first.values.CSRF_SECRET);
    expect(ensureSecrets(dir, {})).toEqual({ source: 'file', file, values: first.values });
    // A second, fresh data folder gets keys of its own.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'psp-secrets-'));
    expect(ensureSecrets(other, {}).values.JWT_SECRET).not.toBe(first.values.JWT_SECRET);
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('takes the environment first, refuses production without it, and refuses a file others can read', () => {
    const JWT_SECRET = secret();
    const CSRF_SECRET = secret();
    expect(ensureSecrets(dir, { JWT_SECRET, CSRF_SECRET }).values).toEqual({ JWT_SECRET, CSRF_SECRET });
    expect(() => ensureSecrets(dir, { NODE_ENV: 'production' })).toThrow(/JWT_SECRET and CSRF_SECRET must be set in production/);
    expect(() => ensureSecrets(dir, { NODE_ENV: 'production', JWT_SECRET })).toThrow(/CSRF_SECRET must be set in production/);
    fs.chmodSync(path.join(dir, 'secrets.json'), 0o644);
    expect(() => ensureSecrets(dir, {})).toThrow(/readable by others/);
  });
});

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    s.setTimeout(2000, () => (s.destroy(), resolve(false)));
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}
