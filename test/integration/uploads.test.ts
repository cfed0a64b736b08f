import request from 'supertest';
import { applicationPayload, auth, makeOrganization, publishUpcomingRound, terminateRound, TestUser } from '../support/factories';
import { docxFile, exeFile, htmlFile, jpgFile, pdfFile, pngFile, xlsxFile } from '../support/files';
import { fundedPlatform, FundedProjects } from '../support/funded-projects';
import { csrfOf, portalSignIn } from '../support/portal';
import type { TestPlatform } from '../support/app';

/**
 * Issue 15, finding 7 (uploads taken on trust), on the real API, Temporal and PostgreSQL: the type
 * is read from the bytes and held to the kind's list, names are normalised (NFC, no controls or
 * bidirectional characters, at most 120 characters: longer names are shortened keeping the
 * extension), an application holds at most PSP_MAX_ATTACHMENTS files and PSP_MAX_ATTACHMENT_TOTAL_MB
 * in all, junk multipart bodies are refused while they stream in, and downloads are never rendered.
 */
const TOTAL_MB = 2;
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A multipart body written by hand, so a test controls every header byte a browser would not send. */
function multipart(parts: { name: string; value?: string; disposition?: string; type?: string; data?: Buffer }[]) {
  const boundary = `----psp${Math.random().toString(36).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = part.disposition ?? `form-data; name="${part.name}"`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), part.data ?? Buffer.from(part.value ?? '', 'utf8'), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), type: `multipart/form-data; boundary=${boundary}` };
}

const binary = (req: request.Test) =>
  req.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describe('uploads are judged by their bytes, named safely, bounded and served as downloads', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  let applicant: TestUser;
  let roundId: string;

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform(
      { PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000', PSP_MAX_ATTACHMENTS: '20', PSP_MAX_ATTACHMENT_TOTAL_MB: String(TOTAL_MB) },
      1,
    ));
    applicant = f.applicants[0];
    roundId = (await publishUpcomingRound(p, f.manager)).body.id;
  });

  afterAll(async () => {
    await terminateRound(p, roundId);
    await close();
  });

  const draft = async () => {
    const org = await makeOrganization(p.prisma, applicant.id);
    return (
      await p.http
        .post('/api/applications')
        .set(auth(applicant))
        .send(applicationPayload(roundId, org.id, '100000.00'))
        .expect(201)
    ).body.id as string;
  };
  const upload = (id: string, kind: string, data: Buffer, filename: string, contentType: string) =>
    p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .field('kind', kind)
      .attach('file', data, { filename, contentType });
  const stored = (id: string) => p.prisma.attachment.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' } });

  it('accepts a real PDF, PNG, JPG, DOCX and XLSX for kinds that take them, storing the type read from the bytes', async () => {
    const id = await draft();
    const xlsx = await xlsxFile();
    await upload(id, 'REGISTRATION_CERTIFICATE', pdfFile('certificate'), '登记证书.pdf', 'application/pdf').expect(201);
    await upload(id, 'QUALIFICATION', pngFile(), '资质.png', 'image/png').expect(201);
    await upload(id, 'QUALIFICATION', jpgFile(), '资质.jpg', 'image/jpeg').expect(201);
    await upload(id, 'IMPLEMENTATION_PLAN', docxFile(), '实施方案.docx', DOCX).expect(201);
    // A browser that knows nothing of the type says octet-stream: the bytes decide.
    const sheet = await upload(id, 'BUDGET_DETAIL', xlsx, '预算明细表.xlsx', 'application/octet-stream').expect(201);
    expect(sheet.body).toMatchObject({ mimeType: XLSX, size: xlsx.length });
    expect((await stored(id)).map((a) => [a.kind, a.mimeType])).toEqual([
      ['REGISTRATION_CERTIFICATE', 'application/pdf'],
      ['QUALIFICATION', 'image/png'],
      ['QUALIFICATION', 'image/jpeg'],
      ['IMPLEMENTATION_PLAN', DOCX],
      ['BUDGET_DETAIL', XLSX],
    ]);
    const rules = (await p.http.get('/api/attachment-rules').set(auth(applicant)).expect(200)).body;
    expect(rules).toMatchObject({ maxFiles: 20, maxTotalBytes: TOTAL_MB * 1024 * 1024, maxNameLength: 120 });
    expect(rules.kindTypes.IMPLEMENTATION_PLAN).toEqual(['PDF', 'DOCX']);
  });

  it('refuses HTML declared as PDF, an executable declared as PNG and a type the kind does not take, storing nothing', async () => {
    const id = await draft();
    const html = await upload(id, 'OTHER', htmlFile(), '通知.pdf', 'application/pdf').expect(400);
    expect(html.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'fileType' })]);
    const exe = await upload(id, 'OTHER', exeFile(), '照片.png', 'image/png').expect(400);
    expect(exe.body.errors).toEqual([
      expect.objectContaining({ field: 'file', rule: 'fileType', message: expect.stringContaining('EXE') }),
    ]);
    const plan = await upload(id, 'IMPLEMENTATION_PLAN', pngFile(), '实施方案.png', 'image/png').expect(400);
    expect(plan.body.errors[0].message).toContain('实施方案仅支持 PDF、DOCX 格式');
    const mislabelled = await upload(id, 'OTHER', pngFile(), 'scan.pdf', 'application/pdf').expect(400);
    expect(mislabelled.body.errors[0]).toMatchObject({ field: 'file', rule: 'fileType', message: expect.stringContaining('不符') });
    expect(await stored(id)).toEqual([]);
  });

  it('holds report evidence to the same rules on a running project', async () => {
    const id = f.projectIds[0];
    const exe = await upload(id, 'REPORT_EVIDENCE', exeFile(), '签到表.png', 'image/png').expect(400);
    expect(exe.body.errors[0]).toMatchObject({ field: 'file', rule: 'fileType' });
    const voucher = await upload(id, 'FINANCIAL_VOUCHER', docxFile(), '凭证.docx', DOCX).expect(400);
    expect(voucher.body.errors[0].message).toContain('支出凭证仅支持 PDF、JPG、PNG、XLSX 格式');
    const ok = await upload(id, 'FINANCIAL_VOUCHER', pngFile(), '发票\u202Egnp.exe', 'image/png').expect(201);
    expect(ok.body).toMatchObject({ filename: '发票gnp.exe.png', mimeType: 'image/png' });
  });

  it('normalises names: NFC, no bidirectional or control characters, CR/LF gone, at most 120 characters keeping the extension', async () => {
    const id = await draft();
    const long = await upload(id, 'OTHER', pdfFile(), `${'长'.repeat(5000)}.pdf`, 'application/pdf').expect(201);
    expect([...long.body.filename]).toHaveLength(120);
    expect(long.body.filename).toMatch(/^长+\.pdf$/);
    const rlo = await upload(id, 'OTHER', pdfFile(), 'invoice\u202Efdp.exe', 'application/pdf').expect(201);
    expect(rlo.body.filename).toBe('invoicefdp.exe.pdf');
    // CR/LF can reach a name only encoded (RFC 5987), as browsers and busboy carry them.
    const crlf = multipart([
      { name: 'kind', value: 'OTHER' },
      {
        name: 'file',
        disposition: `form-data; name="file"; filename*=UTF-8''${encodeURIComponent('报告\r\nX-Injected: 1 \u2066cafe\u0301.pdf')}`,
        type: 'application/pdf',
        data: pdfFile(),
      },
    ]);
    const res = await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .set('Content-Type', crlf.type)
      .send(crlf.body)
      .expect(201);
    expect(res.body.filename).toBe('报告X-Injected_ 1 caf\u00e9.pdf');
    const names = (await stored(id)).map((a) => a.filename);
    expect(names.every((n) => [...n].length <= 120 && !/[\p{Cc}\u202a-\u202e\u2066-\u2069\u200e\u200f]/u.test(n))).toBe(true);
    const audited = await p.prisma.auditEntry.findFirstOrThrow({
      where: { entityId: id, action: 'attachment.uploaded' },
      orderBy: { id: 'desc' },
    });
    expect(audited.data).toMatchObject({ filename: res.body.filename });
  });

  it('refuses the 21st attachment and an upload past the total size, naming the rule', async () => {
    const id = await draft();
    for (let k = 1; k <= 20; k++) await upload(id, 'OTHER', pdfFile(`page ${k}`), `第${k}页.pdf`, 'application/pdf').expect(201);
    const over = await upload(id, 'OTHER', pdfFile(), '第21页.pdf', 'application/pdf').expect(400);
    expect(over.body.errors).toEqual([
      expect.objectContaining({ field: 'file', rule: 'maxCount', message: expect.stringContaining('20') }),
    ]);
    expect(await p.prisma.attachment.count({ where: { applicationId: id } })).toBe(20);

    const other = await draft();
    // Whitespace after %%EOF is allowed by the PDF format: a large but valid file.
    const big = Buffer.concat([pdfFile('scan'), Buffer.alloc(1.5 * 1024 * 1024, 0x20)]);
    await upload(other, 'OTHER', big, '扫描件1.pdf', 'application/pdf').expect(201);
    const total = await upload(other, 'OTHER', big, '扫描件2.pdf', 'application/pdf').expect(400);
    expect(total.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'maxTotalSize' })]);
    expect(await p.prisma.attachment.count({ where: { applicationId: other } })).toBe(1);
  });

  it('refuses junk multipart bodies early: 31 MB declared is 413 unread, thousands of fields are 400 at the first past the limit', async () => {
    const id = await draft();
    const junk = multipart(Array.from({ length: 31 * 1024 }, (_, k) => ({ name: `f${k}`, value: 'x'.repeat(1000) })));
    const huge = await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .set('Content-Type', junk.type)
      .send(junk.body)
      .expect(413);
    expect(huge.body.errors[0]).toMatchObject({ field: 'file', rule: 'maxSize' });

    const many = multipart(Array.from({ length: 5000 }, (_, k) => ({ name: `f${k}`, value: 'x' })));
    const fields = await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .set('Content-Type', many.type)
      .send(many.body)
      .expect(400);
    expect(fields.body.errors[0]).toMatchObject({ field: 'body', rule: 'maxParts' });
    const longField = multipart([{ name: 'kind', value: 'x'.repeat(100_000) }]);
    const tooLong = await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .set('Content-Type', longField.type)
      .send(longField.body)
      .expect(400);
    expect(tooLong.body.errors[0]).toMatchObject({ field: 'kind', rule: 'maxLength' });
    expect(await stored(id)).toEqual([]);
  });

  it('serves downloads as attachments with an RFC 5987 name, the stored type and nosniff, on the API and the portal', async () => {
    const id = await draft();
    const pdf = pdfFile('plan');
    const up = await upload(id, 'OTHER', pdf, '实施方案（终稿）.pdf', 'application/octet-stream').expect(201);
    const down = await binary(p.http.get(`/api/applications/${id}/attachments/${up.body.id}`).set(auth(applicant))).expect(200);
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);
    const expectHeaders = (headers: Record<string, string>) => {
      expect(headers['content-type']).toMatch(/^application\/pdf/);
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-disposition']).toMatch(/^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''/);
      expect(headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('实施方案（终稿）.pdf')}`);
      expect(headers['content-security-policy']).toContain('sandbox');
    };
    expectHeaders(down.headers);

    const agent = await portalSignIn(p, applicant);
    const portal = await binary(agent.get(`/my/applications/${id}/attachments/${up.body.id}`)).expect(200);
    expectHeaders(portal.headers);
    // The portal's upload form reads with the same limits and rules: HTML posing as PDF is shown again with the error.
    const csrf = csrfOf((await agent.get(`/my/applications/${id}/edit`).expect(200)).text)!;
    const refused = await agent
      .post(`/my/applications/${id}/attachments`)
      .field('_csrf', csrf)
      .field('kind', 'OTHER')
      .attach('file', htmlFile(), { filename: '通知.pdf', contentType: 'application/pdf' })
      .expect(400);
    expect(refused.text).toContain('文件内容不是可接受的类型');
    expect(await p.prisma.attachment.count({ where: { applicationId: id } })).toBe(1);
  });
});
