import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { fileConfirmed } from '../support/objections';
import { listWorkflowIds } from '../support/temporal-cli';
import { eventually } from '../support/wait';

/**
 * Issue 3, acceptance 1–5: a round with 12 applications from different organizations, 6
 * experts (two with declared ties) and a pool that funds about two thirds, carried from
 * submission through eligibility, expert review, ranking, public notice with objections and
 * approval to a signed agreement — on the real Temporal dev server and PostgreSQL.
 */

const REQUESTS = [
  '100000.00',
  '120000.00',
  '80000.00',
  '90000.00',
  '110000.00',
  '100000.00',
  '95000.00',
  '105000.00',
  '85000.00',
  '115000.00',
  '100000.00',
  '100000.00',
];
const POOL = '700000.00';
// Quality of each application as the experts see it; index 11 falls below the pass mark (60).
const QUALITY = [88, 84, 79, 70, 66, 91, 73, 82, 68, 76, 86, 50];
const EXPERT_BIAS = [-4, -2, 0, 2, 4, 6];
const RETURNED_AND_RESUBMITTED = 2;
const RETURNED_AND_WITHDRAWN = 3;
const REJECTED = 4;
const ELIGIBLE = [...Array(12).keys()].filter((k) => k !== RETURNED_AND_WITHDRAWN && k !== REJECTED);

/** Criterion scores for a total, spread over the rubric need 20 / design 30 / feasibility 20 / budget 30. */
function scoresFor(total: number) {
  const need = Math.round(total * 0.2);
  const design = Math.round(total * 0.3);
  const feasibility = Math.round(total * 0.2);
  return { need, design, feasibility, budget: total - need - design - feasibility };
}

/** Independent computation: trimmed mean in cents, HALF_UP. */
function expectedFinal(totals: number[]): string {
  const sorted = [...totals].sort((a, b) => a - b);
  const kept = sorted.length >= 5 ? sorted.slice(1, -1) : sorted;
  const cents = Math.floor((kept.reduce((s, t) => s + t, 0) * 100 * 2 + kept.length) / (2 * kept.length));
  return (cents / 100).toFixed(2);
}

/** Independent computation of the allocation: rank by score (ties: earlier submission), fund in order. */
function expectedAwards(
  entries: { id: string; final: string; requested: string; submittedAt: string }[],
  pool: string,
  excluded: string[] = [],
  caps: Record<string, string> = {},
) {
  const c = (s: string) => Math.round(Number(s) * 100);
  let remaining = c(pool);
  const ranked = entries
    .filter((e) => !excluded.includes(e.id) && c(e.final) >= 6000)
    .sort((a, b) => c(b.final) - c(a.final) || a.submittedAt.localeCompare(b.submittedAt) || (a.id < b.id ? -1 : 1));
  const awards: Record<string, string> = {};
  for (const e of ranked) {
    const want = Math.min(c(e.requested), caps[e.id] ? c(caps[e.id]) : Infinity);
    const got = want <= remaining ? want : remaining * 2 >= want ? remaining : 0;
    remaining -= got;
    awards[e.id] = (got / 100).toFixed(2);
  }
  return { order: ranked.map((e) => e.id), awards, funded: (c(pool) - remaining) / 100 };
}

describe('from online application to signed agreement', () => {
  let p: TestPlatform;
  let manager: TestUser;
  let reviewerA: TestUser;
  let reviewerB: TestUser;
  let outsider: TestUser;
  const applicants: TestUser[] = [];
  const experts: TestUser[] = [];
  const orgIds: string[] = [];
  const appIds: string[] = [];
  let roundId: string;
  let lateAppId: string;
  let cappedId: string;
  const totalsByApp = new Map<string, number[]>();

  const stageOf = async (id: string) => (await p.prisma.application.findUniqueOrThrow({ where: { id } })).stage;
  const waitStage = (id: string, stage: string) =>
    eventually(async () => ((await stageOf(id)) === stage ? true : undefined), { label: `${id} → ${stage}`, timeoutMs: 30000 });
  const roundStatus = async () => (await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status;

  beforeAll(async () => {
    process.env.PSP_NOTICE_PERIOD_MS = '8000';
    p = await startPlatform();
    [manager, reviewerA, reviewerB, outsider] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'REVIEWER'),
      makeUser(p, 'APPLICANT'),
    ]);
    for (let k = 0; k < 13; k++) applicants.push(await makeUser(p, 'APPLICANT'));
    for (let e = 0; e < 6; e++) experts.push(await makeUser(p, 'EXPERT'));
    for (let k = 0; k < 13; k++) {
      const dishonest = k === REJECTED ? { creditStatus: 'DISHONEST', dishonestUntil: new Date('2030-01-01T00:00:00Z') } : {};
      orgIds.push((await makeOrganization(p.prisma, applicants[k].id, dishonest)).id);
    }
  });

  afterAll(async () => {
    await shutDown(p);
    delete process.env.PSP_NOTICE_PERIOD_MS;
  });

  it('takes drafts, edits and submissions while the window is open; refuses a second submission with 409', async () => {
    const now = Date.now();
    const round = await p.http
      .post('/api/rounds')
      .set(auth(manager))
      .send(
        roundPayload({
          budgetPool: POOL,
          projectCeiling: '150000.00',
          expertsPerApplication: 5,
          eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true },
          opensAt: new Date(now + 1000).toISOString(),
          // Thirteen drafts and twelve submissions must fit in the window on a busy two-core machine.
          closesAt: new Date(now + 60000).toISOString(),
        }),
      )
      .expect(201);
    roundId = round.body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);

    for (let k = 0; k < 13; k++) {
      const res = await p.http
        .post('/api/applications')
        .set(auth(applicants[k]))
        .send(applicationPayload(roundId, orgIds[k], k < 12 ? REQUESTS[k] : '50000.00'))
        .expect(201);
      expect(res.body.stage).toBe('DRAFT');
      if (k < 12) appIds.push(res.body.id);
      else lateAppId = res.body.id;
    }
    // Drafts are edited as often as needed, each write carrying the version it read.
    const draft = await p.http
      .patch(`/api/applications/${appIds[0]}`)
      .set(auth(applicants[0]))
      .send({ version: 1, beneficiaries: '社区独居老人及其照护者' })
      .expect(200);
    expect(draft.body.version).toBe(2);
    await p.http.patch(`/api/applications/${appIds[0]}`).set(auth(applicants[0])).send({ version: 1, title: '过期版本的修改' }).expect(409);
    // Another organization's applicant cannot read it.
    await p.http.get(`/api/applications/${appIds[0]}`).set(auth(outsider)).expect(404);
    await p.http.get(`/api/applications/${appIds[0]}`).set(auth(applicants[1])).expect(404);

    await eventually(async () => ((await roundStatus()) === 'OPEN' ? true : undefined), { label: 'round OPEN' });
    for (let k = 0; k < 12; k++) {
      const res = await p.http.post(`/api/applications/${appIds[k]}/submit`).set(auth(applicants[k])).expect(200);
      expect(res.body.stage).toBe('ELIGIBILITY_REVIEW');
    }
    const again = await p.http.post(`/api/applications/${appIds[0]}/submit`).set(auth(applicants[0])).expect(409);
    expect(again.body.currentStage).toBe('ELIGIBILITY_REVIEW');
    await p.http.patch(`/api/applications/${appIds[0]}`).set(auth(applicants[0])).send({ version: 3, title: '提交后修改' }).expect(409);
  });

  it('runs the automatic rules per submission and keeps every result for the reviewer', async () => {
    const checks = await p.http.get(`/api/applications/${appIds[REJECTED]}/eligibility-checks`).set(auth(reviewerA)).expect(200);
    const failed = checks.body.filter((c: { passed: boolean }) => !c.passed).map((c: { rule: string }) => c.rule);
    expect(failed).toEqual(['notDishonest']);
    expect(checks.body.find((c: { rule: string }) => c.rule === 'notDishonest').reason).toContain('失信');
    const ok = await p.http.get(`/api/applications/${appIds[0]}/eligibility-checks`).set(auth(reviewerA)).expect(200);
    expect(ok.body.every((c: { passed: boolean }) => c.passed)).toBe(true);
    const receipt = await p.http.get(`/api/applications/${appIds[0]}/documents`).set(auth(applicants[0])).expect(200);
    expect(receipt.body.map((d: { kind: string }) => d.kind)).toEqual(['ACCEPTANCE_RECEIPT']);
  });

  it('decides eligibility: pass, return (one resubmitted, one withdrawn by the timer), reject', async () => {
    for (const k of ELIGIBLE.filter((x) => x !== RETURNED_AND_RESUBMITTED)) {
      await p.http.post(`/api/applications/${appIds[k]}/eligibility-decision`).set(auth(reviewerA)).send({ decision: 'PASS' }).expect(200);
    }
    const noReason = await p.http
      .post(`/api/applications/${appIds[REJECTED]}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({ decision: 'REJECT' })
      .expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await p.http
      .post(`/api/applications/${appIds[REJECTED]}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({ decision: 'REJECT', reason: '申报单位在失信名单期限内' })
      .expect(200);
    await p.http
      .post(`/api/applications/${appIds[RETURNED_AND_RESUBMITTED]}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({
        decision: 'RETURN',
        reason: '预算明细不完整，请补充活动费测算依据',
        revisionDeadline: new Date(Date.now() + 60000).toISOString(),
      })
      .expect(200);
    await p.http
      .post(`/api/applications/${appIds[RETURNED_AND_WITHDRAWN]}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({ decision: 'RETURN', reason: '缺少登记证书扫描件', revisionDeadline: new Date(Date.now() + 2500).toISOString() })
      .expect(200);
    // The applicant may not decide, and a decided application takes no second decision.
    await p.http
      .post(`/api/applications/${appIds[0]}/eligibility-decision`)
      .set(auth(applicants[0]))
      .send({ decision: 'PASS' })
      .expect(403);
    const twice = await p.http
      .post(`/api/applications/${appIds[0]}/eligibility-decision`)
      .set(auth(reviewerA))
      .send({ decision: 'PASS' })
      .expect(409);
    expect(twice.body.currentStage).toBe('ELIGIBLE');

    const returned = appIds[RETURNED_AND_RESUBMITTED];
    const current = await p.http.get(`/api/applications/${returned}`).set(auth(applicants[RETURNED_AND_RESUBMITTED])).expect(200);
    await p.http
      .patch(`/api/applications/${returned}`)
      .set(auth(applicants[RETURNED_AND_RESUBMITTED]))
      .send({ version: current.body.version, summary: '补充说明：活动费按每场2000元、共24场测算，附测算表。' })
      .expect(200);
    const resubmitted = await p.http
      .post(`/api/applications/${returned}/submit`)
      .set(auth(applicants[RETURNED_AND_RESUBMITTED]))
      .expect(200);
    expect(resubmitted.body).toMatchObject({ stage: 'ELIGIBILITY_REVIEW', submissionCount: 2 });
    await p.http.post(`/api/applications/${returned}/eligibility-decision`).set(auth(reviewerA)).send({ decision: 'PASS' }).expect(200);

    await waitStage(appIds[RETURNED_AND_WITHDRAWN], 'WITHDRAWN');
    const late = await p.http
      .post(`/api/applications/${appIds[RETURNED_AND_WITHDRAWN]}/submit`)
      .set(auth(applicants[RETURNED_AND_WITHDRAWN]))
      .expect(409);
    expect(late.body.currentStage).toBe('WITHDRAWN');
    const trail = await p.prisma.auditEntry.findMany({ where: { entityId: appIds[RETURNED_AND_WITHDRAWN] }, orderBy: { id: 'asc' } });
    expect(trail.at(-1)).toMatchObject({
      action: 'application.withdrawnByTimer',
      fromState: 'RETURNED',
      toState: 'WITHDRAWN',
      actorRole: 'SYSTEM',
    });
    const docs = await p.prisma.document.findMany({ where: { applicationId: { in: [appIds[REJECTED], appIds[RETURNED_AND_WITHDRAWN]] } } });
    expect(docs.map((d) => d.kind).sort()).toEqual(['ACCEPTANCE_RECEIPT', 'ACCEPTANCE_RECEIPT', 'REJECTION_NOTICE', 'RETURN_NOTICE']);
  });

  it('refuses a first submission after the window closed', async () => {
    await eventually(async () => ((await roundStatus()) === 'CLOSED' ? true : undefined), { label: 'round CLOSED', timeoutMs: 90000 });
    const res = await p.http.post(`/api/applications/${lateAppId}/submit`).set(auth(applicants[12])).expect(409);
    expect(res.body.message).toContain('申报已截止');
  });

  it('forms the panel: five experts per application, never one with a declared tie, load spread evenly', async () => {
    await p.http
      .post('/api/experts/me/ties')
      .set(auth(experts[0]))
      .send({ organizationId: orgIds[0], reason: '曾任该组织理事' })
      .expect(201);
    await p.http
      .post('/api/experts/me/ties')
      .set(auth(experts[1]))
      .send({ organizationId: orgIds[1], reason: '亲属在该组织任职' })
      .expect(201);
    const formed = await p.http
      .post(`/api/rounds/${roundId}/panel`)
      .set(auth(manager))
      .send({ expertIds: experts.map((e) => e.id) })
      .expect(200);
    expect(formed.body.status).toBe('EXPERT_REVIEW');

    const rows = await p.prisma.assignment.findMany({ where: { roundId } });
    for (const k of ELIGIBLE) expect(rows.filter((r) => r.applicationId === appIds[k])).toHaveLength(5);
    expect(rows.some((r) => r.applicationId === appIds[0] && r.expertId === experts[0].id)).toBe(false);
    expect(rows.some((r) => r.applicationId === appIds[1] && r.expertId === experts[1].id)).toBe(false);
    const loads = experts.map((e) => rows.filter((r) => r.expertId === e.id).length);
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(1);
    expect(rows.some((r) => r.applicationId === appIds[REJECTED] || r.applicationId === appIds[RETURNED_AND_WITHDRAWN])).toBe(false);
  });

  it('lists the projects in expert review with `temporal workflow list`', async () => {
    const expected = ELIGIBLE.map((k) => `project-${appIds[k]}`).sort();
    const found = await eventually(
      async () => {
        const ids = listWorkflowIds(`RoundId = '${roundId}' AND ProjectStage = 'EXPERT_REVIEW'`);
        return ids.length === expected.length ? ids : undefined;
      },
      { label: 'visibility of ProjectStage', timeoutMs: 30000 },
    );
    expect(found).toEqual(expected);
    expect(listWorkflowIds(`RoundId = '${roundId}' AND ProjectStage = 'WITHDRAWN'`)).toEqual([`project-${appIds[RETURNED_AND_WITHDRAWN]}`]);
  });

  it('lets an expert decline for a conflict, which reassigns the application', async () => {
    const target = appIds[5];
    const assigned = await p.prisma.assignment.findMany({ where: { applicationId: target } });
    const decliner = experts.find((e) => assigned.some((a) => a.expertId === e.id))!;
    const free = experts.find((e) => !assigned.some((a) => a.expertId === e.id))!;
    await p.http.post(`/api/assignments/${target}/decline`).set(auth(decliner)).send({ reason: '本人曾为该项目提供咨询' }).expect(200);
    const after = await p.prisma.assignment.findMany({ where: { applicationId: target } });
    expect(after.find((a) => a.expertId === decliner.id)!.status).toBe('DECLINED');
    expect(after.find((a) => a.expertId === free.id)!.status).toBe('ASSIGNED');
    expect(
      await p.prisma.expertTie.findUnique({ where: { expertId_organizationId: { expertId: decliner.id, organizationId: orgIds[5] } } }),
    ).not.toBeNull();
    await p.http.get(`/api/applications/${target}`).set(auth(decliner)).expect(404);
  });

  it('takes each expert’s scores once, within each criterion’s maximum, and closes the panel only when all are in', async () => {
    const over = await p.http.get('/api/assignments?status=ASSIGNED').set(auth(experts[2])).expect(200);
    const first = over.body.items[0].applicationId;
    const tooHigh = await p.http
      .post(`/api/assignments/${first}/scores`)
      .set(auth(experts[2]))
      .send({ scores: { need: 25, design: 20, feasibility: 10, budget: 10 } })
      .expect(400);
    expect(tooHigh.body.errors[0].field).toBe('scores.need');
    // Only one's own assignments are visible.
    for (const item of over.body.items)
      expect((await p.prisma.assignment.findUniqueOrThrow({ where: { id: item.id } })).expertId).toBe(experts[2].id);

    let last: { expert: TestUser; applicationId: string } | undefined;
    for (const [e, expert] of experts.entries()) {
      const mine = await p.http.get('/api/assignments?status=ASSIGNED&pageSize=100').set(auth(expert)).expect(200);
      for (const item of mine.body.items) {
        if (!last) {
          last = { expert, applicationId: item.applicationId };
          continue;
        }
        const k = appIds.indexOf(item.applicationId);
        const total = QUALITY[k] + EXPERT_BIAS[e];
        await p.http
          .post(`/api/assignments/${item.applicationId}/scores`)
          .set(auth(expert))
          .send({ scores: scoresFor(total), comments: { design: '设计合理' } })
          .expect(200);
        totalsByApp.set(item.applicationId, [...(totalsByApp.get(item.applicationId) ?? []), total]);
      }
    }
    const early = await p.http.post(`/api/rounds/${roundId}/panel/close`).set(auth(manager)).expect(409);
    expect(early.body.message).toContain('1 份评分未提交');

    const k = appIds.indexOf(last!.applicationId);
    const total = QUALITY[k] + EXPERT_BIAS[experts.indexOf(last!.expert)];
    await p.http
      .post(`/api/assignments/${last!.applicationId}/scores`)
      .set(auth(last!.expert))
      .send({ scores: scoresFor(total) })
      .expect(200);
    totalsByApp.set(last!.applicationId, [...(totalsByApp.get(last!.applicationId) ?? []), total]);
    const again = await p.http
      .post(`/api/assignments/${last!.applicationId}/scores`)
      .set(auth(last!.expert))
      .send({ scores: scoresFor(total) })
      .expect(409);
    expect(again.body.message).toContain('评分已提交');

    await p.http.post(`/api/rounds/${roundId}/panel/close`).set(auth(manager)).expect(200);
    const afterClose = await p.http
      .post(`/api/assignments/${last!.applicationId}/scores`)
      .set(auth(last!.expert))
      .send({ scores: scoresFor(total) })
      .expect(409);
    expect(afterClose.body.message).toContain('评分已提交');
    const lateDecline = await p.http
      .post(`/api/assignments/${last!.applicationId}/decline`)
      .set(auth(last!.expert))
      .send({ reason: '评审结束后回避' })
      .expect(409);
    expect(lateDecline.body.message).toContain('评分已提交');
  });

  it('ranks by trimmed mean and funds in order within the pool, as an independent computation says', async () => {
    const ranking = await p.http.get(`/api/rounds/${roundId}/ranking`).set(auth(manager)).expect(200);
    const apps = await p.prisma.application.findMany({ where: { id: { in: ELIGIBLE.map((k) => appIds[k]) } } });
    const entries = apps.map((a) => ({
      id: a.id,
      final: expectedFinal(totalsByApp.get(a.id)!),
      requested: a.requestedAmount.toFixed(2),
      submittedAt: a.firstSubmittedAt!.toISOString(),
    }));
    for (const e of entries) {
      expect(totalsByApp.get(e.id)).toHaveLength(5);
      expect(ranking.body.entries.find((r: { applicationId: string }) => r.applicationId === e.id).finalScore).toBe(e.final);
    }
    const expected = expectedAwards(entries, POOL);
    const ranked = ranking.body.entries.filter((r: { rank: number | null }) => r.rank !== null);
    expect(ranked.map((r: { applicationId: string }) => r.applicationId)).toEqual(expected.order);
    for (const id of expected.order)
      expect(ranking.body.entries.find((r: { applicationId: string }) => r.applicationId === id).award).toBe(expected.awards[id]);
    const fundedTotal = ranking.body.entries.reduce((s: number, r: { award: string }) => s + Math.round(Number(r.award) * 100), 0) / 100;
    expect(fundedTotal).toBeLessThanOrEqual(700000);
    expect(fundedTotal).toBe(expected.funded);
    expect(ranking.body.entries.find((r: { applicationId: string }) => r.applicationId === appIds[11]).rank).toBeNull();
  });

  it('lets the manager lower an award with a reason, which frees pool for the next in rank', async () => {
    const top = await p.prisma.application.findFirstOrThrow({ where: { roundId, rank: 1 } });
    cappedId = top.id;
    const before = await p.prisma.application.findMany({ where: { roundId, finalScore: { not: null } } });
    const noReason = await p.http
      .post(`/api/rounds/${roundId}/awards`)
      .set(auth(manager))
      .send({ applicationId: top.id, amount: '60000.00', reason: '' })
      .expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await p.http
      .post(`/api/rounds/${roundId}/awards`)
      .set(auth(manager))
      .send({ applicationId: top.id, amount: '999999.00', reason: '提高金额' })
      .expect(400);
    await p.http
      .post(`/api/rounds/${roundId}/awards`)
      .set(auth(manager))
      .send({ applicationId: top.id, amount: '60000.00', reason: '部分活动与其他项目重复，核减预算' })
      .expect(200);

    const entries = before.map((a) => ({
      id: a.id,
      final: a.finalScore!.toFixed(2),
      requested: a.requestedAmount.toFixed(2),
      submittedAt: a.firstSubmittedAt!.toISOString(),
    }));
    const expected = expectedAwards(entries, POOL, [], { [top.id]: '60000.00' });
    const after = await p.prisma.application.findMany({ where: { roundId, finalScore: { not: null } } });
    for (const a of after) expect(a.award!.toFixed(2)).toBe(expected.awards[a.id] ?? '0.00');
    expect(after.find((a) => a.id === top.id)!.award!.toFixed(2)).toBe('60000.00');
    const audit = await p.prisma.auditEntry.findFirstOrThrow({ where: { entityId: roundId, action: 'round.awardAdjusted' } });
    expect(audit).toMatchObject({ actorId: manager.id, reason: '部分活动与其他项目重复，核减预算' });
  });

  it('publishes the notice; objections are ruled on by someone other than the original decision-maker; approval waits for both', async () => {
    await p.http.post(`/api/rounds/${roundId}/notice`).set(auth(manager)).expect(200);
    // The list is the ranking the notice published: whole at once, before each project's workflow
    // has heard of the notice, and an objection filed at that moment is taken.
    const funded = await p.prisma.application.count({ where: { roundId, award: { gt: 0 } } });
    const notice = await p.http.get(`/api/public/notices/${roundId}`).expect(200);
    expect(notice.body.entries).toHaveLength(funded);
    expect(notice.body.open).toBe(true);
    const listed: string[] = notice.body.entries.map((e: { applicationId: string }) => e.applicationId);
    expect(listed.length).toBeGreaterThan(1);
    const upheld = {
      body: {
        objectionId: await fileConfirmed(p, roundId, {
          applicationId: listed[0],
          name: '李四',
          contact: '13900000000',
          reason: '该组织在同一社区重复申报同类项目，请核查。',
        }),
      },
    };
    // Each listed project hears of the notice from the round's fan-out, one after another.
    for (const id of listed.slice(0, 2)) {
      await eventually(async () => ((await stageOf(id)) === 'PUBLIC_NOTICE' ? true : undefined), { label: 'PUBLIC_NOTICE' });
    }
    // A decision of a later phase (an evaluator for a project still on notice) is a 409 naming the stage.
    const early = await p.http
      .post(`/api/projects/${listed[1]}/evaluator`)
      .set(auth(manager))
      .send({ evaluatorId: manager.id })
      .expect(409);
    expect(early.body.currentStage).toBe('PUBLIC_NOTICE');

    const during = await p.http.post(`/api/rounds/${roundId}/approve`).set(auth(manager)).expect(409);
    expect(during.body.currentStage).toBe('NOTICE');

    const unlisted = (await p.prisma.application.findFirstOrThrow({ where: { roundId, finalScore: { not: null }, award: 0 } })).id;
    await p.http
      .post(`/api/public/notices/${roundId}/objections`)
      .send({ applicationId: unlisted, name: '王五', contact: '13800000000', reason: '该项目与本社区需求不符，请核查。' })
      .expect(409);
    const dismissed = {
      body: {
        objectionId: await fileConfirmed(p, roundId, {
          applicationId: listed[1],
          name: '赵六',
          contact: 'zhao@example.cn',
          reason: '认为该项目预算偏高，请说明依据。',
        }),
      },
    };
    // Filed but never confirmed: it does not count, in the queue or for approval.
    await p.http
      .post(`/api/public/notices/${roundId}/objections`)
      .send({ applicationId: listed[1], name: '孙八', contact: 'sun@example.cn', reason: '未确认的异议不应计入待处理。' })
      .expect(201);

    const queue = await p.http.get(`/api/objections?status=FILED&roundId=${roundId}`).set(auth(reviewerB)).expect(200);
    expect(queue.body.total).toBe(2);
    const self = await p.http
      .post(`/api/objections/${upheld.body.objectionId}/ruling`)
      .set(auth(reviewerA))
      .send({ decision: 'UPHELD', ruling: '经核查属实' })
      .expect(403);
    expect(self.body.message).toContain('原资格审查决定人');
    await p.http
      .post(`/api/objections/${upheld.body.objectionId}/ruling`)
      .set(auth(reviewerB))
      .send({ decision: 'UPHELD', ruling: '经核查，该组织在同一社区已获同类资助，异议成立。' })
      .expect(200);
    await p.http
      .post(`/api/objections/${dismissed.body.objectionId}/ruling`)
      .set(auth(reviewerB))
      .send({ decision: 'DISMISSED', ruling: '预算经专家评审认定合理，异议不成立。' })
      .expect(200);
    await waitStage(listed[0], 'REMOVED_BY_OBJECTION');

    // The upheld one's place goes to the next in rank.
    const apps = await p.prisma.application.findMany({ where: { roundId, finalScore: { not: null } } });
    const entries = apps.map((a) => ({
      id: a.id,
      final: a.finalScore!.toFixed(2),
      requested: a.requestedAmount.toFixed(2),
      submittedAt: a.firstSubmittedAt!.toISOString(),
    }));
    const expected = expectedAwards(entries, POOL, [listed[0]], { [cappedId]: '60000.00' });
    for (const a of apps) expect(a.award!.toFixed(2)).toBe(a.id === listed[0] ? '0.00' : (expected.awards[a.id] ?? '0.00'));
    const newcomer = expected.order.find((id) => !listed.includes(id) && expected.awards[id] !== '0.00');
    expect(newcomer).toBeDefined();
    const nowListed = (await p.http.get(`/api/public/notices/${roundId}`).expect(200)).body.entries.map(
      (e: { applicationId: string }) => e.applicationId,
    );
    expect(nowListed).toContain(newcomer);
    expect(nowListed).not.toContain(listed[0]);

    await eventually(
      async () => {
        const r = await p.http.post(`/api/rounds/${roundId}/approve`).set(auth(manager));
        return r.status === 200 ? r : undefined;
      },
      { label: 'approval after the notice period', timeoutMs: 30000, intervalMs: 1000 },
    );
    await p.http
      .post(`/api/public/notices/${roundId}/objections`)
      .send({ applicationId: listed[1], name: '钱七', contact: '13700000000', reason: '公示期结束后的异议应被拒绝。' })
      .expect(409);
    expect(await roundStatus()).toBe('FINALIZED');
    const finalFunded = expected.order.filter((id) => expected.awards[id] !== '0.00');
    for (const id of finalFunded) await waitStage(id, 'APPROVED');
    const notFunded = ELIGIBLE.map((k) => appIds[k]).filter((id) => !finalFunded.includes(id) && id !== listed[0]);
    for (const id of notFunded) await waitStage(id, 'NOT_FUNDED');
    const total = finalFunded.reduce((s, id) => s + Math.round(Number(expected.awards[id]) * 100), 0);
    expect(total).toBeLessThanOrEqual(70000000);
  });

  it('renders the agreement with the amount in figures and 大写, and both sides sign it', async () => {
    const funded = await p.prisma.application.findFirstOrThrow({ where: { roundId, stage: 'APPROVED' }, orderBy: { rank: 'asc' } });
    const k = appIds.indexOf(funded.id);
    const docs = await p.http.get(`/api/applications/${funded.id}/documents`).set(auth(applicants[k])).expect(200);
    const agreement = docs.body.find((d: { kind: string }) => d.kind === 'AGREEMENT');
    expect(agreement).toMatchObject({ version: 1 });
    expect(agreement.sha256).toMatch(/^[0-9a-f]{64}$/);
    const html = (await p.http.get(`/api/documents/${agreement.id}`).set(auth(applicants[k])).expect(200)).text;
    const { toChineseCapital } = await import('../../workflows/rules');
    expect(html).toContain(toChineseCapital(funded.award!.toFixed(2)));
    await p.http.get(`/api/documents/${agreement.id}`).set(auth(outsider)).expect(404);
    // Printed on approval, before anyone signs: a signature then names the PDF already issued.
    const printed = await eventually(
      async () => (await p.prisma.documentPdf.findUnique({ where: { documentId: agreement.id } })) ?? undefined,
      {
        label: 'agreement printed ahead',
        // Every funded project of the round is printed, two at a time per worker.
        timeoutMs: 120000,
      },
    );
    expect(await p.prisma.signature.count({ where: { documentId: agreement.id } })).toBe(0);

    await p.http.post(`/api/applications/${funded.id}/agreement/sign`).set(auth(outsider)).expect(404);
    const one = await p.http.post(`/api/applications/${funded.id}/agreement/sign`).set(auth(applicants[k])).expect(200);
    expect(one.body.stage).toBe('APPROVED');
    await p.http.post(`/api/applications/${funded.id}/agreement/sign`).set(auth(applicants[k])).expect(409);
    const both = await p.http.post(`/api/applications/${funded.id}/agreement/sign`).set(auth(reviewerB)).expect(200);
    expect(both.body.stage).toBe('AGREEMENT_SIGNED');
    // A stage query finds running executions only: the application run that handed over to the
    // implementation (continue-as-new) no longer claims AGREEMENT_SIGNED.
    const workflowId = `project-${funded.id}`;
    await eventually(
      async () => (listWorkflowIds(`WorkflowId = '${workflowId}' AND ProjectStage = 'IMPLEMENTATION'`).length === 1 ? true : undefined),
      { label: 'implementation run visible' },
    );
    expect(listWorkflowIds(`WorkflowId = '${workflowId}'`)).toEqual([workflowId, workflowId]);
    expect(listWorkflowIds(`WorkflowId = '${workflowId}' AND ProjectStage = 'AGREEMENT_SIGNED'`)).toEqual([]);
    expect(listWorkflowIds(`WorkflowId = '${workflowId}' AND ExecutionStatus = 'ContinuedAsNew' AND ProjectStage IS NOT NULL`)).toEqual([]);
    const signatures = await p.prisma.signature.findMany({ where: { documentId: agreement.id } });
    expect(signatures.map((s) => s.pdfSha256)).toEqual([printed.pdfSha256, printed.pdfSha256]);
    expect(signatures.map((s) => [s.party, s.userId]).sort()).toEqual(
      [
        ['applicant', applicants[k].id],
        ['bureau', reviewerB.id],
      ].sort(),
    );

    const history = await p.http.get(`/api/applications/${funded.id}/history`).set(auth(applicants[k])).expect(200);
    const stages = history.body.filter((h: { toState: string | null }) => h.toState).map((h: { toState: string }) => h.toState);
    expect(stages).toEqual(
      expect.arrayContaining([
        'DRAFT',
        'ELIGIBILITY_REVIEW',
        'ELIGIBLE',
        'EXPERT_REVIEW',
        'RANKED',
        'PUBLIC_NOTICE',
        'APPROVED',
        'AGREEMENT_SIGNED',
      ]),
    );
    const inbox = await p.http.get('/api/notifications').set(auth(applicants[k])).expect(200);
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['application.submitted', 'eligibility.pass', 'project.approved']),
    );
  });
});
