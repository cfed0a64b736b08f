process.env.PSP_TEST_CITY = '330500';
import { startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload } from '../support/factories';
import { mailbox, startMailDelivery, testMailDomain } from '../support/mailbox';
import { eventually } from '../support/wait';

/**
 * Issue 17, email: a notification is also an email to its person when they have an address —
 * one per notification, written to the outbox in the transaction that makes the notification,
 * and delivered through SMTP by the worker's delivery loop (here, to the run's Mailpit).
 */
describe('notifications by email', () => {
  let p: TestPlatform;
  let delivery: ReturnType<typeof startMailDelivery>;
  const domain = testMailDomain('notify');

  beforeAll(async () => {
    p = await startPlatform();
    delivery = startMailDelivery(p.prisma, domain);
  });
  afterAll(async () => {
    await delivery?.stop();
    await p?.close();
  });

  it('mails the submission notice to the organization and to the region’s reviewers, once each', async () => {
    const [manager, applicant, reviewer, silentReviewer] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'APPLICANT'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER'),
    ]);
    const applicantMail = `${applicant.username}@${domain}`;
    const reviewerMail = `${reviewer.username}@${domain}`;
    await p.prisma.user.update({ where: { id: applicant.id }, data: { email: applicantMail } });
    await p.prisma.user.update({ where: { id: reviewer.id }, data: { email: reviewerMail } });
    const org = await makeOrganization(p.prisma, applicant.id);
    const now = Date.now();
    const round = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 600000).toISOString() });
    const roundId: string = (await p.http.post('/api/rounds').set(auth(manager)).send(round).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    const body = applicationPayload(roundId, org.id, '100000.00');
    const id: string = (await p.http.post('/api/applications').set(auth(applicant)).send(body).expect(201)).body.id;
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'round OPEN',
      },
    );
    await p.http.post(`/api/applications/${id}/submit`).set(auth(applicant)).expect(200);

    const notice = await eventually(
      () =>
        p.prisma.notification
          .findFirst({ where: { userId: applicant.id, kind: 'application.submitted', applicationId: id } })
          .then((n) => n ?? undefined),
      { label: 'the applicant’s notification' },
    );
    const mail = await mailbox().waitForMessage(applicantMail, { subject: /申报已受理/, timeoutMs: 30000 });
    expect(mail.subject).toBe(notice.title);
    expect(mail.text).toContain(notice.body);
    expect(mail.text).toContain('/inbox');
    // The row it was sent from is the notification's own, and it was sent once.
    const rows = await p.prisma.outboxMessage.findMany({ where: { entityType: 'Notification', entityId: notice.id } });
    expect(rows).toHaveLength(1);
    expect(mail.outboxId).toBe(rows[0].id);
    await eventually(
      async () => ((await p.prisma.outboxMessage.findUniqueOrThrow({ where: { id: rows[0].id } })).sentAt ? true : undefined),
      {
        label: 'marked sent',
      },
    );
    // The reviewer of the region with an address is mailed too; one without an address is not.
    const forReviewer = await mailbox().waitForMessage(reviewerMail, { timeoutMs: 30000 });
    const reviewerNotice = await p.prisma.notification.findFirstOrThrow({ where: { userId: reviewer.id, applicationId: id } });
    expect(forReviewer.subject).toBe(reviewerNotice.title);
    const silentNotice = await p.prisma.notification.findFirstOrThrow({ where: { userId: silentReviewer.id, applicationId: id } });
    expect(await p.prisma.outboxMessage.count({ where: { entityType: 'Notification', entityId: silentNotice.id } })).toBe(0);
    // Nothing arrives twice, however long one waits for the loop.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await mailbox().messagesTo(applicantMail)).filter((m) => /申报已受理/.test(m.subject))).toHaveLength(1);
  });
});
