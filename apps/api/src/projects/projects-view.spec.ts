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
