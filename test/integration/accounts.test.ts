import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';
import { latestMailTo } from '../support/outbox-mail';

/**
 * Issue 16, point 4: staff of a social organization register themselves (verified by email),
 * reset a forgotten password, and invite colleagues with a role in the organization. Mail is read
 * from the outbox rows the API writes.
 */
const NEW_PASSWORD = 'Sunny-Meadow-Teapot-41';
const unique = () => Math.random().toString(36).slice(2, 9);

describe('accounts: registration, password reset, invitations', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startPlatform({ worker: false });
  });
  afterAll(() => p.close());

  const register = (body: Record<string, unknown>) => p.http.post('/api/auth/register').send(body);
  const login = (username: string, password: string) => p.http.post('/api/auth/login').send({ username, password });
  const trail = (entityId: string, action: string) => p.prisma.auditEntry.findMany({ where: { entityId, action } });

  async function registered(): Promise<{ username: string; email: string; token: string }> {
    const username = `reg-${unique()}`;
    const email = `${username}@example.org`;
    const res = await register({ username, displayName: '王芳', email, password: NEW_PASSWORD }).expect(201);
    expect(res.body.status).toBe('PENDING_VERIFICATION');
    const mail = await latestMailTo(p.prisma, email, 'account.emailVerification');
    return { username, email, token: mail!.token! };
  }

  it('registers an inactive applicant, writes a verification mail holding only a hash, and activates it once verified', async () => {
    const { username, email, token } = await registered();
    const mail = await latestMailTo(p.prisma, email, 'account.emailVerification');
    expect(mail!.subject).toMatch(/^请验证您的电子邮箱 \/ Verify/);
    expect(mail!.link).toContain('/register/verify?token=');
    const user = await p.prisma.user.findUniqueOrThrow({ where: { username } });
    expect(user).toMatchObject({ role: 'APPLICANT', active: false, emailVerifiedAt: null, email });
    const stored = await p.prisma.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: 'VERIFY_EMAIL' } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);
    // Not before the address is proved.
    await login(username, NEW_PASSWORD).expect(401);
    const verified = await p.http.post('/api/auth/register/verify').send({ token }).expect(200);
    expect(verified.body).toEqual({ verified: true, username });
    await login(username, NEW_PASSWORD).expect(200);
    expect(await trail(user.id, 'user.registered')).toHaveLength(1);
    expect(await trail(user.id, 'user.emailVerified')).toEqual([expect.objectContaining({ actorId: user.id, toState: 'ACTIVE' })]);
  });

  it('refuses a wrong, a used and an expired verification token with 400 naming the field and the rule', async () => {
    const wrong = await p.http.post('/api/auth/register/verify').send({ token: 'not-a-token' }).expect(400);
    expect(wrong.body.errors).toEqual([
      expect.objectContaining({ field: 'token', rule: 'invalid', message: expect.stringMatching(/无效.*\/ .*not valid/) }),
    ]);
    const { token } = await registered();
    await p.http.post('/api/auth/register/verify').send({ token }).expect(200);
    const used = await p.http.post('/api/auth/register/verify').send({ token }).expect(400);
    expect(used.body.errors[0]).toMatchObject({ field: 'token', rule: 'used' });
    const late = await registered();
    const user = await p.prisma.user.findUniqueOrThrow({ where: { username: late.username } });
    await p.prisma.accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await p.http.post('/api/auth/register/verify').send({ token: late.token }).expect(400);
    expect(expired.body.errors[0]).toMatchObject({ field: 'token', rule: 'expired' });
    expect(await p.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ active: false });
  });

  it('names every problem at once, says a taken user name with 409, and does not reveal a taken address', async () => {
    const bad = await register({ username: 'x', displayName: '', email: 'not-an-address', password: 'short' }).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['displayName', 'email', 'username']);
    const weak = await register({
      username: `weak-${unique()}`,
      displayName: '李',
      email: `w-${unique()}@example.org`,
      password: 'short',
    }).expect(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'password', rule: 'minLength' });

    const first = await registered();
    const taken = await register({
      username: first.username,
      displayName: '另一人',
      email: `o-${unique()}@example.org`,
      password: NEW_PASSWORD,
    }).expect(409);
    expect(taken.body.errors).toEqual([expect.objectContaining({ field: 'username', rule: 'taken' })]);

    // The same address again, under a new name: the same answer as a fresh registration, no account, a mail to the owner.
    const username = `again-${unique()}`;
    const again = await register({ username, displayName: '冒用者', email: first.email.toUpperCase(), password: NEW_PASSWORD }).expect(201);
    const fresh = await register({
      username: `fresh-${unique()}`,
      displayName: '新人',
      email: `f-${unique()}@example.org`,
      password: NEW_PASSWORD,
    }).expect(201);
    expect(again.body).toEqual(fresh.body);
    expect(await p.prisma.user.findUnique({ where: { username } })).toBeNull();
    expect(await latestMailTo(p.prisma, first.email.toUpperCase().toLowerCase(), 'account.emailInUse')).toBeDefined();
  });

  it('resets a forgotten password by email: old sessions end, the lockout clears, the token works once', async () => {
    const user = await makeUser(p, 'APPLICANT');
    const email = `${user.username}@example.org`;
    await p.prisma.user.update({ where: { id: user.id }, data: { email } });
    await p.http.get('/api/auth/me').set(auth(user)).expect(200);
    await p.prisma.loginLockout.create({
      data: { userId: user.id, failures: 0, lockouts: 1, lockedUntil: new Date(Date.now() + 600_000) },
    });
    await login(user.username, TEST_PASSWORD).expect(429);

    const asked = await p.http.post('/api/auth/password/forgot').send({ account: email.toUpperCase() }).expect(202);
    const nobody = await p.http
      .post('/api/auth/password/forgot')
      .send({ account: `nobody-${unique()}` })
      .expect(202);
    expect(asked.body).toEqual(nobody.body);
    const mail = await latestMailTo(p.prisma, email, 'account.passwordReset');
    expect(mail!.subject).toMatch(/^重设密码 \/ Reset/);
    const stored = await p.prisma.accountToken.findFirstOrThrow({ where: { userId: user.id, purpose: 'RESET_PASSWORD' } });
    expect(stored.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(30 * 60_000);

    const weak = await p.http
      .post('/api/auth/password/reset')
      .send({ token: mail!.token, newPassword: user.username + '-long-enough' })
      .expect(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'newPassword', rule: 'notUsername' });
    await p.http.post('/api/auth/password/reset').send({ token: mail!.token, newPassword: NEW_PASSWORD }).expect(204);

    const me = await p.http.get('/api/auth/me').set(auth(user)).expect(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    const ended = await p.prisma.session.findMany({ where: { userId: user.id } });
    expect(ended.every((s) => s.endedReason === 'passwordReset')).toBe(true);
    await login(user.username, TEST_PASSWORD).expect(401);
    await login(user.username, NEW_PASSWORD).expect(200);
    const again = await p.http
      .post('/api/auth/password/reset')
      .send({ token: mail!.token, newPassword: 'Another-Meadow-Kettle-7' })
      .expect(400);
    expect(again.body.errors[0]).toMatchObject({ field: 'token', rule: 'used' });
    expect(await trail(user.id, 'user.passwordResetRequested')).toHaveLength(1);
    expect(await trail(user.id, 'user.passwordResetByEmail')).toEqual([
      expect.objectContaining({ actorId: user.id, data: expect.objectContaining({ lockoutCleared: true }) }),
    ]);
  });

  it('sends no reset to a deactivated account, and lets an unverified registrant reset, which proves the address', async () => {
    const shut = await makeUser(p, 'APPLICANT');
    const shutEmail = `${shut.username}@example.org`;
    await p.prisma.user.update({ where: { id: shut.id }, data: { email: shutEmail, active: false } });
    await p.http.post('/api/auth/password/forgot').send({ account: shut.username }).expect(202);
    expect(await latestMailTo(p.prisma, shutEmail, 'account.passwordReset')).toBeUndefined();

    const pending = await registered();
    await p.http.post('/api/auth/password/forgot').send({ account: pending.email }).expect(202);
    const mail = await latestMailTo(p.prisma, pending.email, 'account.passwordReset');
    await p.http.post('/api/auth/password/reset').send({ token: mail!.token, newPassword: 'Another-Meadow-Kettle-7' }).expect(204);
    await login(pending.username, 'Another-Meadow-Kettle-7').expect(200);
  });

  it('refuses an expired reset token with 400 naming the field', async () => {
    const user = await makeUser(p, 'APPLICANT');
    const email = `${user.username}@example.org`;
    await p.prisma.user.update({ where: { id: user.id }, data: { email } });
    await p.http.post('/api/auth/password/forgot').send({ account: user.username }).expect(202);
    const mail = await latestMailTo(p.prisma, email, 'account.passwordReset');
    await p.prisma.accountToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    const res = await p.http.post('/api/auth/password/reset').send({ token: mail!.token, newPassword: NEW_PASSWORD }).expect(400);
    expect(res.body.errors[0]).toMatchObject({ field: 'token', rule: 'expired' });
  });

  it('lets only an OWNER invite; the invitee accepts signed in and is a member with the role; owners list and revoke', async () => {
    const owner = await makeUser(p, 'APPLICANT');
    const org = await makeOrganization(p.prisma, owner.id);
    const colleague = await makeUser(p, 'APPLICANT');
    const email = `c-${unique()}@example.org`;

    const bad = await p.http
      .post(`/api/organizations/${org.id}/invitations`)
      .set(auth(owner))
      .send({ email: 'x', role: 'BOSS' })
      .expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['email', 'role']);
    const invited = await p.http
      .post(`/api/organizations/${org.id}/invitations`)
      .set(auth(owner))
      .send({ email, role: 'STAFF' })
      .expect(201);
    expect(invited.body).toMatchObject({ email, role: 'STAFF', status: 'PENDING', invitedById: owner.id });
    const mail = await latestMailTo(p.prisma, email, 'organization.invitation');
    expect(mail!.subject).toContain('邀请您加入');
    expect(mail!.link).toContain('/join?token=');

    const lookedUp = await p.http.get('/api/invitations/lookup').query({ token: mail!.token }).expect(200);
    expect(lookedUp.body).toMatchObject({ organizationName: org.name, role: 'STAFF' });
    const accepted = await p.http.post('/api/invitations/accept').set(auth(colleague)).send({ token: mail!.token }).expect(200);
    expect(accepted.body).toEqual({ organizationId: org.id, role: 'STAFF' });
    expect(
      await p.prisma.membership.findUnique({ where: { userId_organizationId: { userId: colleague.id, organizationId: org.id } } }),
    ).toMatchObject({
      role: 'STAFF',
    });
    const reused = await p.http.post('/api/invitations/accept').set(auth(colleague)).send({ token: mail!.token }).expect(400);
    expect(reused.body.errors[0]).toMatchObject({ field: 'token', rule: 'used' });

    // A STAFF member may see the members but may not invite, list invitations or change roles.
    const colleagueNow = { ...colleague, token: (await login(colleague.username, TEST_PASSWORD).expect(200)).body.accessToken as string };
    const members = await p.http.get(`/api/organizations/${org.id}/members`).set(auth(colleagueNow)).expect(200);
    expect(members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [owner.id, 'OWNER'],
      [colleague.id, 'STAFF'],
    ]);
    const refused = await p.http
      .post(`/api/organizations/${org.id}/invitations`)
      .set(auth(colleagueNow))
      .send({ email, role: 'OWNER' })
      .expect(403);
    expect(refused.body.message).toMatch(/负责人.*\/ only an owner/);
    await p.http.get(`/api/organizations/${org.id}/invitations`).set(auth(colleagueNow)).expect(403);
    await p.http
      .patch(`/api/organizations/${org.id}/members/${owner.id}`)
      .set(auth(colleagueNow))
      .send({ role: 'STAFF', reason: '试图降级' })
      .expect(403);
    // Someone of another organization: 404, the organization's existence does not leak.
    const stranger = await makeUser(p, 'APPLICANT');
    await p.http.post(`/api/organizations/${org.id}/invitations`).set(auth(stranger)).send({ email, role: 'STAFF' }).expect(404);

    // Pending invitations, revoked with a reason; a revoked link no longer works.
    const second = await p.http
      .post(`/api/organizations/${org.id}/invitations`)
      .set(auth(owner))
      .send({ email: `d-${unique()}@example.org`, role: 'OWNER' })
      .expect(201);
    const pending = await p.http.get(`/api/organizations/${org.id}/invitations`).set(auth(owner)).expect(200);
    expect(pending.body.map((i: { id: string }) => i.id)).toEqual([second.body.id]);
    const secondMail = await latestMailTo(p.prisma, second.body.email, 'organization.invitation');
    await p.http
      .post(`/api/organizations/${org.id}/invitations/${second.body.id}/revoke`)
      .set(auth(owner))
      .send({ reason: '发错了邮箱' })
      .expect(200);
    expect((await p.http.get(`/api/organizations/${org.id}/invitations`).set(auth(owner)).expect(200)).body).toEqual([]);
    const dead = await p.http.post('/api/invitations/accept').set(auth(stranger)).send({ token: secondMail!.token }).expect(400);
    expect(dead.body.errors[0]).toMatchObject({ field: 'token', rule: 'invalid' });

    // Roles: the last owner cannot step down; promoting the colleague first lets the owner step down.
    await p.http
      .patch(`/api/organizations/${org.id}/members/${owner.id}`)
      .set(auth(owner))
      .send({ role: 'STAFF', reason: '交接' })
      .expect(409);
    await p.http
      .patch(`/api/organizations/${org.id}/members/${colleague.id}`)
      .set(auth(owner))
      .send({ role: 'OWNER', reason: '接任负责人' })
      .expect(200);

    const actions = (
      await p.prisma.auditEntry.findMany({
        where: { OR: [{ entityId: invited.body.id }, { entityId: second.body.id }, { entityId: org.id, entityType: 'Membership' }] },
        orderBy: { id: 'asc' },
      })
    ).map((a) => [a.action, a.actorId, a.reason !== null]);
    expect(actions).toEqual([
      ['organization.colleagueInvited', owner.id, true],
      ['organization.invitationAccepted', colleague.id, true],
      ['organization.colleagueInvited', owner.id, true],
      ['organization.invitationRevoked', owner.id, true],
      ['organization.memberRoleChanged', owner.id, true],
    ]);
  });

  it('registers through an invitation link to the invited address: active at once and a member with the role', async () => {
    const owner = await makeUser(p, 'APPLICANT');
    const org = await makeOrganization(p.prisma, owner.id);
    const email = `n-${unique()}@example.org`;
    await p.http.post(`/api/organizations/${org.id}/invitations`).set(auth(owner)).send({ email, role: 'STAFF' }).expect(201);
    const { token } = (await latestMailTo(p.prisma, email, 'organization.invitation'))!;
    const elsewhere = await register({
      username: `inv-${unique()}`,
      displayName: '赵',
      email: `other-${unique()}@example.org`,
      password: NEW_PASSWORD,
      invitationToken: token,
    }).expect(400);
    expect(elsewhere.body.errors[0]).toMatchObject({ field: 'email', rule: 'invitedAddress' });
    const username = `inv-${unique()}`;
    const res = await register({ username, displayName: '赵敏', email, password: NEW_PASSWORD, invitationToken: token }).expect(201);
    expect(res.body.status).toBe('ACTIVE');
    const signedIn = await login(username, NEW_PASSWORD).expect(200);
    const me = await p.http.get('/api/auth/me').set('Authorization', `Bearer ${signedIn.body.accessToken}`).expect(200);
    expect(me.body.organizationIds).toEqual([org.id]);
    const user = await p.prisma.user.findUniqueOrThrow({ where: { username } });
    expect(
      await p.prisma.membership.findUniqueOrThrow({ where: { userId_organizationId: { userId: user.id, organizationId: org.id } } }),
    ).toMatchObject({ role: 'STAFF' });
    const bogus = await register({
      username: `inv-${unique()}`,
      displayName: '钱',
      email,
      password: NEW_PASSWORD,
      invitationToken: 'bogus',
    }).expect(400);
    expect(bogus.body.errors[0]).toMatchObject({ field: 'invitationToken', rule: 'invalid' });
  });
});
