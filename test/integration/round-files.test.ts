import { createHash } from 'node:crypto';
import { shutDown, startPlatform, TestPlatform } from '../support/app';
import { auth, makeUser, roundPayload, testCity, TestUser } from '../support/factories';
import { docxFile, pdfFile, pngFile } from '../support/files';
import { builtOpenApiDocument, ContractChecker, contractOf } from '../support/openapi-contract';

/**
 * 申报指南附件 through the JSON API and the public site: the round's own managers attach and
 * remove files while it is a draft, within the type, size and count rules, each change audited;
 * nobody else touches them; once published the files are fixed and anyone may download them.
 */
describe('files of a round’s call (申报指南附件)', () => {
  let p: TestPlatform;
  let manager: TestUser;
  let otherManager: TestUser;
  let applicant: TestUser;
  let roundId: string;
  let conforms: ReturnType<typeof contractOf>;

  const attach = (u: TestUser, kind: string, file: Buffer, name: string, type = 'application/pdf') =>
    p.http
      .post(`/api/rounds/${roundId}/files`)
      .set(auth(u))
      .field('kind', kind)
      .attach('file', file, { filename: name, contentType: type });

  beforeAll(async () => {
    p = await startPlatform({ worker: false });
    conforms = contractOf(new ContractChecker(builtOpenApiDocument()));
    const elsewhere = testCity() === '330200' ? '330300' : '330200';
    [manager, otherManager, applicant] = await Promise.all([
      makeUser(p, 'PROGRAM_MANAGER'),
      makeUser(p, 'PROGRAM_MANAGER', { regionCode: elsewhere }),
      makeUser(p, 'APPLICANT'),
    ]);
    const now = Date.now();
    roundId = (
      await p.http
        .post('/api/rounds')
        .set(auth(manager))
        .send(roundPayload({ opensAt: new Date(now + 3_600_000).toISOString(), closesAt: new Date(now + 7_200_000).toISOString() }))
        .expect(201)
    ).body.id;
  });
  afterAll(() => shutDown(p));

  it('takes a draft’s files from its own managers only, within the rules, each change audited; fixed and public once published', async () => {
    const guide = pdfFile('申报指南全文');
    const added = conforms(
      'POST',
      '/api/rounds/{id}/files',
      await attach(manager, 'GUIDELINES', guide, '2027年度公益创投申报指南.pdf'),
      201,
    );
    expect(added.body).toMatchObject({
      kind: 'GUIDELINES',
      filename: '2027年度公益创投申报指南.pdf',
      mimeType: 'application/pdf',
      size: guide.length,
      sha256: createHash('sha256').update(guide).digest('hex'),
    });
    const template = await attach(
      manager,
      'APPLICATION_TEMPLATE',
      docxFile('申报书'),
      '申报书模板.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ).expect(201);

    // Refused with the field and the rule, nothing stored.
    const image = conforms('POST', '/api/rounds/{id}/files', await attach(manager, 'OTHER', pngFile(), 'scan.png', 'image/png'), 400);
    expect(image.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'fileType' })]);
    expect(image.body.errors[0].message).toMatch(/^file: .*PDF、DOCX、XLSX.* \/ /);
    const kind = await attach(manager, 'SCORING_SHEET', guide, 'a.pdf').expect(400);
    expect(kind.body.errors).toEqual([expect.objectContaining({ field: 'kind', rule: 'isIn' })]);
    await attach(otherManager, 'OTHER', guide, 'a.pdf').expect(404);
    await attach(applicant, 'OTHER', guide, 'a.pdf').expect(403);
    await p.http.delete(`/api/rounds/${roundId}/files/${template.body.id}`).set(auth(otherManager)).expect(404);
    // A draft is the bureau's working paper: its files are not listed to others, nor served publicly.
    await p.http.get(`/api/rounds/${roundId}/files`).set(auth(applicant)).expect(404);
    await p.http.get(`/rounds/${roundId}/guidelines/files/${added.body.id}`).expect(404);

    await p.http.delete(`/api/rounds/${roundId}/files/${template.body.id}`).set(auth(manager)).expect(204);
    await p.http.delete(`/api/rounds/${roundId}/files/${template.body.id}`).set(auth(manager)).expect(404);
    expect(await p.prisma.roundFile.count({ where: { roundId } })).toBe(1);
    const trail = await p.prisma.auditEntry.findMany({ where: { entityId: roundId }, orderBy: { id: 'asc' } });
    expect(trail.filter((a) => a.action.startsWith('round.file')).map((a) => [a.action, a.actorId])).toEqual([
      ['round.fileAttached', manager.id],
      ['round.fileAttached', manager.id],
      ['round.fileRemoved', manager.id],
    ]);

    // At most ten: two sent at once for the last place, one is taken.
    for (let i = 2; i <= 9; i++) await attach(manager, 'OTHER', pdfFile(`附件${i}`), `附件${i}.pdf`).expect(201);
    const race = await Promise.all([1, 2].map((n) => attach(manager, 'OTHER', pdfFile(`最后${n}`), `最后${n}.pdf`)));
    expect(race.map((r) => r.status).sort()).toEqual([201, 400]);
    expect(race.find((r) => r.status === 400)!.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'maxCount' })]);
    expect(await p.prisma.roundFile.count({ where: { roundId } })).toBe(10);

    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(manager)).expect(200);
    await attach(manager, 'OTHER', guide, 'late.pdf').expect(409);
    await p.http.delete(`/api/rounds/${roundId}/files/${added.body.id}`).set(auth(manager)).expect(409);
    const listed = conforms('GET', '/api/rounds/{id}/files', await p.http.get(`/api/rounds/${roundId}/files`).set(auth(applicant)), 200)
      .body as { filename: string }[];
    expect(listed).toHaveLength(10);
    expect(listed[0].filename).toBe('2027年度公益创投申报指南.pdf');
    const download = await p.http.get(`/rounds/${roundId}/guidelines/files/${added.body.id}`).responseType('blob').expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(download.body as Buffer).equals(guide)).toBe(true);
  });
});
