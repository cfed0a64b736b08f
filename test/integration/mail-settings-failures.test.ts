import { notify } from '../../activities/support';
import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, TestUser } from '../support/factories';
import { mailbox, startMailDelivery, testMailDomain } from '../support/mailbox';
import { csrfOf, portalSignIn } from '../support/portal';
import { freePort } from '../support/processes';
import { eventually } from '../support/wait';

/**
 * Issue 17, email: each person's notification settings (the language of their mail, email per
 * topic, through the portal form and the API), and mail that keeps failing — given up after its
 * attempts, shown to the administrator with recipient, kind, last error and attempts, and sent
 * again by an audited resend — against the real PostgreSQL and Mailpit.
 */
describe('notification settings and failed mail', () => {
  let p: TestPlatform;
  let admin: TestUser;
  let applicant: TestUser;
  const domain = testMailDomain('settings');
  const addressOf = (u: TestUser) => `${u.username}@${domain}`;
  let n = 0;
  const tell = (u: TestUser, kind: string, title: string) =>
    p.prisma.$transaction((tx) => notify(tx, [u.id], { kind, title, body: `${title}。` }, `settings-test/${domain}/${n++}`));
  const rowsTo = (u: TestUser) => p.prisma.outboxMessage.findMany({ where: { recipient: addressOf(u) }, orderBy: { createdAt: 'asc' } });

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [admin, applicant] = await Promise.all([makeUser(p, 'ADMIN'), makeUser(p, 'APPLICANT')]);
    for (const u of [admin, applicant]) await p.prisma.user.update({ where: { id: u.id }, data: { email: addressOf(u) } });
  });
  afterAll(() => p?.close());

  it('keeps a turned-off topic in the inbox only, and mails the rest in the language chosen on the settings page', async () => {
    const agent = await portalSignIn(p, applicant);
    const page = await agent.get('/account/notifications').expect(200);
    expect(page.text).toMatch(/value="tranche\.paid"\s+checked/);
    const everyTopic = [...page.text.matchAll(/data-topic="([^"]+)"/g)].map((m) => m[1]);
    expect(everyTopic.length).toBeGreaterThan(20);
    const saved = await agent
      .post('/account/notifications')
      .type('form')
      .send(
        `_csrf=${csrfOf(page.text)}&language=en&${everyTopic
          .filter((t) => t !== 'tranche.paid')
          .map((t) => `email=${t}`)
          .join('&')}`,
      )
      .expect(303);
    expect(saved.headers.location).toBe('/account/notifications?done=saved');
    const settings = (await p.http.get('/api/notifications/settings').set(auth(applicant)).expect(200)).body;
    expect(settings.language).toBe('en');
    expect(settings.topics.find((t: { topic: string }) => t.topic === 'tranche.paid').email).toBe(false);
    expect(settings.topics.filter((t: { email: boolean }) => !t.email)).toHaveLength(1);
    const trail = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: applicant.id, action: 'notification.mailSettings' } });
    expect(trail.actorId).toBe(applicant.id);
    // A bad language is refused, naming the field.
    const bad = await agent
      .post('/account/notifications')
      .type('form')
      .send({ _csrf: csrfOf(page.text), language: 'fr' });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/语言|language/i);

    await tell(applicant, 'tranche.paid', '资金已拨付：第1期');
    await tell(applicant, 'report.accepted', '报告已通过审核（第1份）');
    expect(await p.prisma.notification.count({ where: { userId: applicant.id } })).toBe(2);
    const rows = await rowsTo(applicant);
    expect(rows.map((r) => r.kind)).toEqual(['notification.report.accepted']);
    expect(rows[0].subject).toMatch(/^Report accepted/);
    expect(rows[0].body).toMatch(/^Dear /);
  });

  it('gives a message up after its attempts, shows it to the administrator, and sends it again on an audited resend', async () => {
    await tell(admin, 'general', '平台通知');
    const [row] = await rowsTo(admin);
    // A server that is not there: two attempts, then given up.
    const nowhere = startMailDelivery(p.prisma, domain, { SMTP_PORT: String(await freePort()) }, { maxAttempts: 2 });
    const failed = await eventually(
      async () => (await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).failedAt ?? undefined,
      { label: 'given up', timeoutMs: 30000 },
    );
    await nowhere.stop();
    expect(failed).toBeInstanceOf(Date);
    expect(await p.prisma.auditEntry.count({ where: { entityId: row.id, action: 'mail.failed' } })).toBe(1);

    const list = (await p.http.get('/api/mail/failed').set(auth(admin)).expect(200)).body;
    const shown = list.items.find((m: { id: string }) => m.id === row.id);
    expect(shown).toMatchObject({ recipient: addressOf(admin), kind: 'notification.general', attempts: 2 });
    expect(shown.lastError).toMatch(/ECONNECTION|ECONNREFUSED/);
    await p.http.get('/api/mail/failed').set(auth(applicant)).expect(403);

    const agent = await portalSignIn(p, admin);
    const workspace = await agent.get('/workspace').expect(200);
    expect(workspace.text).toContain('href="/admin/mail"');
    const page = await agent.get('/admin/mail').expect(200);
    expect(page.text).toContain(`data-message="${row.id}"`);
    expect(page.text).toContain(addressOf(admin));
    const noReason = await agent
      .post(`/admin/mail/${row.id}/resend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), reason: '' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toMatch(/理由|Reason/);
    expect((await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).failedAt).not.toBeNull();
    await agent
      .post(`/admin/mail/${row.id}/resend`)
      .type('form')
      .send({ _csrf: csrfOf(page.text), reason: '邮件服务器已恢复' })
      .expect(303)
      .expect('location', '/admin/mail?done=resent');
    const resend = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: row.id, action: 'mail.resend' } });
    expect(resend).toMatchObject({ actorId: admin.id, actorRole: 'ADMIN', reason: '邮件服务器已恢复' });
    expect(await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ failedAt: null, attempts: 0 });
    // Only a failed message can be sent again.
    await p.http.post(`/api/mail/${row.id}/resend`).set(auth(admin)).send({ reason: '再来一次' }).expect(409);

    const delivery = startMailDelivery(p.prisma, domain);
    try {
      const mail = await mailbox().waitForMessage(addressOf(admin), { timeoutMs: 30000 });
      expect(mail.outboxId).toBe(row.id);
    } finally {
      await delivery.stop();
    }
    expect((await mailbox().messagesTo(addressOf(admin))).filter((m) => m.outboxId === row.id)).toHaveLength(1);
  });
});
