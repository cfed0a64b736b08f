import { randomUUID } from 'node:crypto';
import * as bcrypt from 'bcryptjs';
import request from 'supertest';
import { startPlatform, TestPlatform } from '../support/app';
import { GENEROUS_LIMITS } from '../support/limits';

const PASSWORD = 'Test@12345';
const HASH = bcrypt.hashSync(PASSWORD, 4);
const BILINGUAL = /[\u4e00-\u9fff].* \/ [A-Za-z]/;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];

/** A platform whose abuse limits are `limits` (the rest as generous as the other suites'), without a worker. */
async function platformWith(limits: Record<string, string>): Promise<TestPlatform> {
  Object.assign(process.env, GENEROUS_LIMITS, limits);
  return startPlatform({ worker: false });
}

/** An account made directly in the database, so that making it signs in nowhere. */
async function account(p: TestPlatform): Promise<string> {
  const username = `limits-${randomUUID().slice(0, 8)}`;
  await p.prisma.user.create({ data: { username, displayName: '测试申报人', role: 'APPLICANT', passwordHash: HASH } });
  return username;
}

const login = (p: TestPlatform, username: string, password: string) => p.http.post('/api/auth/login').send({ username, password });

/** The portal's sign-in form, posted as a browser would: with its own session and CSRF token. */
async function portalLogin(p: TestPlatform, username: string, password: string) {
  const agent = request.agent(p.app.getHttpServer());
  const page = await agent.get('/login').expect(200);
  return agent
    .post('/login')
    .type('form')
    .send({ username, password, next: '/workspace', _csrf: csrfOf(page.text) });
}

function expectTooMany(res: request.Response): number {
  expect(res.status).toBe(429);
  const seconds = Number(res.headers['retry-after']);
  expect(Number.isInteger(seconds) && seconds >= 1).toBe(true);
  return seconds;
}

describe('sign-in throttling per address', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await platformWith({ PSP_LOGIN_LIMIT_PER_ADDRESS: '6' });
  });
  afterAll(() => p.close());

  it('answers 429 with Retry-After once an address has used its attempts, on the API and the portal alike', async () => {
    const real = await account(p);
    for (let i = 0; i < 6; i++) expect((await login(p, `nobody-${i}-${randomUUID()}`, 'wrong-password')).status).toBe(401);
    const refused = await login(p, real, PASSWORD);
    expectTooMany(refused);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(refused.body.message).toMatch(BILINGUAL);
    // The portal's form draws on the same allowance: the right password does not get through either.
    const portal = await portalLogin(p, real, PASSWORD);
    expectTooMany(portal);
  });
});

describe('sign-in throttling per account', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await platformWith({ PSP_LOGIN_LIMIT_PER_ACCOUNT: '3' });
  });
  afterAll(() => p.close());

  it('refuses further attempts on one account while another account still signs in', async () => {
    const [target, bystander] = [await account(p), await account(p)];
    for (let i = 0; i < 3; i++) expect((await login(p, target, `guess-${i}`)).status).toBe(401);
    expectTooMany(await login(p, target, PASSWORD));
    await login(p, bystander, PASSWORD).expect(200);
  });
});

describe('account lockout', () => {
  let p: TestPlatform;
  let replica: TestPlatform;
  beforeAll(async () => {
    p = await platformWith({ PSP_LOCKOUT_FAILURES: '3', PSP_LOCKOUT_MS: '2000', PSP_LOCKOUT_MAX_MS: '60000' });
    // A second API process on the same database, as a second replica would be.
    replica = await startPlatform({ worker: false });
  });
  afterAll(async () => {
    await replica.close();
    await p.close();
  });

  it('locks an account after repeated wrong passwords, refuses the right one meanwhile on every replica, and audits it', async () => {
    const username = await account(p);
    const user = await p.prisma.user.findUniqueOrThrow({ where: { username } });
    expect((await login(p, username, 'wrong-1')).status).toBe(401);
    expect((await login(replica, username, 'wrong-2')).status).toBe(401);
    const locking = await login(p, username, 'wrong-3');
    expect(expectTooMany(locking)).toBe(2);
    expect(locking.body.message).toMatch(BILINGUAL);

    expectTooMany(await login(p, username, PASSWORD));
    expectTooMany(await login(replica, username, PASSWORD));
    expectTooMany(await portalLogin(replica, username, PASSWORD));
    const audits = await p.prisma.auditEntry.findMany({ where: { entityType: 'User', entityId: user.id, action: 'user.lockedOut' } });
    expect(audits).toHaveLength(1);
    expect(audits[0].data).toMatchObject({ lockouts: 1, lockedForSeconds: 2 });

    // Guessing on after the first lockout locks for twice as long.
    await new Promise((r) => setTimeout(r, 2100));
    expect((await login(p, username, 'wrong-4')).status).toBe(401);
    expect((await login(p, username, 'wrong-5')).status).toBe(401);
    expect(expectTooMany(await login(p, username, 'wrong-6'))).toBe(4);
    expect(await p.prisma.auditEntry.count({ where: { entityId: user.id, action: 'user.lockedOut' } })).toBe(2);

    await new Promise((r) => setTimeout(r, 4100));
    await login(replica, username, PASSWORD).expect(200);
    // Success clears the count: two more wrong passwords do not lock, and the right one still works.
    expect((await login(p, username, 'wrong-7')).status).toBe(401);
    expect((await login(p, username, 'wrong-8')).status).toBe(401);
    await login(p, username, PASSWORD).expect(200);
    expect(await p.prisma.loginLockout.findUnique({ where: { userId: user.id } })).toMatchObject({
      failures: 0,
      lockouts: 0,
      lockedUntil: null,
    });
  });
});

describe('anonymous writes per address', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await platformWith({ PSP_PUBLIC_WRITE_LIMIT_PER_ADDRESS: '5' });
  });
  afterAll(() => p.close());

  it('answers an objection flood from one address with 429 and Retry-After, through the API and the portal', async () => {
    const roundId = randomUUID();
    const objection = { applicationId: randomUUID(), name: '张三', contact: '13800000000', reason: '申报材料与实际情况不符，请予核查。' };
    for (let i = 0; i < 5; i++) {
      const res = await p.http.post(`/api/public/notices/${roundId}/objections`).send(objection);
      expect(res.status).not.toBe(429);
    }
    const api = await p.http.post(`/api/public/notices/${roundId}/objections`).send(objection);
    expectTooMany(api);
    expect(api.body.message).toMatch(BILINGUAL);
    const agent = request.agent(p.app.getHttpServer());
    const page = await agent.get('/login').expect(200);
    expectTooMany(
      await agent
        .post(`/notices/${roundId}/objections`)
        .type('form')
        .send({ ...objection, _csrf: csrfOf(page.text) }),
    );
    // Signing in is counted apart: the flood does not lock anyone out of the portal.
    expect((await login(p, `nobody-${randomUUID()}`, 'x')).status).toBe(401);
  });
});
