import * as bcrypt from 'bcryptjs';
import { makeCreditCode } from '../../workflows/rules';
import type { PrismaClient } from '../../prisma/client';
import type { TestPlatform } from './app';

type Role = 'APPLICANT' | 'REVIEWER' | 'EXPERT' | 'FINANCE' | 'EVALUATOR' | 'PROGRAM_MANAGER' | 'ADMIN';

const PASSWORD = 'Test@12345';
let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// Hashing at cost 4 keeps factories fast; the login path still uses bcrypt for real.
const hash = bcrypt.hashSync(PASSWORD, 4);

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  token: string;
}

export async function makeUser(p: TestPlatform, role: Role, extra: { regionCode?: string | null } = {}): Promise<TestUser> {
  const username = `${role.toLowerCase()}-${unique()}`;
  const regionCode =
    extra.regionCode === undefined ? (['REVIEWER', 'PROGRAM_MANAGER', 'FINANCE'].includes(role) ? '330100' : null) : extra.regionCode;
  const user = await p.prisma.user.create({ data: { username, displayName: `测试${role}`, role, regionCode, passwordHash: hash } });
  const res = await p.http.post('/api/auth/login').send({ username, password: PASSWORD }).expect(200);
  return { id: user.id, username, role, token: res.body.accessToken as string };
}

/** A valid social-organization credit code that no other test uses. */
export function freshCreditCode(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  for (let i = 0; i < 9; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return makeCreditCode(`52330100${body}`);
}

export function organizationPayload(overrides: Record<string, unknown> = {}) {
  return {
    name: `测试社会工作服务中心${unique()}`,
    creditCode: freshCreditCode(),
    regionCode: '330106',
    registeredAt: '2016-05-01',
    rating: '4A',
    contactName: '张三',
    contactPhone: '0571-12345678',
    ...overrides,
  };
}

export async function makeOrganization(prisma: PrismaClient, memberId?: string, overrides: Record<string, unknown> = {}) {
  const { registeredAt, ...data } = organizationPayload(overrides) as ReturnType<typeof organizationPayload>;
  const org = await prisma.organization.create({ data: { ...data, registeredAt: new Date(`${registeredAt}T00:00:00Z`) } });
  if (memberId) await prisma.membership.create({ data: { userId: memberId, organizationId: org.id } });
  return org;
}

export function roundPayload(overrides: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    name: `测试公益创投轮次${unique()}`,
    kind: 'VENTURE',
    regionCode: '330100',
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
