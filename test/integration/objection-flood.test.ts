import { projectWorkflowId, roundWorkflowId } from '@workflows/messages';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, TestUser } from '../support/factories';
import { noticedRound, NoticedRound, waitStage } from '../support/funded-projects';
import { confirmationCode } from '../support/objections';
import { eventually } from '../support/wait';

/**
 * Issue 15, finding 2: anonymous objections must not stall a round. 1,000 objections are filed
 * on one round through the API and confirmed with the codes the outbox holds, while a reviewer
 * rules on them; limits are raised for the flood, and shown at their edge.
 */
// 1,000 in npm test (ten times the hundred from one client that stalled a round); the run at
// 5,000 is PSP_FLOOD_OBJECTIONS=5000 PSP_FLOOD_NOTICE_MS=540000 (README, Development).
const FLOOD = Number(process.env.PSP_FLOOD_OBJECTIONS ?? 1000);
const UPHELD = Math.min(600, FLOOD / 10);
const SAME_CONTACT = 3;
// The flood, one unconfirmed objection and the same contact's three fill the round's limit exactly.
const ROUND_LIMIT = FLOOD + 1 + SAME_CONTACT;
const CONCURRENCY = 16;
// Long enough for the flood of 1,000 on a busy 2-core machine (one to two and a half minutes at
// 55 to 140 ms an objection, the slowest seen with three test files and other work beside it);
// the test waits for its end.
const NOTICE_MS = Number(process.env.PSP_FLOOD_NOTICE_MS ?? 240_000);

/** Runs `fn` over `items` with at most `limit` calls in flight. */
async function bounded<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

const reason = (i: number) => `第${i}件：该项目与本社区实际需求不符，请核查。`;

describe('a flood of objections on one round (issue 15, finding 2)', () => {
  let p: TestPlatform;
  let r: NoticedRound;
  let ruler: TestUser;
  const saved: Record<string, string | undefined> = {};
  const env = {
    PSP_NOTICE_PERIOD_MS: String(NOTICE_MS),
    PSP_OBJECTION_ROUND_LIMIT: String(ROUND_LIMIT),
    PSP_OBJECTION_CONTACT_LIMIT: String(SAME_CONTACT),
    // A city of its own: its flood of objections must not fill the objection queues of the file
    // running beside it (reviewers of 330100 see their city's objections oldest first).
    PSP_TEST_CITY: '330200',
  };

  beforeAll(async () => {
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    p = await startPlatform();
    r = await noticedRound(p, 3);
    // The reviewer who passed eligibility may not rule; another of the region does.
    ruler = await makeUser(p, 'REVIEWER');
  }, 120_000);

  afterAll(async () => {
    await shutDown(p);
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  });

  const file = (applicationId: string, contact: string, i: number) =>
    p.http.post(`/api/public/notices/${r.roundId}/objections`).send({ applicationId, name: '异议人', contact, reason: reason(i) });
  const rule = (objectionIds: string[], decision: 'UPHELD' | 'DISMISSED', ruling: string) =>
    p.http.post('/api/objections/rulings').set(auth(ruler)).send({ objectionIds, decision, ruling });
  const filed = async (applicationId: string, take: number) =>
    (
      await p.prisma.objection.findMany({
        where: { applicationId, status: 'FILED' },
        take,
        orderBy: { createdAt: 'asc' },
        select: { id: true },
      })
    ).map((o) => o.id);

  it(`takes ${FLOOD} confirmed objections while a reviewer rules, limits per contact and round, and approves once all are ruled on`, async () => {
    const [target, removed, quiet] = r.applicationIds;
    const started = Date.now();

    // ---- the flood, with a reviewer ruling (grouped) on what has been confirmed meanwhile
    let flooding = true;
    const rulingStatuses: number[] = [];
    let ruledDuringFlood = 0;
    const reviewer = (async () => {
      while (flooding) {
        const ids = await filed(target, 200);
        if (ids.length > 0) {
          const res = await rule(ids, 'DISMISSED', '经核查，项目需求调查材料齐全，异议不成立。');
          rulingStatuses.push(res.status);
          if (res.status === 200 && flooding) ruledDuringFlood += ids.length;
        }
        // A person reads the objections before ruling: a ruling a second at most, each on what has
        // gathered meanwhile (each ruling is one decision in the project's history, whatever it covers).
        await new Promise((done) => setTimeout(done, 1000));
      }
    })();
    const statuses = await bounded(Array.from({ length: FLOOD }), CONCURRENCY, async (_, i) => {
      const applicationId = i % 5 === 4 ? removed : target;
      const res = await file(applicationId, `flood-${i}@example.cn`, i);
      if (res.status !== 201) return res.status;
      const id: string = res.body.objectionId;
      const confirmed = await p.http.post(`/api/public/objections/${id}/confirm`).send({ code: await confirmationCode(p, id) });
      return confirmed.status;
    });
    flooding = false;
    await reviewer;
    const floodSeconds = (Date.now() - started) / 1000;
    console.log(`objection flood: ${FLOOD} filed and confirmed in ${floodSeconds.toFixed(1)} s, ${ruledDuringFlood} ruled meanwhile`);
    expect(statuses.filter((s) => s !== 201 && s !== 200)).toEqual([]);
    expect(await p.prisma.objection.count({ where: { roundId: r.roundId } })).toBe(FLOOD);
    // Rulings went on during the flood and none was refused because of it.
    expect(rulingStatuses.filter((s) => s !== 200)).toEqual([]);
    expect(ruledDuringFlood).toBeGreaterThan(0);

    // ---- an unconfirmed objection, and the limits at their edge
    const unconfirmed = await file(target, 'never-confirmed@example.cn', FLOOD).expect(201);
    expect(unconfirmed.body.status).toBe('UNCONFIRMED');
    for (let k = 0; k < SAME_CONTACT; k++) await file(quiet, '139 0000 1111', FLOOD + 1 + k).expect(201);
    const perContact = await file(quiet, '13900001111', FLOOD + 9).expect(429);
    expect(Number(perContact.headers['retry-after'])).toBeGreaterThan(0);
    expect(perContact.body.message).toContain('联系方式');
    const perRound = await file(quiet, 'fresh@example.cn', FLOOD + 10).expect(429);
    expect(Number(perRound.headers['retry-after'])).toBeGreaterThan(0);
    expect(perRound.body.message).toContain('本轮');
    // A wrong code uses up an attempt and is a 400 naming the field.
    const wrong = await p.http.post(`/api/public/objections/${unconfirmed.body.objectionId}/confirm`).send({ code: '000000' });
    const right = await confirmationCode(p, unconfirmed.body.objectionId);
    if (right !== '000000') expect(wrong.status).toBe(400);

    // ---- one reasoned ruling upholds 600 objections against one project: it leaves the list
    const upheldIds = await filed(removed, UPHELD);
    expect(upheldIds).toHaveLength(UPHELD);
    await rule(upheldIds, 'UPHELD', '经核查，该组织在同一社区已获同类资助，异议成立，取消入围。').expect(200);
    await waitStage(p, removed, 'REMOVED_BY_OBJECTION');
    await file(removed, 'late@example.cn', FLOOD + 11).expect(409);

    // ---- after the notice: filing and confirming refused, approval refused while rulings are pending
    const endsAt = (await p.prisma.round.findUniqueOrThrow({ where: { id: r.roundId } })).noticeEndsAt!.getTime();
    expect(Date.now()).toBeLessThan(endsAt); // else NOTICE_MS is too short for this machine
    await new Promise((done) => setTimeout(done, endsAt - Date.now() + 500));
    await file(target, 'after@example.cn', FLOOD + 12).expect(409);
    const lateConfirm = await p.http.post(`/api/public/objections/${unconfirmed.body.objectionId}/confirm`).send({ code: right });
    expect(lateConfirm.status).toBe(409);
    const pending = await p.prisma.objection.count({ where: { roundId: r.roundId, status: 'FILED' } });
    expect(pending).toBeGreaterThan(0);
    const early = await eventually(
      async () => {
        const res = await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager));
        return res.status === 409 && /异议/.test(res.body.message) ? res : undefined;
      },
      { label: 'approval refused for pending objections', timeoutMs: 30000, intervalMs: 500 },
    );
    expect(early.body.message).toContain('异议未处理');

    // ---- the rest ruled in a few grouped rulings; the unconfirmed one does not block approval
    for (const applicationId of [target, removed]) {
      for (let ids = await filed(applicationId, 1000); ids.length > 0; ids = await filed(applicationId, 1000)) {
        await rule(ids, 'DISMISSED', '异议所涉事项已在评审中核实，异议不成立。').expect(200);
      }
    }
    await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager)).expect(200);
    expect((await p.prisma.objection.findUniqueOrThrow({ where: { id: unconfirmed.body.objectionId } })).status).toBe('UNCONFIRMED');
    await waitStage(p, target, 'APPROVED');
    await waitStage(p, quiet, 'APPROVED');
    const ruledCount = await p.prisma.objection.groupBy({ by: ['status'], where: { roundId: r.roundId }, _count: true });
    expect(Object.fromEntries(ruledCount.map((g) => [g.status, g._count]))).toEqual({
      UPHELD: UPHELD,
      DISMISSED: FLOOD - UPHELD,
      UNCONFIRMED: 1 + SAME_CONTACT,
    });
    // Every ruling is audited per objection, with who and why.
    const ids = (await p.prisma.objection.findMany({ where: { roundId: r.roundId }, select: { id: true } })).map((o) => o.id);
    const rulingAudits = await p.prisma.auditEntry.count({
      where: {
        entityType: 'Objection',
        entityId: { in: ids },
        action: { in: ['objection.upheld', 'objection.dismissed'] },
        actorId: ruler.id,
      },
    });
    expect(rulingAudits).toBe(FLOOD);

    // ---- the removed project's workflow ends once its last objection is ruled on
    await eventually(
      async () =>
        (await p.client.workflow.getHandle(projectWorkflowId(removed)).describe()).status.name === 'COMPLETED' ? true : undefined,
      { label: 'removed project completed', timeoutMs: 30000 },
    );

    // ---- no workflow history grew per objection
    for (const id of [roundWorkflowId(r.roundId), ...r.applicationIds.map(projectWorkflowId)]) {
      const history = await p.client.workflow.getHandle(id).fetchHistory();
      expect({ id, events: history.events!.length < 2000 }).toEqual({ id, events: true });
    }
  }, 900_000);
});
