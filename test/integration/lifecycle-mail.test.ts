process.env.PSP_TEST_CITY = '330600';
import { notificationMailTopic } from '@workflows/rules';
import { auth, testCity, TestUser } from '../support/factories';
import { fundedPlatform, FundedProjects, reportBody } from '../support/funded-projects';
import { mailbox, MailMessage, startMailDelivery, testMailDomain } from '../support/mailbox';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * Issue 17, acceptance 1: the notifications of a project's main steps — submission, eligibility,
 * panel, notice, funding, agreement, a tranche paid, a report accepted — arrive in Mailpit through
 * the worker's delivery loop, one email per notification, each in its person's language (one
 * applicant reads English, the other Chinese), and none for a topic a person turned off, while
 * the inbox keeps that notification. Runs in region 330600.
 */
describe('a project’s notifications by email, in each person’s language', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  let delivery: ReturnType<typeof startMailDelivery>;
  const domain = testMailDomain('lifecycle');
  /** When each person got an address: notifications made before it have no email. */
  const mailSince = new Map<string, number>();

  const giveAddress = async (userIds: string[]) => {
    for (const id of userIds) {
      const u = await p.prisma.user.findUniqueOrThrow({ where: { id } });
      await p.prisma.user.update({ where: { id }, data: { email: `${u.username}@${domain}` } });
      mailSince.set(id, Date.now());
    }
  };

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000', PSP_REMINDER_LEAD_MS: '1' }, 2, {
      // Before the first submission: the applicants choose their settings through the API; the
      // region's manager and reviewer (this file's region alone) get addresses too.
      async beforeSubmit(platform, _ids, applicants: TestUser[]) {
        p = platform;
        const staff = await platform.prisma.user.findMany({ where: { regionCode: testCity(), email: null }, select: { id: true } });
        await giveAddress([...applicants.map((a) => a.id), ...staff.map((s) => s.id)]);
        await platform.http
          .put('/api/notifications/settings')
          .set(auth(applicants[0]))
          .send({ language: 'zh-CN', emailOff: ['eligibility.pass'] })
          .expect(200);
        const en = await platform.http
          .put('/api/notifications/settings')
          .set(auth(applicants[1]))
          .send({ language: 'en', emailOff: [] })
          .expect(200);
        expect(en.body.language).toBe('en');
        // A topic that does not exist is refused, naming the field.
        const bad = await platform.http
          .put('/api/notifications/settings')
          .set(auth(applicants[1]))
          .send({ language: 'en', emailOff: ['nope'] });
        expect(bad.status).toBe(400);
        expect(JSON.stringify(bad.body.errors)).toContain('emailOff');
      },
    }));
    delivery = startMailDelivery(p.prisma, domain);
  }, 240000);
  afterAll(async () => {
    await delivery?.stop();
    await close?.();
  });

  it('mails every notification of the main steps once, in the person’s language, and none of a topic turned off', async () => {
    await giveAddress([f.signer.id, f.finance1.id, f.finance2.id]);
    const [zhApplicant, enApplicant] = f.applicants;
    const id = f.projectIds[1];
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    await p.http.post(`/api/projects/${id}/reports/1`).set(auth(enApplicant)).send(reportBody(lines, 20)).expect(200);
    await p.http.post(`/api/projects/${id}/reports/1/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
    await eventually(
      async () =>
        (await p.prisma.notification.count({ where: { userId: enApplicant.id, kind: 'report.accepted' } })) > 0 ? true : undefined,
      { label: 'the report accepted notice' },
    );

    const people = await p.prisma.user.findMany({ where: { email: { endsWith: `@${domain}` } }, include: { mailOptOuts: true } });
    expect(people.length).toBeGreaterThanOrEqual(7);
    const rowsOf = async () => p.prisma.outboxMessage.findMany({ where: { recipient: { endsWith: `@${domain}` } } });
    await eventually(async () => ((await rowsOf()).every((r) => r.sentAt) ? true : undefined), {
      label: 'every email sent',
      timeoutMs: 60000,
    });
    const rows = await rowsOf();
    const box = mailbox();
    let checked = 0;
    for (const person of people) {
      const notices = await p.prisma.notification.findMany({ where: { userId: person.id } });
      const received: MailMessage[] = await box.messagesTo(person.email!);
      const mine = rows.filter((r) => r.recipient === person.email);
      // Nothing in Mailpit but this person's rows, each once.
      expect(received.map((m) => m.outboxId).sort()).toEqual(mine.map((r) => r.id).sort());
      const off = new Set(person.mailOptOuts.map((o) => o.topic));
      for (const n of notices) {
        const forIt = mine.filter((r) => r.entityId === n.id);
        if (off.has(notificationMailTopic(n.kind))) {
          expect(forIt).toEqual([]);
          continue;
        }
        // Made well after the address was given: exactly one email (earlier ones may have none).
        if (n.createdAt.getTime() > mailSince.get(person.id)! + 1000) expect(forIt).toHaveLength(1);
        expect(forIt.length).toBeLessThanOrEqual(1);
        if (forIt.length === 0) continue;
        const mail = received.find((m) => m.outboxId === forIt[0].id)!;
        if (person.language === 'en') {
          expect(mail.subject).toMatch(/^[A-Z][a-z]/);
          expect(mail.text).toMatch(/^Dear /);
        } else {
          expect(mail.subject).toBe(n.title);
          expect(mail.text).toContain(n.body);
        }
        checked++;
      }
    }
    // The applicants heard of each main step; the Chinese reader's eligibility pass is in the inbox, not in the mail.
    const kindsOf = async (u: TestUser) => (await p.prisma.notification.findMany({ where: { userId: u.id } })).map((n) => n.kind);
    expect(await kindsOf(enApplicant)).toEqual(
      expect.arrayContaining(['application.submitted', 'eligibility.pass', 'project.approved', 'tranche.paid', 'report.accepted']),
    );
    expect(await kindsOf(zhApplicant)).toContain('eligibility.pass');
    const zhMail = await box.messagesTo(zhApplicant.username + `@${domain}`);
    expect(zhMail.some((m) => /资格审查通过/.test(m.subject))).toBe(false);
    expect(zhMail.some((m) => /申报已受理/.test(m.subject))).toBe(true);
    const enMail = await box.messagesTo(enApplicant.username + `@${domain}`);
    expect(enMail.map((m) => m.subject)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Eligibility review passed/), expect.stringMatching(/^Tranche paid/)]),
    );
    expect(checked).toBeGreaterThanOrEqual(12);
  }, 180000);
});
