import { notify } from '../../activities/support';
import { startPlatform, shutDown, type TestPlatform } from '../support/app';
import { makeUser } from '../support/factories';
import { Mailbox, testMailDomain } from '../support/mailbox';
import { Managed, spawnWorker } from '../support/processes';
import { SmtpHoldProxy } from '../support/smtp-hold-proxy';
import { eventually } from '../support/wait';
import { newTally, writeTally } from './tally';

/**
 * Issue 17, acceptance 1: a worker killed while an email is being sent causes no duplicate and no
 * loss. The worker's delivery loop sends through a relay that holds back the server's answer to
 * one message's end of data: Mailpit has stored it, the worker has not heard so, and is killed
 * (kill -9) right then. The row stays unsent; a new worker claims it once the lease ends and sends
 * it again with the same Message-ID, which Mailpit (started with --ignore-duplicate-ids, as
 * `npm start` runs it) recognises and drops. Mailpit then holds every message exactly once.
 */
const PEOPLE = 3;
const NOTICES = 5;

describe('a worker killed while an email is being sent', () => {
  let p: TestPlatform;
  let proxy: SmtpHoldProxy;
  const workers: Managed[] = [];
  const tally = newTally();
  const domain = testMailDomain('killmail');

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    proxy = await SmtpHoldProxy.start(Number(process.env.SMTP_PORT));
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await proxy?.stop();
    await shutDown(p);
    writeTally(__filename, tally);
  });

  const worker = async () => {
    const w = await spawnWorker(
      {
        DATABASE_URL: process.env.DATABASE_URL!,
        TEMPORAL_ADDRESS: process.env.TEMPORAL_ADDRESS!,
        TEMPORAL_TASK_QUEUE: p.taskQueue,
        MAIL_DELIVERY: 'on',
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(proxy.port),
        MAIL_ONLY_RECIPIENTS: `%@${domain}`,
        MAIL_POLL_MS: '200',
        MAIL_LEASE_MS: '3000',
      },
      `mail-worker-${workers.length}`,
    );
    workers.push(w);
    return w;
  };

  it('leaves each notification’s email in Mailpit exactly once, none lost', async () => {
    // A region no other file works in (乌鲁木齐市): the fault files run three at a time, and a tranche
    // falling due elsewhere in the test city would notify these finance staff too.
    const people = await Promise.all(Array.from({ length: PEOPLE }, () => makeUser(p, 'FINANCE', { regionCode: '650100' })));
    for (const [k, u] of people.entries())
      await p.prisma.user.update({ where: { id: u.id }, data: { email: `${u.username}@${domain}`, language: k === 0 ? 'en' : 'zh-CN' } });
    for (let n = 0; n < NOTICES; n++)
      await p.prisma.$transaction((tx) =>
        notify(
          tx,
          people.map((u) => u.id),
          { kind: 'tranche.paid', title: `资金已拨付：第${n + 1}期`, body: `支付凭证号 FAULT-${n + 1}` },
          `mail-kill/${domain}/${n}`,
        ),
      );
    const rows = await p.prisma.outboxMessage.findMany({ where: { recipient: { endsWith: `@${domain}` } } });
    expect(rows).toHaveLength(PEOPLE * NOTICES);

    const held = proxy.holdNext();
    const first = await worker();
    const heldId = await held;
    // Mailpit has the message; the worker that sent it dies before it hears so.
    await first.stop('SIGKILL');
    tally.faults++;
    expect((await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: heldId } })).sentAt).toBeNull();

    await worker();
    await eventually(
      async () =>
        (await p.prisma.outboxMessage.count({ where: { id: { in: rows.map((r) => r.id) }, sentAt: null } })) === 0 ? true : undefined,
      { label: 'every row marked sent', timeoutMs: 60000 },
    );
    // The held message went to the server twice, the second time after the lease, under the same Message-ID.
    expect(proxy.passed.get(heldId)).toBe(2);
    const heldRow = await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: heldId } });
    expect(heldRow.attempts).toBe(2);
    expect(await p.prisma.auditEntry.count({ where: { entityId: heldId, action: 'mail.sent' } })).toBe(1);

    // Mailpit holds one message per row, each row's once: nothing twice, nothing missing.
    const mailbox = new Mailbox();
    const received = (await Promise.all(people.map((u) => mailbox.messagesTo(`${u.username}@${domain}`)))).flat();
    const perRow = new Map<string, number>();
    for (const m of received) perRow.set(m.outboxId ?? m.messageId, (perRow.get(m.outboxId ?? m.messageId) ?? 0) + 1);
    expect(received).toHaveLength(rows.length);
    expect([...perRow.keys()].sort()).toEqual(rows.map((r) => r.id).sort());
    expect([...perRow.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(rows.length);
    // The English reader's copies are in English.
    const english = received.filter((m) => m.to.includes(`${people[0].username}@${domain}`));
    expect(english.every((m) => m.subject.startsWith('Tranche paid'))).toBe(true);
    tally.notes!.push(`${rows.length} messages, one sent twice across a kill -9 and kept once by Mailpit`);
  }, 180000);
});
