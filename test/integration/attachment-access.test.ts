import { auth, makeOrganization, makeUser, TestUser } from '../support/factories';
import { docxFile, jpgFile, pdfFile, pngFile } from '../support/files';
import { fundedPlatform, FundedProjects, reportBody } from '../support/funded-projects';
import { portalSignIn } from '../support/portal';
import type { TestPlatform } from '../support/app';
import type request from 'supertest';

/**
 * Issue 16, point 1, on the real API, Temporal and PostgreSQL: everyone entitled to judge an
 * application reads its attachments — reviewers of its region, its assigned expert (the
 * application's files, not the project's evidence), its evaluator, finance (the evidence only) —
 * through the JSON API and the portal's download and preview; nobody else finds them; each read
 * by staff is an audit row naming who, which file, how and from which page.
 */
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A page's markup with Handlebars' escape of '=' in attribute values undone, to look for links in it. */
const markup = (res: { text: string }) => res.text.replace(/&#x3D;/g, '=');

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('attachments are read by those who judge the application, and each read is audited', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  let id: string;
  const files: Record<'plan' | 'scan' | 'notes' | 'evidence', string> = { plan: '', scan: '', notes: '', evidence: '' };
  const plan = pdfFile('implementation plan');
  let others: Record<'foreignReviewer' | 'otherExpert' | 'otherEvaluator' | 'foreignFinance' | 'otherApplicant', TestUser>;

  const upload = (user: TestUser, kind: string, data: Buffer, filename: string, contentType: string, platform = p) =>
    platform.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(user))
      .field('kind', kind)
      .attach('file', data, { filename, contentType })
      .expect(201)
      .then((r) => r.body.id as string);

  const reads = (actorId: string) => p.prisma.auditEntry.findMany({ where: { entityType: 'Attachment', actorId }, orderBy: { id: 'asc' } });

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000', PSP_TEST_CITY: '330400' }, 1, {
      async beforeSubmit(started, [draft], [applicant]) {
        id = draft;
        files.plan = await upload(applicant, 'IMPLEMENTATION_PLAN', plan, '实施方案.pdf', 'application/pdf', started);
        files.scan = await upload(applicant, 'QUALIFICATION', pngFile(40, 30), '资质证明.png', 'image/png', started);
        files.notes = await upload(applicant, 'OTHER', docxFile(), '补充说明.docx', DOCX, started);
      },
    }));
    files.evidence = await upload(f.applicants[0], 'REPORT_EVIDENCE', jpgFile(), '活动照片.jpg', 'image/jpeg');
    const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    await p.http
      .post(`/api/projects/${id}/reports/1`)
      .set(auth(f.applicants[0]))
      .send({ ...reportBody(lines, 30), attachmentIds: [files.evidence] })
      .expect(200);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    const otherApplicant = await makeUser(p, 'APPLICANT');
    await makeOrganization(p.prisma, otherApplicant.id);
    others = {
      foreignReviewer: await makeUser(p, 'REVIEWER', { regionCode: '440100' }),
      otherExpert: await makeUser(p, 'EXPERT'),
      otherEvaluator: await makeUser(p, 'EVALUATOR'),
      foreignFinance: await makeUser(p, 'FINANCE', { regionCode: '440100' }),
      otherApplicant,
    };
  });

  afterAll(async () => {
    await p.client.workflow
      .getHandle(`round-${f.roundId}`)
      .terminate('test finished')
      .catch(() => undefined);
    await close();
  });

  it('lists to each judging role the kinds it reads, and 404 to everyone else', async () => {
    const listed = async (user: TestUser) =>
      ((await p.http.get(`/api/applications/${id}/attachments`).set(auth(user)).expect(200)).body as { id: string }[])
        .map((a) => a.id)
        .sort();
    const all = [files.plan, files.scan, files.notes, files.evidence].sort();
    expect(await listed(f.applicants[0])).toEqual(all);
    expect(await listed(f.reviewer)).toEqual(all);
    expect(await listed(f.evaluator)).toEqual(all);
    expect(await listed(f.expert)).toEqual([files.plan, files.scan, files.notes].sort());
    expect(await listed(f.finance1)).toEqual([files.evidence]);
    for (const user of Object.values(others)) {
      await p.http.get(`/api/applications/${id}/attachments`).set(auth(user)).expect(404);
      await p.http.get(`/api/applications/${id}/attachments/${files.plan}`).set(auth(user)).expect(404);
    }
    // A kind the role does not read is not there for it, even by its id.
    await p.http.get(`/api/applications/${id}/attachments/${files.plan}`).set(auth(f.finance1)).expect(404);
    await p.http.get(`/api/applications/${id}/attachments/${files.evidence}`).set(auth(f.expert)).expect(404);
    for (const user of [...Object.values(others), f.finance1, f.expert]) expect(await reads(user.id)).toEqual([]);
  });

  it('serves API downloads as attachments and audits staff reads, not the organization’s own', async () => {
    const res = await binary(p.http.get(`/api/applications/${id}/attachments/${files.plan}`).set(auth(f.reviewer))).expect(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment;/);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(res.body as Buffer, plan)).toBe(0);
    const [row] = await reads(f.reviewer.id);
    expect(row).toMatchObject({ entityId: files.plan, action: 'attachment.downloaded', actorRole: 'REVIEWER', reason: 'api' });
    expect(row.data).toMatchObject({ applicationId: id, kind: 'IMPLEMENTATION_PLAN', filename: '实施方案.pdf', page: 'api' });

    await p.http.get(`/api/applications/${id}/attachments/${files.evidence}`).set(auth(f.finance1)).expect(200);
    expect((await reads(f.finance1.id)).map((r) => [r.entityId, r.action])).toEqual([[files.evidence, 'attachment.downloaded']]);
    await p.http.get(`/api/applications/${id}/attachments/${files.plan}`).set(auth(f.applicants[0])).expect(200);
    expect(await reads(f.applicants[0].id)).toEqual([]);
    // The application's history keeps to its decisions: reads are entries of the attachment.
    const history = (await p.http.get(`/api/applications/${id}/history`).set(auth(f.reviewer)).expect(200)).body as { action: string }[];
    expect(history.map((h) => h.action)).not.toContain('attachment.downloaded');
  });

  it('shows the files on the judging pages without reading them, and previews PDFs and images in place', async () => {
    const reviewer = await portalSignIn(p, f.reviewer);
    const before = (await reads(f.reviewer.id)).length;
    const page = await reviewer.get(`/reviewer/eligibility/${id}`).expect(200);
    for (const name of ['实施方案.pdf', '资质证明.png', '补充说明.docx', '活动照片.jpg']) expect(markup(page)).toContain(name);
    expect(markup(page)).toContain(`href="/reviewer/eligibility/${id}?preview=${files.plan}#attachment-preview"`);
    expect(markup(page)).not.toContain(`preview=${files.notes}`); // a DOCX is only downloaded
    expect(markup(page)).not.toContain('<iframe');
    expect(await reads(f.reviewer.id)).toHaveLength(before);

    const chosen = await reviewer.get(`/reviewer/eligibility/${id}?preview=${files.plan}`).expect(200);
    const src = `/files/applications/${id}/${files.plan}/preview?from=eligibility`;
    expect(markup(chosen)).toContain(`<iframe class="file-preview__frame" src="${src}"`);
    const pdf = await binary(reviewer.get(src)).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^inline;/);
    expect(pdf.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(pdf.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(pdf.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(pdf.body as Buffer, plan)).toBe(0);

    const project = await reviewer.get(`/reviewer/projects/${id}?preview=${files.evidence}`).expect(200);
    expect(markup(project)).toContain(
      `<img class="file-preview__image" src="/files/applications/${id}/${files.evidence}/preview?from=project"`,
    );
    const image = await reviewer.get(`/files/applications/${id}/${files.evidence}/preview?from=project`).expect(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect(image.headers['content-security-policy']).toMatch(/sandbox$/);
    const docx = await binary(reviewer.get(`/files/applications/${id}/${files.notes}?from=project`)).expect(200);
    expect(docx.headers['content-disposition']).toMatch(/^attachment;/);
    await reviewer.get(`/files/applications/${id}/${files.notes}/preview?from=project`).expect(404);

    // The report's page shows the evidence it cites, and only that.
    const report = await reviewer.get(`/reviewer/projects/${id}/reports/1?preview=${files.evidence}`).expect(200);
    expect(markup(report)).toContain(`src="/files/applications/${id}/${files.evidence}/preview?from=report"`);
    expect(markup(report)).not.toContain('实施方案.pdf');
    await reviewer.get(`/files/applications/${id}/${files.evidence}/preview?from=report`).expect(200);

    const rows = (await reads(f.reviewer.id)).slice(before);
    expect(rows.map((r) => [r.entityId, r.action, r.reason])).toEqual([
      [files.plan, 'attachment.viewed', 'eligibility'],
      [files.evidence, 'attachment.viewed', 'project'],
      [files.notes, 'attachment.downloaded', 'project'],
      [files.evidence, 'attachment.viewed', 'report'],
    ]);
  });

  it('gives the assigned expert, the evaluator and finance their files on their pages, and nobody else any', async () => {
    const expert = await portalSignIn(p, f.expert);
    const scoring = await expert.get(`/expert/assignments/${id}?preview=${files.scan}`).expect(200);
    expect(markup(scoring)).toContain(`src="/files/applications/${id}/${files.scan}/preview?from=expert"`);
    expect(markup(scoring)).not.toContain('活动照片.jpg');
    expect((await expert.get(`/files/applications/${id}/${files.scan}/preview?from=expert`).expect(200)).headers['content-type']).toBe(
      'image/png',
    );
    await expert.get(`/files/applications/${id}/${files.evidence}/preview?from=expert`).expect(404);

    const evaluator = await portalSignIn(p, f.evaluator);
    const evaluating = await evaluator.get(`/evaluator/projects/${id}`).expect(200);
    for (const name of ['实施方案.pdf', '活动照片.jpg']) expect(markup(evaluating)).toContain(name);
    await evaluator.get(`/files/applications/${id}/${files.plan}?from=evaluator`).expect(200);

    const finance = await portalSignIn(p, f.finance1);
    expect(markup(await finance.get('/finance-desk').expect(200))).toContain(`href="/finance-desk/projects/${id}/evidence"`);
    const desk = await finance.get(`/finance-desk/projects/${id}/evidence?preview=${files.evidence}`).expect(200);
    expect(markup(desk)).toContain(`src="/files/applications/${id}/${files.evidence}/preview?from=finance"`);
    expect(markup(desk)).not.toContain('实施方案.pdf');
    await finance.get(`/files/applications/${id}/${files.evidence}/preview?from=finance`).expect(200);
    await finance.get(`/files/applications/${id}/${files.plan}/preview?from=finance`).expect(404);

    expect((await reads(f.expert.id)).map((r) => [r.entityId, r.action, r.reason])).toEqual([[files.scan, 'attachment.viewed', 'expert']]);
    expect((await reads(f.evaluator.id)).map((r) => [r.entityId, r.action, r.reason])).toEqual([
      [files.plan, 'attachment.downloaded', 'evaluator'],
    ]);
    expect((await reads(f.finance1.id)).map((r) => r.reason)).toEqual(['api', 'finance']);

    for (const user of [others.foreignReviewer, others.otherExpert, others.otherEvaluator, others.foreignFinance]) {
      const agent = await portalSignIn(p, user);
      await agent.get(`/files/applications/${id}/${files.plan}/preview?from=project`).expect(404);
      await agent.get(`/files/applications/${id}/${files.evidence}?from=project`).expect(404);
    }
    await (await portalSignIn(p, others.foreignReviewer)).get(`/reviewer/eligibility/${id}`).expect(404);
    await (await portalSignIn(p, others.foreignFinance)).get(`/finance-desk/projects/${id}/evidence`).expect(404);
    await (await portalSignIn(p, others.otherExpert)).get(`/expert/assignments/${id}`).expect(404);
    // Applicants read their own files under /my; the staff routes are not theirs, whatever the organization.
    for (const user of [others.otherApplicant, f.applicants[0]])
      await (await portalSignIn(p, user)).get(`/files/applications/${id}/${files.plan}/preview`).expect(403);
    await (await portalSignIn(p, others.otherApplicant)).get(`/my/applications/${id}/attachments/${files.plan}`).expect(404);
    for (const user of Object.values(others)) expect(await reads(user.id)).toEqual([]);
  });
});
