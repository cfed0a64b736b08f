// A city of its own: the notice-period reminder goes to every reviewer of the round's region.
process.env.PSP_TEST_CITY = '331000';

import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { noticedRound } from '../support/funded-projects';
import { fileConfirmed } from '../support/objections';
import { eventually } from '../support/wait';

/**
 * Issue 17, acceptance 2: reminders before deadlines (截止提醒) on the workflows' own durable
 * timers, on the real Temporal dev server and PostgreSQL, with a "day" of a reminder lead
 * compressed to five seconds (a round's leads of 3 and 1 days are 15 s and 5 s). Each reminder
 * arrives once, at its lead before its deadline and before the deadline; none for a step already
 * done or after the deadline. (The report due date's reminder: implementation tests; the
 * rectification deadline's: funding-exceptions.test.ts.)
 */
const DAY_MS = 5_000;
const ENV = { PSP_REMINDER_DAY_MS: String(DAY_MS), PSP_NOTICE_PERIOD_MS: '22000' };
const TEST_MS = 180_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('reminders before deadlines', () => {
  let p: TestPlatform;
  let manager: TestUser;
  let reviewer: TestUser;

  /** Reminders of a kind sent to a person, oldest first. */
  const remindersOf = (userId: string, kind: string) =>
    p.prisma.notification.findMany({
      where: { userId, kind },
      orderBy: { createdAt: 'asc' },
      select: { createdAt: true, title: true, body: true },
    });

  beforeAll(async () => {
    Object.assign(process.env, ENV);
    p = await startPlatform();
    [manager, reviewer] = await Promise.all([makeUser(p, 'PROGRAM_MANAGER'), makeUser(p, 'REVIEWER')]);
  }, TEST_MS);

  afterAll(async () => {
    await shutDown(p);
    for (const k of Object.keys(ENV)) delete process.env[k];
  }, TEST_MS);

  it('refuses reminder leads that are not whole days from 1 to 30, naming the field', async () => {
    for (const reminderLeadDays of [[0], [3, 3], [1.5], 'three', [1, 2, 3, 4, 5, 6]]) {
      const res = await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload({ reminderLeadDays })).expect(400);
      expect(JSON.stringify(res.body)).toContain('reminderLeadDays');
    }
    const made = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(roundPayload({ reminderLeadDays: [7, 2] }))
      .expect(201);
    expect(made.body.reminderLeadDays).toEqual([7, 2]);
    const byDefault = await p.http.post('/api/rounds').set(auth(manager)).send(roundPayload({})).expect(201);
    expect(byDefault.body.reminderLeadDays).toEqual([3, 1]);
  });

  it(
    'reminds organizations with a draft before the window closes and a returned application before its revision deadline, each lead once',
    async () => {
      const people = await Promise.all([
        makeUser(p, 'APPLICANT'),
        makeUser(p, 'APPLICANT'),
        makeUser(p, 'APPLICANT'),
        makeUser(p, 'APPLICANT'),
      ]);
      const [drafter, submitter, returnee, resubmitter] = people;
      const orgs = await Promise.all(people.map((u) => makeOrganization(p.prisma, u.id)));
      const now = Date.now();
      const closesAt = new Date(now + 24_000).toISOString();
      const body = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt, reminderLeadDays: [3, 1] });
      const roundId: string = (await p.http.post('/api/rounds').set(auth(manager)).send(body).expect(201)).body.id;
      await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
      const ids = await Promise.all(
        people.map(
          async (u, k) =>
            (
              await p.http
                .post('/api/applications')
                .set(auth(u))
                .send(applicationPayload(roundId, orgs[k].id, '80000.00'))
                .expect(201)
            ).body.id as string,
        ),
      );
      await eventually(
        async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
        {
          label: 'round OPEN',
        },
      );
      for (const k of [1, 2, 3]) await p.http.post(`/api/applications/${ids[k]}/submit`).set(auth(people[k])).expect(200);

      // Two returned for revision, one of them resubmitted at once; the other lets its deadline pass.
      const revisionDeadline = new Date(Date.now() + 20_000).toISOString();
      for (const k of [2, 3])
        await p.http
          .post(`/api/applications/${ids[k]}/eligibility-decision`)
          .set(auth(reviewer))
          .send({ decision: 'RETURN', reason: '缺少年度财务报表', revisionDeadline })
          .expect(200);
      await p.http.post(`/api/applications/${ids[3]}/submit`).set(auth(resubmitter)).expect(200);

      // Past both deadlines, and a little more: nothing may come after them.
      await eventually(
        async () => ((await p.prisma.application.findUniqueOrThrow({ where: { id: ids[2] } })).stage === 'WITHDRAWN' ? true : undefined),
        {
          label: 'withdrawn at its revision deadline',
          timeoutMs: 60_000,
        },
      );
      await eventually(
        async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'CLOSED' ? true : undefined),
        {
          label: 'round CLOSED',
          timeoutMs: 60_000,
        },
      );
      await pause(2 * DAY_MS);

      const window = await remindersOf(drafter.id, 'round.closingSoon');
      expect(window).toHaveLength(2);
      const close = Date.parse(closesAt);
      expect(window[0].createdAt.getTime()).toBeGreaterThanOrEqual(close - 3 * DAY_MS);
      expect(window[1].createdAt.getTime()).toBeGreaterThanOrEqual(close - DAY_MS);
      expect(window[1].createdAt.getTime()).toBeLessThan(close);
      expect(window[0].body).toContain('尚未提交');
      // Those who submitted are not reminded of the window.
      for (const u of [submitter, returnee, resubmitter]) expect(await remindersOf(u.id, 'round.closingSoon')).toEqual([]);

      const revision = await remindersOf(returnee.id, 'application.revisionDueSoon');
      const due = Date.parse(revisionDeadline);
      expect(revision).toHaveLength(2);
      expect(revision[0].createdAt.getTime()).toBeGreaterThanOrEqual(due - 3 * DAY_MS);
      expect(revision[1].createdAt.getTime()).toBeGreaterThanOrEqual(due - DAY_MS);
      expect(revision[1].createdAt.getTime()).toBeLessThan(due);
      expect(await remindersOf(resubmitter.id, 'application.revisionDueSoon')).toEqual([]);

      // Each reminder's timer firing is in the audit trail, by the system, with whom it reached.
      const audits = await p.prisma.auditEntry.findMany({ where: { entityId: roundId, action: 'round.closingReminded' } });
      expect(audits.map((a) => a.actorRole)).toEqual(['SYSTEM', 'SYSTEM']);
    },
    TEST_MS,
  );

  it(
    'reminds the reviewers before the notice period ends while an objection is open, and not for a round without one',
    async () => {
      const [objected, quiet] = await Promise.all([noticedRound(p, 1), noticedRound(p, 1)]);
      await fileConfirmed(p, objected.roundId, {
        applicationId: objected.applicationIds[0],
        name: '居民王某',
        contact: `wang-${Date.now()}@example.org`,
        reason: '该机构在本社区并无服务场所，请核查。',
      });
      const endsAt = async (roundId: string) =>
        (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).noticeEndsAt!.getTime();
      const ends = await endsAt(objected.roundId);
      await eventually(async () => (Date.now() > Math.max(ends, await endsAt(quiet.roundId)) + 1_000 ? true : undefined), {
        label: 'both notice periods over',
        timeoutMs: 60_000,
        intervalMs: 500,
      });
      for (const r of [objected.reviewer, reviewer]) {
        const sent = (await remindersOf(r.id, 'notice.objectionsOpen')).filter((n) => n.title.includes(objected.roundName));
        expect(sent).toHaveLength(1);
        expect(sent[0].createdAt.getTime()).toBeGreaterThanOrEqual(ends - DAY_MS);
        expect(sent[0].createdAt.getTime()).toBeLessThan(ends);
        expect(sent[0].body).toContain('1 件异议待处理');
        expect((await remindersOf(r.id, 'notice.objectionsOpen')).filter((n) => n.title.includes(quiet.roundName))).toEqual([]);
      }
    },
    TEST_MS,
  );
});
