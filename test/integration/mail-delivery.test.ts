import { randomUUID } from 'node:crypto';
import { OUTBOX_CHANNEL } from '@db/outbox';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { noticedRound, NoticedRound } from '../support/funded-projects';
import { Mailbox, mailbox, startMailDelivery, testMailDomain } from '../support/mailbox';
import { startMailpit, type MailpitServer } from '../support/mailpit';
import { eventually } from '../support/wait';
import type { MailDelivery } from '../../apps/worker/src/mail/mail-delivery.service';

/**
 * Issue 17, first point: the outbox's email rows reach a real SMTP server (Mailpit, the project's
 * own build) through the worker's delivery, each once, and none is lost while the server is down.
 * Each test works on a mail domain of its own, and its delivery loops take only that domain's rows.
 */
describe('email from the outbox through SMTP (issue 17)', () => {
  let p: TestPlatform;
  let r: NoticedRound;
  const running: MailDelivery[] = [];
  const deliver = (...args: Parameters<typeof startMailDelivery>) => {
    const d = startMailDelivery(...args);
    running.push(d);
    return d;
  };
  const saved = process.env.PSP_NOTICE_PERIOD_MS;

  beforeAll(async () => {
    process.env.PSP_NOTICE_PERIOD_MS = '600000';
    p = await startPlatform();
    r = await noticedRound(p, 1);
  }, 180_000);

  afterEach(async () => {
    await Promise.all(running.splice(0).map((d) => d.stop()));
  });

  afterAll(async () => {
    await shutDown(p);
    if (saved === undefined) delete process.env.PSP_NOTICE_PERIOD_MS;
    else process.env.PSP_NOTICE_PERIOD_MS = saved;
  });

  /** n unsent email rows to n addresses of `domain`, written the way the platform's features write them. */
  const outbox = async (domain: string, n: number, channel = OUTBOX_CHANNEL.EMAIL) => {
    const rows = Array.from({ length: n }, (_, i) => ({
      channel,
      recipient: `person${i}@${domain}`,
      kind: 'test.notice',
      subject: `测试通知 ${i} / test notice ${i}`,
      body: `第 ${i} 封。/ Message ${i}.`,
      entityType: 'Test',
      entityId: randomUUID(),
    }));
    await p.prisma.outboxMessage.createMany({ data: rows });
    return rows.map((row) => row.recipient);
  };
  const unsent = (domain: string) => p.prisma.outboxMessage.findMany({ where: { recipient: { endsWith: `@${domain}` }, sentAt: null } });

  it('sends the objection confirmation code by email, and the code from the message confirms the objection', async () => {
    const domain = testMailDomain('objection');
    const contact = `objector@${domain}`;
    deliver(p.prisma, domain);

    const filed = await p.http
      .post(`/api/public/notices/${r.roundId}/objections`)
      .send({ applicationId: r.applicationIds[0], name: '张三', contact, reason: '该项目申报材料与实际情况不符，请核查。' })
      .expect(201);
    const objectionId: string = filed.body.objectionId;

    const message = await mailbox().waitForMessage(contact, { subject: /确认码/ });
    expect(message.subject).toBe('公示异议确认码 / objection confirmation code');
    expect(message.from).toMatch(/<no-reply@psp\.localhost>$/);
    expect(message.text).toContain('请勿直接回复');
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    await p.http.post(`/api/public/objections/${objectionId}/confirm`).send({ code }).expect(200, { objectionId, status: 'FILED' });
    expect((await p.prisma.objection.findUniqueOrThrow({ where: { id: objectionId } })).status).toBe('FILED');

    const row = await p.prisma.outboxMessage.findFirstOrThrow({ where: { entityType: 'Objection', entityId: objectionId } });
    expect(row.sentAt).not.toBeNull();
    expect(row.attempts).toBe(1);
    expect(message.outboxId).toBe(row.id);
    expect(message.messageId).toBe(`outbox-${row.id}@psp.localhost`);
    const audit = await p.prisma.auditEntry.findMany({ where: { entityType: 'OutboxMessage', entityId: row.id } });
    expect(audit).toEqual([expect.objectContaining({ action: 'mail.sent', toState: 'SENT', actorRole: 'SYSTEM' })]);
  });

  it('sends each message once while two delivery loops take from the same outbox at the same time', async () => {
    const domain = testMailDomain('twice');
    const recipients = await outbox(domain, 60);
    // An SMS row of the same domain is not email: neither loop takes it.
    const sms = await p.prisma.outboxMessage.create({
      data: {
        channel: OUTBOX_CHANNEL.SMS,
        recipient: `sms@${domain}`,
        kind: 'test.notice',
        subject: '短信 / SMS',
        body: '-',
        entityType: 'Test',
        entityId: randomUUID(),
      },
    });
    // Small batches, so that the two loops claim in turns throughout.
    const a = deliver(p.prisma, domain, {}, { batchSize: 4 });
    const b = deliver(p.prisma, domain, {}, { batchSize: 4 });

    await eventually(async () => ((await unsent(domain)).filter((m) => m.channel !== 'SMS').length === 0 ? true : undefined), {
      label: 'every email row sent',
      timeoutMs: 60_000,
    });
    const received = await eventually(async () => {
      const got = await mailbox().recipientsAt(domain);
      return got.length >= recipients.length ? got : undefined;
    });
    // Give a duplicate time to arrive before counting.
    await new Promise((done) => setTimeout(done, 500));
    expect((await mailbox().recipientsAt(domain)).sort()).toEqual([...recipients].sort());
    expect(received.length).toBe(60);
    expect(a.loop.sent + b.loop.sent).toBe(60);
    expect(a.loop.sent).toBeGreaterThan(0);
    expect(b.loop.sent).toBeGreaterThan(0);

    const rows = await p.prisma.outboxMessage.findMany({ where: { recipient: { endsWith: `@${domain}` }, channel: OUTBOX_CHANNEL.EMAIL } });
    expect(rows.every((m) => m.attempts === 1 && m.sentAt !== null)).toBe(true);
    const audits = await p.prisma.auditEntry.count({
      where: { entityType: 'OutboxMessage', entityId: { in: rows.map((m) => m.id) }, action: 'mail.sent' },
    });
    expect(audits).toBe(60);
    const smsRow = await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: sms.id } });
    expect(smsRow).toMatchObject({ sentAt: null, attempts: 0 });
  });

  describe('while the SMTP server is down', () => {
    let server: MailpitServer | undefined;
    afterEach(async () => server?.stop());

    it('keeps the messages unsent, counts the attempts and the error, and delivers them once the server is back', async () => {
      server = await startMailpit();
      const { smtpPort } = server;
      const own = new Mailbox(server.url);
      await server.stop();

      const domain = testMailDomain('outage');
      const recipients = await outbox(domain, 3);
      deliver(p.prisma, domain, { SMTP_PORT: String(smtpPort), MAIL_RETRY_BASE_MS: '300', MAIL_RETRY_MAX_MS: '600' });

      const failing = await eventually(
        async () => {
          const rows = await unsent(domain);
          return rows.length === 3 && rows.every((m) => m.attempts >= 2 && m.lastError) ? rows : undefined;
        },
        { label: 'two failed attempts of each message', timeoutMs: 30_000 },
      );
      expect(failing.every((m) => m.sentAt === null)).toBe(true);
      expect(failing[0].lastError).toMatch(/ECONNECTION|ECONNREFUSED/);

      server = await startMailpit({ smtpPort, httpPort: Number(new URL(own.url).port) });
      await eventually(async () => ((await unsent(domain)).length === 0 ? true : undefined), {
        label: 'the messages sent after the server came back',
        timeoutMs: 30_000,
      });
      const received = await own.recipientsAt(domain);
      expect(received.sort()).toEqual([...recipients].sort());
      const rows = await p.prisma.outboxMessage.findMany({ where: { recipient: { endsWith: `@${domain}` } } });
      expect(rows.every((m) => m.sentAt !== null && m.attempts >= 3 && m.lastError === null)).toBe(true);
    });
  });
});
