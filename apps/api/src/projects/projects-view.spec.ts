import { APPLICANT_PROJECT_STATE } from '../applications/project-state.dto';
import { seenBy } from '../common/people';
import { APPLICANT_IMPLEMENTATION_STATE } from './implementation-state.dto';
import { ProjectsService } from './projects.service';
import type { ApplicationAccess } from '../applications/application-access';
import type { AuthUser } from '../common/auth/auth-user';
import type { Decisions } from '../common/decisions';
import type { PrismaService } from '../common/prisma.service';

const STAFF = { reviewer: 'a6f0c1de-0000-4000-8000-000000000001', finance1: 'a6f0c1de-0000-4000-8000-000000000002' };
const person = (id: string, role: string): AuthUser => ({
  id,
  username: id,
  displayName: id,
  role: role as AuthUser['role'],
  regionCode: null,
  organizationIds: [],
  sessionId: 's',
  mustChangePassword: false,
});

describe('ProjectsService.view', () => {
  const prisma = {
    user: {
      findMany: jest.fn(async () => [
        { id: STAFF.reviewer, role: 'EVALUATOR', displayName: '评估员 吴晨' },
        { id: STAFF.finance1, role: 'FINANCE', displayName: '财务人员 陈静' },
      ]),
    },
  } as unknown as PrismaService;
  const service = new ProjectsService(prisma, {} as ApplicationAccess, {} as Decisions);
  const project = {
    id: 'p',
    evaluatorId: STAFF.reviewer,
    tranches: [{ seq: 1, requestedById: STAFF.finance1, approvedById: null }],
  };
  beforeEach(() => jest.spyOn(service, 'get').mockResolvedValue(project as unknown as Awaited<ReturnType<ProjectsService['get']>>));

  it('shows an applicant the people who acted by role and name, without their ids', async () => {
    const view = await service.view(person('applicant', 'APPLICANT'), 'p');
    expect(JSON.stringify(view)).not.toMatch(/a6f0c1de/);
    expect(view).toMatchObject({
      evaluator: { role: 'EVALUATOR', displayName: '评估员 吴晨' },
      tranches: [{ seq: 1, requestedBy: { role: 'FINANCE', displayName: '财务人员 陈静' }, approvedBy: null }],
    });
  });

  it('leaves the ids to staff, whose tools work with them', async () => {
    expect(await service.view(person('r', 'REVIEWER'), 'p')).toBe(project);
  });
});

describe('decision answers as the caller sees them', () => {
  const EXPERT = 'a6f0c1de-0000-4000-8000-000000000003';
  const prisma = {
    user: {
      findMany: jest.fn(async ({ where }: { where: { id: { in: string[] } } }) =>
        [
          { id: STAFF.reviewer, role: 'REVIEWER', displayName: '审核人员 李敏' },
          { id: STAFF.finance1, role: 'FINANCE', displayName: '财务人员 陈静' },
          { id: 'member', role: 'APPLICANT', displayName: '申报人 王芳' },
        ].filter((u) => where.id.in.includes(u.id)),
      ),
    },
  } as unknown as PrismaService;
  const project = {
    applicationId: 'p',
    stage: 'AGREEMENT_SIGNED' as const,
    submissionCount: 1,
    signedBy: { applicant: 'member', bureau: STAFF.reviewer },
    eligibilityDecidedBy: STAFF.reviewer,
    panel: [{ expertId: EXPERT, status: 'SUBMITTED' as const }],
  };
  const implementation = {
    applicationId: 'p',
    stage: 'IMPLEMENTATION' as const,
    tranches: [
      { seq: 1, stage: 'SIGNED', amount: '30000.00', status: 'PAID' as const, requestedById: STAFF.finance1 },
      { seq: 2, stage: 'MIDTERM_PASSED', amount: '40000.00', status: 'PENDING' as const },
    ],
    reports: [],
    evaluations: [],
    evaluatorId: STAFF.reviewer,
  };

  it('names the people to an applicant by role and name, and leaves the experts of the panel unnamed', async () => {
    const answer = await seenBy(prisma, person('member', 'APPLICANT'), project, APPLICANT_PROJECT_STATE);
    expect(JSON.stringify(answer)).not.toMatch(/a6f0c1de/);
    expect(answer).toEqual({
      applicationId: 'p',
      stage: 'AGREEMENT_SIGNED',
      submissionCount: 1,
      signers: { applicant: { role: 'APPLICANT', displayName: '申报人 王芳' }, bureau: { role: 'REVIEWER', displayName: '审核人员 李敏' } },
      eligibilityDecider: { role: 'REVIEWER', displayName: '审核人员 李敏' },
      panel: [{ status: 'SUBMITTED' }],
    });
    const implemented = await seenBy(prisma, person('member', 'APPLICANT'), implementation, APPLICANT_IMPLEMENTATION_STATE);
    expect(JSON.stringify(implemented)).not.toMatch(/a6f0c1de/);
    expect(implemented).toMatchObject({
      evaluator: { role: 'REVIEWER', displayName: '审核人员 李敏' },
      tranches: [{ seq: 1, requestedBy: { role: 'FINANCE', displayName: '财务人员 陈静' } }, { seq: 2 }],
    });
    expect(implemented.tranches[1]).not.toHaveProperty('requestedBy');
  });

  it('answers staff with the state as the workflow keeps it', async () => {
    expect(await seenBy(prisma, person('r', 'REVIEWER'), project, APPLICANT_PROJECT_STATE)).toBe(project);
    expect(await seenBy(prisma, person('f', 'FINANCE'), implementation, APPLICANT_IMPLEMENTATION_STATE)).toBe(implementation);
  });
});
