import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeOrganization, makeUser, TestUser } from '../support/factories';

/**
 * The JSON API's half of the administrator desk and the inbox: accounts found by name, role,
 * region and state; an account's role and region changed with a reason (audited), never the
 * admin's own and never away from applicant while it acts for an organization; every unread
 * notification of the caller marked read at once, and no one else's.
 */
describe('accounts: search and role change; notifications: mark all read', () => {
  let p: TestPlatform;
  let admin: TestUser;
  let applicant: TestUser;
  let member: TestUser;
  let other: TestUser;

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [admin, applicant, member, other] = await Promise.all([
      makeUser(p, 'ADMIN'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'APPLICANT'),
    ]);
    await makeOrganization(p.prisma, member.id);
  });
  afterAll(() => p.close());

  it('changes a role and region with the reason in the audit trail, and the new role holds at the next request', async () => {
    await p.http.get('/api/users').set(auth(applicant)).expect(403);
    await p.http.post(`/api/users/${applicant.id}/role`).set(auth(applicant)).send({ role: 'ADMIN', reason: '自己提权' }).expect(403);
    const missing = await p.http.post(`/api/users/${applicant.id}/role`).set(auth(admin)).send({ role: 'REVIEWER' }).expect(400);
    expect([...new Set(missing.body.errors.map((e: { field: string }) => e.field))]).toEqual(['reason']);
    const badRegion = await p.http
      .post(`/api/users/${applicant.id}/role`)
      .set(auth(admin))
      .send({ role: 'REVIEWER', regionCode: '12345', reason: '调岗' })
      .expect(400);
    expect(badRegion.body.errors[0]).toMatchObject({ field: 'regionCode', rule: 'isRegionCode' });

    const changed = await p.http
      .post(`/api/users/${applicant.id}/role`)
      .set(auth(admin))
      .send({ role: 'REVIEWER', regionCode: '330106', reason: '调任审核岗位' })
      .expect(200);
    expect(changed.body).toMatchObject({ id: applicant.id, role: 'REVIEWER', regionCode: '330106' });
    const entry = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: applicant.id, action: 'user.roleChanged' } });
    expect(entry).toMatchObject({ actorId: admin.id, fromState: 'APPLICANT', toState: 'REVIEWER', reason: '调任审核岗位' });
    expect(entry.data).toEqual({ regionBefore: null, regionAfter: '330106' });
    // The same token, the new role: the guard reads the account at every request.
    const me = await p.http.get('/api/auth/me').set(auth(applicant)).expect(200);
    expect(me.body.role).toBe('REVIEWER');
  });

  it("refuses the admin's own role and an organization member's move away from applicant (409), changing nothing", async () => {
    const own = await p.http.post(`/api/users/${admin.id}/role`).set(auth(admin)).send({ role: 'APPLICANT', reason: '测试' }).expect(409);
    expect(own.body.message).toContain('不能修改自己的角色');
    const kept = await p.http.post(`/api/users/${member.id}/role`).set(auth(admin)).send({ role: 'EXPERT', reason: '测试' }).expect(409);
    expect(kept.body.message).toContain('社会组织成员');
    expect((await p.prisma.user.findUniqueOrThrow({ where: { id: member.id } })).role).toBe('APPLICANT');
    await p.http
      .post(`/api/users/00000000-0000-4000-8000-000000000000/role`)
      .set(auth(admin))
      .send({ role: 'EXPERT', reason: '测试' })
      .expect(404);
  });

  it('finds accounts by name or user name, role, region prefix and state', async () => {
    const byName = await p.http.get('/api/users').query({ q: member.username.toUpperCase(), pageSize: 100 }).set(auth(admin)).expect(200);
    expect(byName.body.items.map((u: { id: string }) => u.id)).toEqual([member.id]);
    const byRegion = await p.http
      .get('/api/users')
      .query({ role: 'REVIEWER', regionCode: '3301', pageSize: 100 })
      .set(auth(admin))
      .expect(200);
    expect(byRegion.body.items.map((u: { id: string }) => u.id)).toContain(applicant.id);
    expect(
      byRegion.body.items.every((u: { role: string; regionCode: string }) => u.role === 'REVIEWER' && u.regionCode.startsWith('3301')),
    ).toBe(true);
    await p.prisma.user.update({ where: { id: other.id }, data: { active: false } });
    const inactive = await p.http.get('/api/users').query({ active: 'false', q: other.username }).set(auth(admin)).expect(200);
    expect(inactive.body).toMatchObject({ total: 1, items: [{ id: other.id, active: false }] });
    await p.prisma.user.update({ where: { id: other.id }, data: { active: true } });
    const bad = await p.http.get('/api/users').query({ regionCode: '3x', role: 'KING' }).set(auth(admin)).expect(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['regionCode', 'role']);
  });

  it("marks every unread notification of the caller read, audited, and leaves everyone else's", async () => {
    const note = (userId: string, n: number) => ({
      userId,
      kind: 'test',
      title: `通知${n}`,
      body: '正文',
      idempotencyKey: `api-test/${userId}/${n}`,
    });
    await p.prisma.notification.createMany({ data: [note(member.id, 1), note(member.id, 2), note(other.id, 1)] });
    const inbox = await p.http.get('/api/notifications').set(auth(member)).expect(200);
    expect(inbox.body).toMatchObject({ total: 2, unread: 2 });
    expect(inbox.body.items[0]).not.toHaveProperty('idempotencyKey');
    expect((await p.http.post('/api/notifications/read-all').set(auth(member)).expect(200)).body).toEqual({ marked: 2 });
    expect((await p.http.post('/api/notifications/read-all').set(auth(member)).expect(200)).body).toEqual({ marked: 0 });
    expect(await p.prisma.notification.count({ where: { userId: member.id, readAt: null } })).toBe(0);
    expect(await p.prisma.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1);
    expect(await p.prisma.auditEntry.count({ where: { actorId: member.id, action: 'notification.allRead' } })).toBe(1);
  });
});
