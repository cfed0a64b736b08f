import fc from 'fast-check';
import { applicationPayload, auth, freshCreditCode, organizationPayload, roundPayload, TestUser } from '../support/factories';
import { eventually } from '../support/wait';
import { moneyString, nastyString } from './arbitraries';
import { fundProjects } from './funding';
import type { TestPlatform } from '../support/app';
import type { FundedProjects } from '../support/funded-projects';

/**
 * The main write endpoints and what a valid body for each looks like. The world they act on is
 * chosen so that even a valid request does its work inside the request: nothing it starts
 * writes to the database later (no near timer, no unpublished round), which lets the suite
 * attribute every row change to the request that caused it.
 */
export interface World {
  f: FundedProjects;
  project: string;
  openRoundId: string;
  draftId: string;
  submittedId: string;
  applicant: TestUser;
  orgId: string;
  /** The project's budget and term, so that valid change requests are really valid. */
  lines: { type: string; description: string; amount: string }[];
  termEndsAt: Date;
}

export async function buildWorld(p: TestPlatform): Promise<World> {
  const f = await fundProjects(p, 1);
  const [project, applicant, orgId] = [f.projectIds[0], f.applicants[0], f.orgIds[0]];
  await p.http.post(`/api/projects/${project}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
  // A round open for an hour: drafts, edits and submissions all land inside its window.
  const now = Date.now();
  const round = await p.http
    .post('/api/rounds')
    .set(auth(f.manager))
    .send(roundPayload({ opensAt: new Date(now + 1000).toISOString(), closesAt: new Date(now + 3600000).toISOString() }))
    .expect(201);
  const openRoundId: string = round.body.id;
  await p.http.post(`/api/rounds/${openRoundId}/publish`).set(auth(f.manager)).expect(200);
  await eventually(
    async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: openRoundId } })).status === 'OPEN' ? true : undefined),
    { label: 'round OPEN' },
  );
  const draft = (
    await p.http
      .post('/api/applications')
      .set(auth(applicant))
      .send(applicationPayload(openRoundId, orgId, '90000.00'))
      .expect(201)
  ).body;
  const submitted = (
    await p.http
      .post('/api/applications')
      .set(auth(applicant))
      .send(applicationPayload(openRoundId, orgId, '80000.00'))
      .expect(201)
  ).body;
  await p.http.post(`/api/applications/${submitted.id}/submit`).set(auth(applicant)).expect(200);
  const app = await p.prisma.application.findUniqueOrThrow({ where: { id: project } });
  return {
    f,
    project,
    openRoundId,
    draftId: draft.id,
    submittedId: submitted.id,
    applicant,
    orgId,
    lines: app.budgetLines as World['lines'],
    termEndsAt: app.termEndsAt!,
  };
}

export interface Target {
  name: string;
  method: 'post' | 'patch';
  path: fc.Arbitrary<string>;
  /** Who sends it; undefined for the public objection form. */
  as?: TestUser;
  valid: fc.Arbitrary<object>;
}

const text = (min: number, max: number) =>
  fc.oneof(
    fc.string({ minLength: min, maxLength: max }),
    fc.constantFrom('社区长者关爱服务项目', '面向社区独居、空巢老人提供上门探访服务。'),
  );
const dateLike = fc.oneof(
  fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('2027-02-30', '2027-13-01', 'tomorrow', '2027-06-30T25:00:00Z', '1970-01-01T00:00:00Z'),
);
// A path parameter: usually the intended entity, sometimes another id, a malformed one or junk.
const idOr = (id: string) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(id) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.constantFrom('not-a-uuid', '0', '../rounds', '%00', 'ℹ️') },
  );
const scores = (keys: string[], max: number) => fc.record(Object.fromEntries(keys.map((k) => [k, fc.integer({ min: -5, max: max + 5 })])));

function budgetLines(total: fc.Arbitrary<string>) {
  return fc.array(
    fc.record({
      type: fc.constantFrom('PERSONNEL', 'ACTIVITY', 'MATERIAL', 'PUBLICITY', 'MANAGEMENT'),
      description: text(1, 200),
      amount: total,
    }),
    { minLength: 1, maxLength: 5 },
  );
}

export function targets(w: World): Target[] {
  const { f, project } = w;
  const enc = encodeURIComponent;
  return [
    {
      name: 'create application',
      method: 'post',
      path: fc.constant('/api/applications'),
      as: w.applicant,
      valid: fc
        .record({ amount: moneyString({ min: 100n, max: 20000000n }), title: text(2, 100) })
        .map(({ amount, title }) => ({ ...applicationPayload(w.openRoundId, w.orgId, formatCents(amount)), title })),
    },
    {
      name: 'edit application',
      method: 'patch',
      path: idOr(w.draftId).map((id) => `/api/applications/${enc(id)}`),
      as: w.applicant,
      valid: fc.record(
        {
          version: fc.integer({ min: 1, max: 4 }),
          title: text(2, 100),
          summary: text(10, 500),
          requestedAmount: moneyString({ max: 20000000n }),
        },
        { requiredKeys: ['version'] },
      ),
    },
    {
      name: 'eligibility decision',
      method: 'post',
      path: idOr(w.submittedId).map((id) => `/api/applications/${enc(id)}/eligibility-decision`),
      as: f.reviewer,
      // Deadlines from the past or years ahead only: a RETURN must not start a timer that fires during the run.
      valid: fc.record(
        {
          decision: fc.constantFrom('PASS', 'RETURN', 'REJECT'),
          reason: text(0, 200),
          revisionDeadline: fc.constantFrom('2020-01-01T00:00:00Z', '2099-01-01T00:00:00Z'),
        },
        { requiredKeys: ['decision'] },
      ),
    },
    {
      name: 'expert scores',
      method: 'post',
      path: idOr(project).map((id) => `/api/assignments/${enc(id)}/scores`),
      as: f.expert,
      valid: fc.record(
        { scores: scores(['need', 'design', 'feasibility', 'budget'], 30), comments: fc.dictionary(fc.string(), fc.string()) },
        { requiredKeys: ['scores'] },
      ),
    },
    {
      name: 'report',
      method: 'post',
      as: w.applicant,
      path: fc
        .tuple(
          idOr(project),
          fc.oneof(fc.integer({ min: 1, max: 4 }).map(String), fc.constantFrom('0', '-1', 'abc', '99999999999999999999', '1.5')),
        )
        .map(([id, seq]) => `/api/projects/${enc(id)}/reports/${enc(seq)}`),
      valid: fc.record({
        indicators: fc.array(fc.record({ name: text(1, 50), unit: text(1, 10), planned: fc.nat(5000), achieved: fc.nat(5000) }), {
          minLength: 1,
          maxLength: 3,
        }),
        spending: fc.array(
          fc.record({
            type: fc.constantFrom('PERSONNEL', 'ACTIVITY', 'MANAGEMENT'),
            budgeted: moneyString({ max: 10000000n }),
            spent: moneyString({ max: 10000000n }),
          }),
          { maxLength: 3 },
        ),
        // Long enough to pass validation, with whatever nastyString puts at its end (a NUL, a lone surrogate…).
        narrative: fc.oneof(
          text(10, 2000),
          fc.tuple(text(10, 40), nastyString()).map(([a, b]) => a + b),
        ),
      }),
    },
    {
      name: 'change request',
      method: 'post',
      path: idOr(project).map((id) => `/api/projects/${enc(id)}/changes`),
      as: w.applicant,
      valid: fc.oneof(
        // Up to 5 % moved between two lines: within the threshold, applied at once (a new agreement version).
        fc.record({ kind: fc.constant('REALLOCATION'), budgetLines: shifted(w.lines), reason: text(2, 200) }),
        fc.record({
          kind: fc.constant('REALLOCATION'),
          budgetLines: budgetLines(moneyString({ min: 100n, max: 10000000n })),
          reason: text(2, 200),
        }),
        fc.record({
          kind: fc.constant('EXTENSION'),
          newEndsAt: fc.integer({ min: 1, max: 200 }).map((d) => new Date(w.termEndsAt.getTime() + d * 86400000).toISOString()),
          reason: text(2, 200),
        }),
        fc.record({ kind: fc.constant('EXTENSION'), newEndsAt: dateLike, reason: text(2, 200) }),
      ),
    },
    {
      name: 'evaluation',
      method: 'post',
      path: idOr(project).map((id) => `/api/projects/${enc(id)}/evaluations`),
      as: f.evaluator,
      valid: fc.record({
        kind: fc.constantFrom('MIDTERM', 'FINAL_THIRD_PARTY', 'GOV_ON_ORG', 'ORG_ON_GOV'),
        scores: scores(['completion', 'quality', 'satisfaction', 'finance'], 40),
        summary: text(2, 500),
      }),
    },
    {
      name: 'objection',
      method: 'post',
      path: idOr(f.roundId).map((id) => `/api/public/notices/${enc(id)}/objections`),
      valid: fc.record({
        applicationId: fc.constant(project),
        name: text(2, 50),
        contact: fc.constantFrom('13800000000', 'a@b.cn'),
        reason: text(10, 1000),
      }),
    },
    {
      name: 'create round',
      method: 'post',
      path: fc.constant('/api/rounds'),
      as: f.manager,
      valid: fc
        .record({
          budgetPool: moneyString({ min: 100n }),
          projectCeiling: moneyString({ min: 100n, max: 100000000n }),
          opensAt: dateLike,
          closesAt: dateLike,
          name: text(2, 100),
        })
        .map((o) => roundPayload(o)),
    },
    {
      name: 'verify organization facts',
      method: 'post',
      path: idOr(w.orgId).map((id) => `/api/organizations/${enc(id)}/verifications`),
      as: f.reviewer,
      valid: fc.record({
        version: fc.integer({ min: 1, max: 50 }),
        result: fc.constantFrom('VERIFIED', 'REJECTED'),
        evidenceRef: text(1, 200),
        reason: text(2, 500),
        creditCode: fc.constant(freshCreditCode()),
        name: text(2, 100),
        legalRepresentative: text(1, 50),
        registeredAt: dateLike,
        registrationAuthority: text(2, 100),
        regionCode: fc.constantFrom('330106', '330102', '110101'),
        rating: fc.constantFrom('3A', '5A'),
        ratingValidUntil: dateLike,
        annualInspection: fc.constantFrom('合格', '不合格'),
      }),
    },
    {
      // A code made with both check characters, or with a wrong GB 11714 one, or one already registered.
      name: 'register organization',
      method: 'post',
      path: fc.constant('/api/organizations'),
      as: w.applicant,
      valid: fc
        .record({
          name: text(2, 100),
          creditCode: fc.oneof(fc.constant(freshCreditCode()), fc.constantFrom('52330100AB1234510', '91350100M000100Y43')),
          certificateRef: fc.option(text(1, 200), { nil: undefined }),
        })
        .map((o) => organizationPayload(o)),
    },
  ];
}

function shifted(lines: World['lines']) {
  return fc.tuple(fc.nat(lines.length - 1), fc.nat(lines.length - 1), fc.integer({ min: 1, max: 5 })).map(([from, to, percent]) => {
    const cents = lines.map((l) => Math.round(Number(l.amount) * 100));
    const moved = Math.floor((cents[from] * percent) / 100);
    cents[from] -= moved;
    cents[to] += moved;
    return lines.map((l, k) => ({ ...l, amount: (cents[k] / 100).toFixed(2) }));
  });
}

function formatCents(s: string): string {
  return Number(s).toFixed(2);
}
