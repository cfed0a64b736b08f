import * as bcrypt from 'bcryptjs';
import request from 'supertest';
import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, TestUser } from '../support/factories';

/**
 * Issue 15, finding 4 and the password half of finding 3: sessions end on the server (logout on
 * the API and the portal, an admin's deactivation, a password reset or change), a reset forces a
 * change before anything else, every change is audited; passwords are hashed with scrypt (old
 * bcrypt hashes upgraded at the next sign-in) and must meet the policy.
 */
const PASSWORD = 'Test@12345';
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
type Agent = ReturnType<typeof request.agent>;

describe('sessions and passwords', () => {
  let p: TestPlatform;
  let admin: TestUser;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    admin = await makeUser(p, 'ADMIN');
  });
  afterAll(() => p.close());

  const login = (username: string, password: string) => p.http.post('/api/auth/login').send({ username, password });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const trail = (entityId: string, action: string) => p.prisma.auditEntry.findMany({ where: { entityType: 'User', entityId, action } });

  async function portalSignIn(username: string, password: string): Promise<{ agent: Agent; location: string; cookie?: string }> {
    const agent = request.agent(p.app.getHttpServer());
    const page = await agent.get('/login').expect(200);
    const res = await agent
      .post('/login')
      .type('form')
      .send({ username, password, next: '/workspace', _csrf: csrfOf(page.text) })
      .expect(303);
    const setCookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const cookie = setCookie.find((c) => c.startsWith('psp_session='))?.split(';')[0];
    return { agent, location: String(res.headers.location), cookie };
  }

  it('ends the API session at logout: the same token is refused afterwards', async () => {
    const user = await makeUser(p, 'REVIEWER');
    await p.http.get('/api/auth/me').set(auth(user)).expect(200);
    await p.http.post('/api/auth/logout').set(auth(user)).expect(204);
    const again = await p.http.get('/api/auth/me').set(auth(user)).expect(401);
    expect(again.body.code).toBe('UNAUTHENTICATED');
    const sid = (JSON.parse(Buffer.from(user.token.split('.')[1], 'base64url').toString()) as { sid: string }).sid;
    expect(await p.prisma.session.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({
      endedReason: 'logout',
      endedAt: expect.any(Date),
    });
    expect(await trail(user.id, 'user.loggedOut')).toHaveLength(1);
  });

  it('ends the portal session at sign-out: a copy of the cookie sends its holder to the login page', async () => {
    const user = await makeUser(p, 'APPLICANT');
    const { agent, cookie } = await portalSignIn(user.username, PASSWORD);
    const workspace = await agent.get('/workspace').expect(200);
    expect(cookie).toBeTruthy();
    await agent
      .post('/logout')
      .type('form')
      .send({ _csrf: csrfOf(workspace.text) })
      .expect(303)
      .expect('Location', '/');
    // The stolen copy, replayed by someone else after the owner signed out.
    const replay = await request(p.app.getHttpServer()).get('/workspace').set('Cookie', cookie!).redirects(0);
    expect(replay.status).toBe(303);
    expect(replay.headers.location).toMatch(/^\/login/);
  });

  it('lets an admin deactivate an account, ending all its sessions at once, and reactivate it', async () => {
    const user = await makeUser(p, 'FINANCE');
    const second = (await login(user.username, PASSWORD).expect(200)).body.accessToken as string;
    const { agent } = await portalSignIn(user.username, PASSWORD);
    await agent.get('/workspace').expect(200);

    const bad = await p.http.post(`/api/users/${user.id}/deactivate`).set(auth(admin)).send({}).expect(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: 'reason', rule: 'minLength' }));
    const res = await p.http.post(`/api/users/${user.id}/deactivate`).set(auth(admin)).send({ reason: '调离岗位' }).expect(200);
    expect(res.body).toMatchObject({ id: user.id, active: false });

    await p.http.get('/api/auth/me').set(auth(user)).expect(401);
    await p.http.get('/api/auth/me').set(bearer(second)).expect(401);
    expect((await agent.get('/workspace').redirects(0)).status).toBe(303);
    await login(user.username, PASSWORD).expect(401);
    expect(await p.prisma.session.count({ where: { userId: user.id, endedAt: null } })).toBe(0);
    expect(await trail(user.id, 'user.deactivated')).toEqual([
      expect.objectContaining({ actorId: admin.id, actorRole: 'ADMIN', reason: '调离岗位', data: { sessionsEnded: 3 } }),
    ]);

    await p.http.post(`/api/users/${user.id}/reactivate`).set(auth(admin)).send({ reason: '返岗' }).expect(200);
    const back = (await login(user.username, PASSWORD).expect(200)).body.accessToken as string;
    await p.http.get('/api/auth/me').set(bearer(back)).expect(200);
    // The sessions ended by the deactivation stay ended.
    await p.http.get('/api/auth/me').set(bearer(second)).expect(401);
    expect(await trail(user.id, 'user.reactivated')).toHaveLength(1);
    // An admin cannot lock themselves out.
    await p.http.post(`/api/users/${admin.id}/deactivate`).set(auth(admin)).send({ reason: '测试' }).expect(409);
  });

  it('a password reset ends the sessions and lets the user do nothing but change it at the next sign-in', async () => {
    const user = await makeUser(p, 'REVIEWER');
    const weak = await p.http
      .post(`/api/users/${user.id}/password-reset`)
      .set(auth(admin))
      .send({ temporaryPassword: 'Ab#4567', reason: '忘记密码' })
      .expect(400);
    expect(weak.body.errors).toEqual([expect.objectContaining({ field: 'temporaryPassword', rule: 'minLength' })]);
    await p.http.get('/api/auth/me').set(auth(user)).expect(200);
    await p.http
      .post(`/api/users/${user.id}/password-reset`)
      .set(auth(admin))
      .send({ temporaryPassword: 'Temp-Reset-7731', reason: '忘记密码' })
      .expect(200);
    await p.http.get('/api/auth/me').set(auth(user)).expect(401);
    await login(user.username, PASSWORD).expect(401);

    const signedIn = await login(user.username, 'Temp-Reset-7731').expect(200);
    expect(signedIn.body.mustChangePassword).toBe(true);
    const token = signedIn.body.accessToken as string;
    const refused = await p.http.get('/api/applications').set(bearer(token)).expect(403);
    expect(refused.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(refused.body.message).toMatch(/请先修改密码 \/ .*change it/);
    await p.http.get('/api/auth/me').set(bearer(token)).expect(200);

    // The portal sends the person to the change-password page first, and back to every page until done.
    const { agent, location } = await portalSignIn(user.username, 'Temp-Reset-7731');
    expect(location).toBe('/account/password?next=%2Fworkspace');
    expect((await agent.get('/workspace').redirects(0)).headers.location).toBe('/account/password?next=%2Fworkspace');

    await p.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ currentPassword: 'Temp-Reset-7731', newPassword: 'Own-Choice-Lantern-58' })
      .expect(204);
    await p.http.get('/api/applications').set(bearer(token)).expect(200);
    // The portal session was another session of the account: the change ended it.
    expect((await agent.get('/workspace').redirects(0)).headers.location).toMatch(/^\/login/);
    expect(await trail(user.id, 'user.passwordReset')).toEqual([expect.objectContaining({ actorId: admin.id, reason: '忘记密码' })]);
    expect(await trail(user.id, 'user.passwordChanged')).toEqual([
      expect.objectContaining({ actorId: user.id, data: expect.objectContaining({ afterReset: true }) }),
    ]);
  });

  it('lets every user change their own password: the old one fails, the new one works, other sessions end', async () => {
    const user = await makeUser(p, 'EXPERT');
    const other = (await login(user.username, PASSWORD).expect(200)).body.accessToken as string;
    const wrong = await p.http
      .post('/api/auth/password')
      .set(auth(user))
      .send({ currentPassword: 'not-it-at-all', newPassword: 'River-Stone-Kettle-9' })
      .expect(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword', rule: 'matches' })]);
    await p.http
      .post('/api/auth/password')
      .set(auth(user))
      .send({ currentPassword: PASSWORD, newPassword: 'River-Stone-Kettle-9' })
      .expect(204);
    await login(user.username, PASSWORD).expect(401);
    await login(user.username, 'River-Stone-Kettle-9').expect(200);
    await p.http.get('/api/auth/me').set(auth(user)).expect(200);
    await p.http.get('/api/auth/me').set(bearer(other)).expect(401);
  });

  it('changes a password on the portal too, with field errors in the page language', async () => {
    const user = await makeUser(p, 'APPLICANT');
    const { agent } = await portalSignIn(user.username, PASSWORD);
    const page = await agent.get('/account/password').expect(200);
    const weak = await agent
      .post('/account/password')
      .type('form')
      .send({ currentPassword: PASSWORD, newPassword: '1234567890', _csrf: csrfOf(page.text) })
      .expect(400);
    expect(weak.text).toContain('新密码过于常见');
    await agent
      .post('/account/password')
      .type('form')
      .send({ currentPassword: PASSWORD, newPassword: 'Portal-Changed-Orchid-3', next: '/workspace', _csrf: csrfOf(page.text) })
      .expect(303)
      .expect('Location', '/workspace');
    await agent.get('/workspace').expect(200);
    await login(user.username, 'Portal-Changed-Orchid-3').expect(200);
  });

  it('refuses passwords that are short, common or contain the user name, naming the field and the rule', async () => {
    const user = await makeUser(p, 'EVALUATOR');
    const cases = [
      ['Ab#4567', 'minLength'],
      ['qwertyuiop', 'notCommon'],
      [`${user.username}-2026`, 'notUsername'],
    ];
    for (const [newPassword, rule] of cases) {
      const res = await p.http.post('/api/auth/password').set(auth(user)).send({ currentPassword: PASSWORD, newPassword }).expect(400);
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ field: 'newPassword', rule, message: expect.stringMatching(/^newPassword: .+ \/ .+/) }),
      );
    }
    const created = await p.http
      .post('/api/users')
      .set(auth(admin))
      .send({ username: 'policy-check-user', password: 'password123', displayName: '策略检查', role: 'APPLICANT' })
      .expect(400);
    expect(created.body.errors).toEqual([expect.objectContaining({ field: 'password', rule: 'notCommon' })]);
    expect(await p.prisma.user.count({ where: { username: 'policy-check-user' } })).toBe(0);
    await login(user.username, PASSWORD).expect(200);
  });

  it('stores scrypt hashes and upgrades an old bcrypt hash at the next successful sign-in', async () => {
    const user = await makeUser(p, 'APPLICANT');
    expect((await p.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toMatch(/^scrypt\$/);
    const legacy = bcrypt.hashSync(PASSWORD, 10);
    await p.prisma.user.update({ where: { id: user.id }, data: { passwordHash: legacy } });
    await login(user.username, 'wrong-password-1').expect(401);
    expect((await p.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash).toBe(legacy);
    await login(user.username, PASSWORD).expect(200);
    const upgraded = (await p.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(upgraded).toMatch(/^scrypt\$16384\$8\$5\$/);
    await login(user.username, PASSWORD).expect(200);
  });

  it('answers an unknown user name as slowly as a wrong password, and alike', async () => {
    const user = await makeUser(p, 'APPLICANT');
    const time = async (username: string) => {
      const t = process.hrtime.bigint();
      const res = await login(username, 'wrong-password-2').expect(401);
      return { ms: Number(process.hrtime.bigint() - t) / 1e6, message: res.body.message as string };
    };
    await time('no-such-user-warmup');
    const known = [await time(user.username), await time(user.username), await time(user.username)];
    const unknown = [await time('no-such-user-1'), await time('no-such-user-2'), await time('no-such-user-3')];
    expect(new Set([...known, ...unknown].map((r) => r.message)).size).toBe(1);
    const median = (xs: { ms: number }[]) => xs.map((x) => x.ms).sort((a, b) => a - b)[1];
    // Both run a full scrypt: an unknown name is not answered in a fraction of the time.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });
});
