import { startPlatform, TestPlatform } from '../support/app';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import type { ProjectStage } from '../../generated/prisma/enums';

/**
 * Issue 6: the program managers' dashboard (exact money, computed by the database) and the
 * project search, on data written straight into PostgreSQL. Ningxia's codes (64…) keep these
 * figures apart from the other test files, which work in Zhejiang (33…).
 */
describe('dashboard and project search', () => {
  let p: TestPlatform;
  let province: TestUser;
  let city: TestUser;
  let admin: TestUser;
  let applicantA: TestUser;
  let round1: string;
  let round2: string;
  const token = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    [province, city, admin, applicantA] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER', { regionCode: '640000' }),
      makeUser(p, 'PROGRAM_MANAGER', { regionCode: '640100' }),
      makeUser(p, 'ADMIN', { regionCode: null }),
      makeUser(p, 'APPLICANT'),
    ]);
    const orgA = await makeOrganization(p.prisma, undefined, { name: `银川市阳光${token}社会工作服务中心`, regionCode: '640104' });
    const orgB = await makeOrganization(p.prisma, undefined, { name: `石嘴山彩虹${token}志愿服务协会`, regionCode: '640202' });
    await p.prisma.membership.create({ data: { userId: applicantA.id, organizationId: orgA.id } });

    const round = async (regionCode: string) => {
      const { opensAt, closesAt, budgetPool, projectCeiling, ...r } = roundPayload({
        regionCode,
        categories: ['为老', '为小', '助残', '帮困'],
      });
      return (
        await p.prisma.round.create({
          data: {
            ...r,
            kind: 'VENTURE',
            budgetPool,
            projectCeiling,
            opensAt: new Date(opensAt),
            closesAt: new Date(closesAt),
            status: 'FINALIZED',
            createdById: province.id,
          },
        })
      ).id;
    };
    round1 = await round('640100');
    round2 = await round('640200');
    const app = async (
      roundId: string,
      organizationId: string,
      category: string,
      stage: ProjectStage,
      award: string | null,
      title?: string,
    ) => {
      const {
        roundId: _r,
        organizationId: _o,
        ...data
      } = applicationPayload(roundId, organizationId, '150000.00', { category, ...(title && { title }) });
      // An award is written only with its AwardChange record in the same transaction (the database's check).
      return p.prisma.$transaction(async (tx) => {
        const { id } = await tx.application.create({
          data: { ...data, roundId, organizationId, createdById: applicantA.id, stage, award },
        });
        if (award !== null)
          await tx.awardChange.create({ data: { applicationId: id, award, action: 'test.seeded', actorId: applicantA.id } });
        return id;
      });
    };
    const pay = (applicationId: string, trancheSeq: number, amount: string) =>
      p.prisma.payment.create({
        data: {
          applicationId,
          trancheSeq,
          amount,
          reference: `DASH-${applicationId}-${trancheSeq}`,
          requestedById: admin.id,
          approvedById: province.id,
        },
      });
    // Cents that binary floating point cannot add exactly (0.10 + 0.20 ≠ 0.30).
    const a1 = await app(round1, orgA.id, '为老', 'IMPLEMENTATION', '100000.10', `Sunshine Elders ${token} 长者关爱`);
    const a2 = await app(round1, orgA.id, '为小', 'CLOSED', '50000.20');
    await app(round1, orgB.id, '为老', 'NOT_FUNDED', '0.00');
    await app(round1, orgB.id, '助残', 'ELIGIBILITY_REVIEW', null);
    await app(round2, orgB.id, '为老', 'APPROVED', '80000.00');
    const b2 = await app(round2, orgB.id, '帮困', 'TERMINATED', '30000.33');
    await pay(a1, 1, '50000.05');
    await pay(a2, 1, '25000.10');
    await pay(a2, 2, '25000.10');
    await pay(b2, 1, '10000.11');
  });
  afterAll(() => p.close());

  it("sums committed and paid money exactly, by stage, category and the applicants' counties, for a province", async () => {
    const res = await p.http.get('/api/dashboard?regionCode=640000').set(auth(province)).expect(200);
    expect(res.body).toMatchObject({ regionCode: '640000', committed: '260000.63', paid: '110000.36' });
    expect(res.body.byStage).toEqual(
      expect.arrayContaining([
        { stage: 'IMPLEMENTATION', count: 1 },
        { stage: 'CLOSED', count: 1 },
        { stage: 'NOT_FUNDED', count: 1 },
        { stage: 'ELIGIBILITY_REVIEW', count: 1 },
        { stage: 'APPROVED', count: 1 },
        { stage: 'TERMINATED', count: 1 },
      ]),
    );
    expect(res.body.byStage).toHaveLength(6);
    expect(res.body.byCategory).toEqual(
      [
        { key: '为小', count: 1, committed: '50000.20' },
        { key: '为老', count: 3, committed: '180000.10' },
        { key: '助残', count: 1, committed: '0.00' },
        { key: '帮困', count: 1, committed: '30000.33' },
      ].sort((x, y) => (x.key < y.key ? -1 : 1)),
    );
    // By the applicants' counties, not by the rounds' cities (640100, 640200).
    expect(res.body.byRegion).toEqual([
      { key: '640104', count: 2, committed: '150000.30' },
      { key: '640202', count: 4, committed: '110000.33' },
    ]);
    // The province manager's own default scope is the same region.
    const own = await p.http.get('/api/dashboard').set(auth(province)).expect(200);
    expect(own.body).toMatchObject({ committed: '260000.63', paid: '110000.36' });
  });

  it("keeps a city manager inside the city: its own figures by applicants' county, 403 for another region, 404 for another region's round", async () => {
    const res = await p.http.get('/api/dashboard').set(auth(city)).expect(200);
    expect(res.body).toMatchObject({ committed: '150000.30', paid: '100000.25' });
    // One round of the city, applicants from two counties (one of them in another city).
    expect(res.body.byRegion).toEqual([
      { key: '640104', count: 2, committed: '150000.30' },
      { key: '640202', count: 2, committed: '0.00' },
    ]);
    await p.http.get('/api/dashboard?regionCode=640200').set(auth(city)).expect(403);
    await p.http.get('/api/dashboard?regionCode=640000').set(auth(city)).expect(403);
    await p.http.get(`/api/dashboard?roundId=${round2}`).set(auth(city)).expect(404);
    await p.http.get('/api/dashboard').set(auth(applicantA)).expect(403);
    const bad = await p.http.get('/api/dashboard?regionCode=12345').set(auth(city)).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'regionCode' });
  });

  it('narrows to one round for an admin', async () => {
    const res = await p.http.get(`/api/dashboard?roundId=${round2}`).set(auth(admin)).expect(200);
    expect(res.body).toMatchObject({ roundId: round2, committed: '110000.33', paid: '10000.11' });
    expect(res.body.byCategory).toEqual([
      { key: '为老', count: 1, committed: '80000.00' },
      { key: '帮困', count: 1, committed: '30000.33' },
    ]);
    expect(res.body.byRegion).toEqual([{ key: '640202', count: 2, committed: '110000.33' }]);
  });

  it('finds projects by title or organization name, ignoring case, within what the caller may see', async () => {
    const byTitle = await p.http.get(`/api/applications?q=SUNSHINE%20elders%20${token}`).set(auth(province)).expect(200);
    expect(byTitle.body.items.map((a: { title: string }) => a.title)).toEqual([`Sunshine Elders ${token} 长者关爱`]);
    const byOrg = await p.http
      .get(`/api/applications?q=${encodeURIComponent(`彩虹${token}`)}`)
      .set(auth(province))
      .expect(200);
    expect(byOrg.body.total).toBe(4);
    // The city manager sees only the city's rounds; the applicant only its own organization's projects.
    const cityView = await p.http
      .get(`/api/applications?q=${encodeURIComponent(`彩虹${token}`)}`)
      .set(auth(city))
      .expect(200);
    expect(cityView.body.total).toBe(2);
    const mine = await p.http
      .get(`/api/applications?q=${encodeURIComponent(token)}`)
      .set(auth(applicantA))
      .expect(200);
    expect(mine.body.total).toBe(2);
    const combined = await p.http
      .get(`/api/applications?q=${encodeURIComponent(token)}&roundId=${round2}`)
      .set(auth(admin))
      .expect(200);
    expect(combined.body.total).toBe(2);
    await p.http
      .get(`/api/applications?q=${encodeURIComponent('长'.repeat(101))}`)
      .set(auth(province))
      .expect(400);
  });

  it('still finds by organization name when the text names more than a thousand organizations', async () => {
    const many = `广泛${token}`;
    const orgs = Array.from({ length: 1001 }, (_, k) =>
      makeOrganization(p.prisma, undefined, { name: `${many}社区服务社${k}`, regionCode: '640104', verified: false }),
    );
    const [first] = await Promise.all(orgs);
    await p.prisma.application.create({
      data: {
        ...applicationPayload(round1, first.id, '90000.00'),
        roundId: round1,
        organizationId: first.id,
        createdById: applicantA.id,
        stage: 'ELIGIBILITY_REVIEW',
      },
    });
    const res = await p.http
      .get(`/api/applications?q=${encodeURIComponent(many)}`)
      .set(auth(province))
      .expect(200);
    expect(res.body.items.map((a: { organizationId: string }) => a.organizationId)).toEqual([first.id]);
  });
});
