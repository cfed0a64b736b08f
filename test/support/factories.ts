import { hashPassword } from '../../apps/api/src/auth/passwords';
import { recordVerification } from '../../apps/api/src/organizations/verification';
import { makeCreditCode } from '../../workflows/rules';
import type { PrismaClient } from '../../prisma/client';
import type { TestPlatform } from './app';

type Role = 'APPLICANT' | 'REVIEWER' | 'EXPERT' | 'FINANCE' | 'EVALUATOR' | 'PROGRAM_MANAGER' | 'ADMIN';

export const TEST_PASSWORD = 'Test@12345';
const PASSWORD = TEST_PASSWORD;
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// Hashed once per test file (scrypt at full cost); every login still checks it for real.
let hash: Promise<string> | undefined;

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  token: string;
}

/**
 * The city a test file works in (its staff and rounds; its organizations sit in one of its
 * districts): 330100 unless the file sets PSP_TEST_CITY. Files run three at a time on one database,
 * so a file whose data would crowd the others' queues (thousands of objections) takes a city of
 * its own.
 */
export const testCity = (): string => process.env.PSP_TEST_CITY ?? '330100';
const testDistrict = (): string => `${testCity().slice(0, 4)}06`;

export async function makeUser(p: TestPlatform, role: Role, extra: { regionCode?: string | null } = {}): Promise<TestUser> {
  const username = `${role.toLowerCase()}-${unique()}`;
  const regionCode =
    extra.regionCode === undefined ? (['REVIEWER', 'PROGRAM_MANAGER', 'FINANCE'].includes(role) ? testCity() : null) : extra.regionCode;
  const user = await p.prisma.user.create({
    data: { username, displayName: `测试${role}`, role, regionCode, passwordHash: await (hash ??= hashPassword(PASSWORD)) },
  });
  const res = await p.http.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { id: user.id, username, role, token: res.body.accessToken as string };
}

/** A valid social-organization credit code that no other test uses. */
export function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  for (let i = 0; i < 8; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return makeCreditCode(`52330100${body}`);
}

export function organizationPayload(overrides: Record<string, unknown> = {}) {
  return {
    name: `测试社会工作服务中心${unique()}`,
    creditCode: freshCreditCode(),
    regionCode: testDistrict(),
    registeredAt: '2016-05-01',
    rating: '4A',
    contactName: '张三',
    contactPhone: '0571-12345678',
    ...overrides,
  };
}

/**
 * An organization whose registration facts a reviewer of its region has verified, written through
 * the same recordVerification the API's verify route uses; `{ verified: false }` leaves them declared only.
 */
export async function makeOrganization(prisma: PrismaClient, memberId?: string, overrides: Record<string, unknown> = {}) {
  const { verified = true, ...rest } = overrides;
  const { registeredAt, ...data } = organizationPayload(rest) as ReturnType<typeof organizationPayload>;
  const org = await prisma.organization.create({ data: { ...data, registeredAt: new Date(`${registeredAt}T00:00:00Z`) } });
  if (memberId) await prisma.membership.create({ data: { userId: memberId, organizationId: org.id } });
  return verified ? verifyOrganizationFacts(prisma, org) : org;
}

/** A rating assessed now stays valid five years, the common term. */
export function ratingValidUntilFromNow(years = 5): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d.toISOString().slice(0, 10);
}

export async function verifyOrganizationFacts(
  prisma: PrismaClient,
  org: Awaited<ReturnType<PrismaClient['organization']['create']>>,
  facts: { rating?: string | null; ratingValidUntil?: string } = {},
) {
  const regionCode = org.regionCode;
  const reviewer = await prisma.user.create({
    data: {
      username: `facts-reviewer-${unique()}`,
      displayName: '测试核验人',
      role: 'REVIEWER',
      regionCode,
      passwordHash: await (hash ??= hashPassword(PASSWORD)),
    },
  });
  const rating = facts.rating === undefined ? org.rating : facts.rating;
  await prisma.$transaction((tx) =>
    recordVerification(
      tx,
      {
        id: reviewer.id,
        username: reviewer.username,
        displayName: reviewer.displayName,
        role: 'REVIEWER',
        regionCode,
        organizationIds: [],
        sessionId: '',
        mustChangePassword: false,
      },
      org,
      {
        version: org.version,
        result: 'VERIFIED',
        evidenceRef: `证书-${org.creditCode}`,
        reason: '与登记证书一致',
        creditCode: org.creditCode,
        name: org.name,
        legalRepresentative: org.legalRepresentative ?? '张三',
        registeredAt: org.registeredAt.toISOString().slice(0, 10),
        registrationAuthority: org.registrationAuthority ?? '杭州市民政局',
        regionCode,
        rating: (rating ?? undefined) as never,
        ratingValidUntil: rating ? (facts.ratingValidUntil ?? ratingValidUntilFromNow()) : undefined,
        annualInspection: '合格',
      },
    ),
  );
  return prisma.organization.findUniqueOrThrow({ where: { id: org.id } });
}

export function roundPayload(overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    name: `测试公益创投轮次${unique()}`,
    kind: 'VENTURE',
    regionCode: testCity(),
    categories: ['为老', '为小', '助残'],
    budgetPool: '1000000.00',
    projectCeiling: '150000.00',
    opensAt: new Date(now + 1000).toISOString(),
    closesAt: new Date(now + 4000).toISOString(),
    eligibility: { minYearsRegistered: 2, minRating: '3A', excludeDishonest: true },
    rubric: [
      { key: 'need', name: '需求分析', weight: 20 },
      { key: 'design', name: '项目设计', weight: 30 },
      { key: 'feasibility', name: '可行性', weight: 20 },
      { key: 'budget', name: '预算合理性', weight: 30 },
    ],
    tranchePlan: [
      { stage: 'AGREEMENT_SIGNED', percent: 50 },
      { stage: 'MIDTERM_PASSED', percent: 40 },
      { stage: 'CLOSEOUT', percent: 10 },
    ],
    ...overrides,
  };
}

export const auth = (u: TestUser) => ({ Authorization: `Bearer ${u.token}` });

/**
 * A round created and published by `manager` that opens in an hour and closes in two: drafts and
 * attachments may be written, nothing submitted. Answers the creation response.
 */
export async function publishUpcomingRound(p: TestPlatform, manager: TestUser, overrides: Record<string, unknown> = {}) {
  const created = await p.http
    .post('/api/rounds')
    .set(auth(manager))
    .send(
      roundPayload({
        opensAt: new Date(Date.now() + 3_600_000).toISOString(),
        closesAt: new Date(Date.now() + 7_200_000).toISOString(),
        ...overrides,
      }),
    )
    .expect(201);
  await p.http.post(`/api/rounds/${created.body.id}/publish`).set(auth(manager)).expect(200);
  return created;
}

/** Ends a round's workflow when its file is done, whatever state the round is in. */
export async function terminateRound(p: TestPlatform, roundId: string): Promise<void> {
  await p.client.workflow
    .getHandle(`round-${roundId}`)
    .terminate('test finished')
    .catch(() => undefined);
}

export function applicationPayload(
  roundId: string,
  organizationId: string,
  requestedAmount: string,
  overrides: Record<string, unknown> = {},
) {
  // Budget lines that sum to the request with management at 10 %.
  const cents = Math.round(Number(requestedAmount) * 100);
  const management = Math.floor(cents / 10);
  const activity = Math.floor((cents - management) / 2);
  const personnel = cents - management - activity;
  const yuan = (c: number) => (c / 100).toFixed(2);
  return {
    roundId,
    organizationId,
    title: `社区长者关爱服务项目${unique()}`,
    category: '为老',
    summary: '面向社区独居、空巢老人提供上门探访、健康讲座和互助小组服务，建立社区支持网络。',
    beneficiaries: '社区60岁以上独居及空巢老人',
    requestedAmount,
    budgetLines: [
      { type: 'PERSONNEL', description: '社工人员补贴', amount: yuan(personnel) },
      { type: 'ACTIVITY', description: '探访与小组活动', amount: yuan(activity) },
      { type: 'MANAGEMENT', description: '项目管理费', amount: yuan(management) },
    ],
    indicators: [
      { name: '服务人次', unit: '人次', target: 1200 },
      { name: '活动场次', unit: '场', target: 24 },
    ],
    milestones: [
      { title: '需求调研完成', dueOn: '2027-03-31', deliverable: '需求评估报告' },
      { title: '中期评估', dueOn: '2027-06-30', deliverable: '中期报告' },
    ],
    ...overrides,
  };
}
