import { startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, TestUser } from '../support/factories';
import { noticedRound, NoticedRound, waitStage } from '../support/funded-projects';
import { eventually } from '../support/wait';

/**
 * Issue 15, finding 6: a funded organization renamed itself to another organization's name while
 * its round was under public notice, and the public list showed the new name. Now the registered
 * name changes only by a request with evidence that a reviewer approves, and a submitted
 * application, its notice and its documents keep the name it was submitted under.
 */
describe('renaming during a notice', () => {
  let p: TestPlatform;
  let r: NoticedRound;
  let reviewer: TestUser;
  let outsider: TestUser;
  let oldName: string;
  let otherName: string;
  const PDF = Buffer.from('%PDF-1.4\n% 准予变更登记通知书\n');

  beforeAll(async () => {
    process.env.PSP_NOTICE_PERIOD_MS = '6000';
    p = await startPlatform();
    r = await noticedRound(p, 2);
    [reviewer, outsider] = await Promise.all([makeUser(p, 'REVIEWER'), makeUser(p, 'APPLICANT')]);
    oldName = (await p.prisma.organization.findUniqueOrThrow({ where: { id: r.orgIds[0] } })).name;
    otherName = (await p.prisma.organization.findUniqueOrThrow({ where: { id: r.orgIds[1] } })).name;
  }, 180000);
  afterAll(async () => {
    await p.close();
    delete process.env.PSP_NOTICE_PERIOD_MS;
  });

  const ask = (by: TestUser, name: string, file = true) => {
    const req = p.http
      .post(`/api/organizations/${r.orgIds[0]}/fact-changes`)
      .set(auth(by))
      .field('name', name)
      .field('reason', '登记机关已核准更名');
    return file ? req.attach('file', PDF, { filename: '准予变更登记通知书.pdf', contentType: 'application/pdf' }) : req;
  };
  const currentName = async () => (await p.prisma.organization.findUniqueOrThrow({ where: { id: r.orgIds[0] } })).name;

  it("refuses the applicant's direct rename, naming the field: the name is a registered fact", async () => {
    const org = await p.http.get(`/api/organizations/${r.orgIds[0]}`).set(auth(r.applicants[0])).expect(200);
    const res = await p.http
      .patch(`/api/organizations/${r.orgIds[0]}`)
      .set(auth(r.applicants[0]))
      .send({ version: org.body.version, name: otherName })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name', rule: 'registeredFact' })]);
    expect(await currentName()).toBe(oldName);
    // Contact details stay the applicant's own to edit.
    await p.http
      .patch(`/api/organizations/${r.orgIds[0]}`)
      .set(auth(r.applicants[0]))
      .send({ version: org.body.version, contactName: '李四' })
      .expect(200);
  });

  it('takes a rename as a request with evidence that a reviewer decides; nothing changes before', async () => {
    const noFile = await ask(r.applicants[0], otherName, false).expect(400);
    expect(noFile.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'required' })]);
    await ask(outsider, otherName).expect(404);

    const asked = await ask(r.applicants[0], otherName).expect(201);
    expect(asked.body).toMatchObject({
      status: 'PENDING',
      name: otherName,
      evidence: { filename: '准予变更登记通知书.pdf', size: PDF.length },
    });
    expect(await currentName()).toBe(oldName);
    await ask(r.applicants[0], '另一个新名称').expect(409);
    const evidence = await p.http
      .get(`/api/organizations/${r.orgIds[0]}/fact-changes/${asked.body.id}/evidence`)
      .set(auth(reviewer))
      .responseType('blob')
      .expect(200);
    expect(evidence.headers['content-disposition']).toContain('attachment');
    // Sent as every stored file is: never rendered in place, never cached.
    expect(evidence.headers['content-security-policy']).toContain('sandbox');
    expect(evidence.headers['cache-control']).toBe('private, no-store');
    expect(Buffer.from(evidence.body as Buffer).equals(PDF)).toBe(true);
    await p.http
      .post(`/api/organizations/${r.orgIds[0]}/fact-changes/${asked.body.id}/decision`)
      .set(auth(r.applicants[0]))
      .send({ decision: 'APPROVE', reason: '自己批准' })
      .expect(403);
    const rejected = await p.http
      .post(`/api/organizations/${r.orgIds[0]}/fact-changes/${asked.body.id}/decision`)
      .set(auth(reviewer))
      .send({ decision: 'REJECT', reason: '证明材料与另一已登记组织的名称冲突' })
      .expect(200);
    expect(rejected.body.status).toBe('REJECTED');
    expect(await currentName()).toBe(oldName);
  });

  it('keeps the name of the submission on the notice, the ranking and later documents once a rename is approved', async () => {
    const asked = await ask(r.applicants[0], `${oldName}（更名）`).expect(201);
    await p.http
      .post(`/api/organizations/${r.orgIds[0]}/fact-changes/${asked.body.id}/decision`)
      .set(auth(reviewer))
      .send({ decision: 'APPROVE', reason: '与登记机关准予变更登记通知书一致' })
      .expect(200);
    expect(await currentName()).toBe(`${oldName}（更名）`);
    const trail = await p.prisma.auditEntry.findMany({
      where: { entityType: 'Organization', entityId: r.orgIds[0], action: { startsWith: 'organization.factChange' } },
      orderBy: { id: 'asc' },
    });
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['organization.factChangeRequested', r.applicants[0].id],
      ['organization.factChangeRejected', reviewer.id],
      ['organization.factChangeRequested', r.applicants[0].id],
      ['organization.factChangeApproved', reviewer.id],
    ]);

    const notice = await p.http.get(`/api/public/notices/${r.roundId}`).expect(200);
    const names = notice.body.entries.map((e: { organizationName: string }) => e.organizationName);
    expect(names).toContain(oldName);
    expect(names).not.toContain(`${oldName}（更名）`);
    const page = await p.http.get(`/notices/${r.roundId}`).expect(200);
    expect(page.text).toContain(oldName);
    expect(page.text).not.toContain('（更名）');
    const ranking = await p.http.get(`/api/rounds/${r.roundId}/ranking`).set(auth(r.manager)).expect(200);
    expect(ranking.body.entries.find((e: { applicationId: string }) => e.applicationId === r.applicationIds[0]).organizationName).toBe(
      oldName,
    );

    // The agreement, rendered after the rename, names the organization as it applied.
    await eventually(
      async () => ((await p.http.post(`/api/rounds/${r.roundId}/approve`).set(auth(r.manager))).status === 200 ? true : undefined),
      { label: 'approval', timeoutMs: 30000, intervalMs: 500 },
    );
    await waitStage(p, r.applicationIds[0], 'APPROVED');
    const agreement = await eventually(
      async () => (await p.prisma.document.findFirst({ where: { applicationId: r.applicationIds[0], kind: 'AGREEMENT' } })) ?? undefined,
      { label: 'agreement' },
    );
    expect(agreement.html).toContain(oldName);
    expect(agreement.html).not.toContain('（更名）');
  });
});
