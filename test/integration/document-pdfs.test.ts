import { createHash } from 'node:crypto';
import supertest from 'supertest';
import { formatThousands } from '../../activities/documents/helpers';
import { toChineseCapital } from '../../workflows/rules/money';
import { describeViolations, launchBrowser, seriousViolations } from '../support/browser';
import { applicationPayload, auth, makeOrganization, makeUser, roundPayload, TestUser } from '../support/factories';
import { fundedPlatform, FundedProjects, reportBody, waitStage } from '../support/funded-projects';
import { htmlProblems } from '../support/html';
import { binary, pdfTexts } from '../support/pdf-text';
import { csrfOf, portalSignIn } from '../support/portal';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';
import type { AddressInfo } from 'node:net';

/**
 * Issue 17, acceptance 3: every official document is also an A4 PDF with embedded CJK fonts and
 * real text (read back with PDF.js), page numbers and the content hash in its footer; the agreement
 * both sides sign is that PDF; /verify (API and portal) confirms a genuine file and refuses one
 * changed by one byte. One platform reaches all ten kinds: two funded projects (one driven to its
 * certificate, one terminated) and a second round with a returned and a rejected application.
 */
const CITY = '330600';
const VERIFY_LIMIT = 14;
const GOOD_MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 };
const EXCELLENT_THIRD_PARTY = { completion: 38, quality: 23, satisfaction: 19, finance: 14 };
const ORG_SIDE = { completion: 45, quality: 26, fundUse: 18 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };
const ALL_KINDS = [
  'ACCEPTANCE_RECEIPT',
  'RETURN_NOTICE',
  'REJECTION_NOTICE',
  'PUBLIC_NOTICE',
  'AGREEMENT',
  'DISBURSEMENT_NOTICE',
  'REPORT_RECEIPT',
  'EVALUATION_REPORT',
  'CLOSEOUT_CERTIFICATE',
  'TERMINATION_NOTICE',
] as const;
type Kind = (typeof ALL_KINDS)[number];

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const cents = (s: string) => Math.round(Number(s) * 100);
/** As pdfText's `flat`: no whitespace. */
const searchable = (s: string) => s.replace(/\s+/g, '');

interface Issued {
  kind: Kind;
  documentId: string;
  /** Who may read it through /api/documents/:id/pdf (null: the public notice, read anonymously). */
  reader: TestUser | null;
  organization: string;
  amount?: string;
  contentSha256: string;
}

describe('PDF documents and /verify', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  let close: () => Promise<void>;
  const issued = new Map<Kind, Issued>();
  const pdfs = new Map<Kind, Buffer>();

  const getPdf = (req: supertest.Test) => req.buffer(true).parse(binary);

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform(
      {
        PSP_NOTICE_PERIOD_MS: '1500',
        PSP_TERM_MS: '600000',
        PSP_TEST_CITY: CITY,
        PSP_VERIFY_LIMIT_PER_ADDRESS: String(VERIFY_LIMIT),
      },
      2,
    ));
    await Promise.all([closeOut(f.projectIds[0], f.applicants[0]), terminate(f.projectIds[1]), returnAndReject()]);
    await collect();
  });

  afterAll(() => close());

  async function release(id: string, seq: number) {
    await p.http.post(`/api/projects/${id}/tranches/${seq}/request`).set(auth(f.finance1)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/${seq}/approve`).set(auth(f.finance2)).expect(200);
  }

  async function report(id: string, applicant: TestUser, seq: number, percent: number, lines: { type: string; amount: string }[]) {
    await p.http.post(`/api/projects/${id}/reports/${seq}`).set(auth(applicant)).send(reportBody(lines, percent)).expect(200);
    await p.http.post(`/api/projects/${id}/reports/${seq}/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
  }

  /** 拨付通知书, 报告受理回执, 评估报告 and 结项证书: the first project to its certificate. */
  async function closeOut(id: string, applicant: TestUser) {
    const lines = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).budgetLines as { type: string; amount: string }[];
    await release(id, 1);
    await report(id, applicant, 1, 25, lines);
    await report(id, applicant, 2, 45, lines);
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议' })
      .expect(200);
    await release(id, 2);
    await report(id, applicant, 3, 70, lines);
    await report(id, applicant, 4, 92, lines);
    await waitStage(p, id, 'FINAL_EVALUATION');
    const evaluate = (who: TestUser, kind: string, scores: object) =>
      p.http.post(`/api/projects/${id}/evaluations`).set(auth(who)).send({ kind, scores, summary: '按协议完成' }).expect(200);
    await evaluate(f.reviewer, 'GOV_ON_ORG', ORG_SIDE);
    await evaluate(applicant, 'ORG_ON_GOV', GOV_SIDE);
    await evaluate(f.evaluator, 'FINAL_THIRD_PARTY', EXCELLENT_THIRD_PARTY);
    await waitStage(p, id, 'CLOSING');
    await release(id, 3);
    await waitStage(p, id, 'CLOSED');
  }

  /** 终止通知书: the second project, after its first tranche was paid. */
  async function terminate(id: string) {
    await release(id, 1);
    await p.http.post(`/api/projects/${id}/terminate`).set(auth(f.manager)).send({ reason: '承接方严重违约，经研究终止项目' }).expect(200);
    await waitStage(p, id, 'TERMINATED');
  }

  /** 补正通知书 and 不予受理通知书: two applications of a second round, returned and rejected. */
  async function returnAndReject() {
    const applicants = [await makeUser(p, 'APPLICANT'), await makeUser(p, 'APPLICANT')];
    const orgIds = [(await makeOrganization(p.prisma, applicants[0].id)).id, (await makeOrganization(p.prisma, applicants[1].id)).id];
    const now = Date.now();
    const round = roundPayload({ opensAt: new Date(now + 500).toISOString(), closesAt: new Date(now + 600_000).toISOString() });
    const roundId: string = (await p.http.post('/api/rounds').set(auth(f.manager)).send(round).expect(201)).body.id;
    await p.http.post(`/api/rounds/${roundId}/publish`).set(auth(f.manager)).expect(200);
    const ids: string[] = [];
    for (let k = 0; k < 2; k++) {
      const body = applicationPayload(roundId, orgIds[k], '80000.00');
      ids.push((await p.http.post('/api/applications').set(auth(applicants[k])).send(body).expect(201)).body.id);
    }
    await eventually(
      async () => ((await p.prisma.round.findUniqueOrThrow({ where: { id: roundId } })).status === 'OPEN' ? true : undefined),
      {
        label: 'second round OPEN',
      },
    );
    for (let k = 0; k < 2; k++) await p.http.post(`/api/applications/${ids[k]}/submit`).set(auth(applicants[k])).expect(200);
    await p.http
      .post(`/api/applications/${ids[0]}/eligibility-decision`)
      .set(auth(f.reviewer))
      .send({ decision: 'RETURN', reason: '缺少登记证书扫描件', revisionDeadline: new Date(Date.now() + 600_000).toISOString() })
      .expect(200);
    await p.http
      .post(`/api/applications/${ids[1]}/eligibility-decision`)
      .set(auth(f.reviewer))
      .send({ decision: 'REJECT', reason: '申报内容不属于本轮资助范围' })
      .expect(200);
    returned = { ids, applicants, roundId };
  }
  let returned: { ids: string[]; applicants: TestUser[]; roundId: string };

  /** One document of each kind, with its reader, the organization it names and its amount. */
  async function collect() {
    const orgName = async (applicationId: string) => {
      const app = await p.prisma.application.findUniqueOrThrow({ where: { id: applicationId }, include: { organization: true } });
      return app.organizationName ?? app.organization.name;
    };
    const doc = async (kind: Kind, where: { applicationId?: string; roundId?: string }) =>
      eventually(
        () => p.prisma.document.findFirst({ where: { kind, ...where }, orderBy: { createdAt: 'asc' } }).then((d) => d ?? undefined),
        {
          label: `${kind} issued`,
        },
      );
    const [closed, ended] = f.projectIds;
    const closedApp = await p.prisma.application.findUniqueOrThrow({ where: { id: closed } });
    const round = await p.prisma.round.findUniqueOrThrow({ where: { id: f.roundId } });
    const firstPayment = await p.prisma.payment.findFirstOrThrow({ where: { applicationId: closed, trancheSeq: 1 } });
    const lines = closedApp.budgetLines as { type: string; amount: string }[];
    const spent = reportBody(lines, 25).spending.reduce((s, l) => s + cents(l.spent), 0);
    const recovery = await eventually(() => p.prisma.recovery.findUnique({ where: { applicationId: ended } }).then((r) => r ?? undefined));
    const add = async (kind: Kind, applicationId: string, reader: TestUser | null, amount?: string, roundId?: string) => {
      const d = await doc(kind, roundId ? { roundId } : { applicationId });
      issued.set(kind, { kind, documentId: d.id, reader, organization: await orgName(applicationId), amount, contentSha256: d.sha256 });
    };
    const owner = f.applicants[0];
    await add('ACCEPTANCE_RECEIPT', closed, owner, closedApp.requestedAmount.toFixed(2));
    await add('PUBLIC_NOTICE', closed, null, round.budgetPool.toFixed(2), f.roundId);
    await add('AGREEMENT', closed, owner, closedApp.award!.toFixed(2));
    await add('DISBURSEMENT_NOTICE', closed, owner, firstPayment.amount.toFixed(2));
    await add('REPORT_RECEIPT', closed, owner, (spent / 100).toFixed(2));
    await add('EVALUATION_REPORT', closed, owner);
    await add('CLOSEOUT_CERTIFICATE', closed, owner, closedApp.award!.toFixed(2));
    await add('TERMINATION_NOTICE', ended, f.applicants[1], recovery.amount.toFixed(2));
    await add('RETURN_NOTICE', returned.ids[0], returned.applicants[0]);
    await add('REJECTION_NOTICE', returned.ids[1], returned.applicants[1]);
  }

  it('prints every kind of document to an A4 PDF whose text names the organization, the amount in figures and in 大写, and the hash', async () => {
    expect([...issued.keys()].sort()).toEqual([...ALL_KINDS].sort());
    // Each is printed by the worker on its first request. One after another: ten first prints at
    // once on a busy two-core machine can outlast the API's 30-second wait for a workflow.
    const responses = [];
    for (const d of issued.values()) {
      const req = p.http.get(d.reader ? `/api/documents/${d.documentId}/pdf` : `/api/public/documents/${d.documentId}/pdf`);
      responses.push(await getPdf(d.reader ? req.set(auth(d.reader)) : req).expect(200));
    }
    const texts = await pdfTexts(responses.map((r) => r.body as Buffer));
    for (const [k, d] of [...issued.values()].entries()) {
      const res = responses[k];
      const pdf = res.body as Buffer;
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename=.*\.pdf"?; filename\*=UTF-8''.*\.pdf$/);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(res.headers['x-pdf-sha256']).toBe(sha256(pdf));
      pdfs.set(d.kind, pdf);

      // A4 (595 × 842 points, as Chromium rounds them), with the CJK font's glyphs inside the PDF.
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/MediaBox\s*\[\s*0\s+0\s+59[45](\.\d+)?\s+84[12](\.\d+)?\s*\]/);
      // Chromium (Skia) embeds the CFF-flavoured Noto CJK subset as Type 3 glyph programs with a ToUnicode map.
      expect(raw).toMatch(/\/FontName\s*\/[A-Z]{6}\+NotoSerifCJK/);
      expect(raw).toMatch(/\/CharProcs|\/FontFile[23]?\s/);
      expect(raw).toMatch(/\/ToUnicode\s/);

      const { flat, pages } = texts[k];
      const why = `${d.kind} (${d.documentId})`;
      expect({ why, found: flat.includes(searchable(d.organization)) }).toEqual({ why, found: true });
      expect({ why, hash: flat.includes(`SHA-256:${d.contentSha256}`) }).toEqual({ why, hash: true });
      expect({ why, page: flat.includes(`第1页共${pages}页`) && flat.includes(`Page1of${pages}`) }).toEqual({ why, page: true });
      // Characters Noto CJK draws with a radical's glyph are found as themselves (pdf-tounicode.ts).
      expect({ why, radicals: flat.match(/[\u2e80-\u2fdf]/g) ?? [] }).toEqual({ why, radicals: [] });
      if (d.amount) {
        const figures = `¥${formatThousands(d.amount)}`;
        const capital = searchable(toChineseCapital(d.amount));
        expect({ why, figures, found: flat.includes(figures) }).toEqual({ why, figures, found: true });
        expect({ why, capital, found: flat.includes(capital) }).toEqual({ why, capital, found: true });
      }
      // What /verify keeps: the file's hash, the printed hash, to whom, when, which kind.
      const row = await p.prisma.documentPdf.findUniqueOrThrow({ where: { documentId: d.documentId } });
      const stored = await p.prisma.document.findUniqueOrThrow({ where: { id: d.documentId } });
      expect(row).toMatchObject({
        kind: d.kind,
        pdfSha256: sha256(pdf),
        printedSha256: d.contentSha256,
        recipient: d.reader ? d.organization : expect.stringContaining('社会公众'),
        issuedAt: stored.createdAt,
        pages,
      });
    }
    // The file as issued is kept: a second download is the same bytes.
    const again = await getPdf(p.http.get(`/api/documents/${issued.get('AGREEMENT')!.documentId}/pdf`).set(auth(f.applicants[0]))).expect(
      200,
    );
    expect(sha256(again.body as Buffer)).toBe(sha256(pdfs.get('AGREEMENT')!));
  });

  it('gives the PDF to the HTML document’s readers only, and in the portal beside each document', async () => {
    const receipt = issued.get('ACCEPTANCE_RECEIPT')!;
    await p.http.get(`/api/documents/${receipt.documentId}/pdf`).expect(401);
    await p.http.get(`/api/documents/${receipt.documentId}/pdf`).set(auth(f.applicants[1])).expect(404);
    await p.http.get(`/api/documents/${receipt.documentId}/pdf`).set(auth(f.expert)).expect(403);
    // Only the public notice is public.
    await p.http.get(`/api/public/documents/${receipt.documentId}/pdf`).expect(404);
    await getPdf(p.http.get(`/api/documents/${receipt.documentId}/pdf`).set(auth(f.reviewer))).expect(200);

    const agent = await portalSignIn(p, f.applicants[0]);
    const page = await agent.get(`/my/applications/${f.projectIds[0]}`).expect(200);
    expect(page.text).toContain(`href="/documents/${receipt.documentId}/view.pdf"`);
    const portalPdf = await agent.get(`/documents/${receipt.documentId}/view.pdf`).buffer(true).parse(binary).expect(200);
    expect(sha256(portalPdf.body as Buffer)).toBe(sha256(pdfs.get('ACCEPTANCE_RECEIPT')!));
    await agent.get(`/documents/${issued.get('TERMINATION_NOTICE')!.documentId}/view.pdf`).expect(404);
  });

  it('has both parties sign the agreement’s PDF: each signature records the hash of the file issued', async () => {
    for (const id of f.projectIds) {
      const agreement = await p.prisma.document.findFirstOrThrow({
        where: { applicationId: id, kind: 'AGREEMENT' },
        include: { signatures: true, pdf: true },
      });
      expect(agreement.pdf).not.toBeNull();
      expect(agreement.signatures.map((s) => s.party).sort()).toEqual(['applicant', 'bureau']);
      for (const s of agreement.signatures) expect(s.pdfSha256).toBe(agreement.pdf!.pdfSha256);
    }
    const signed = issued.get('AGREEMENT')!;
    expect(sha256(pdfs.get('AGREEMENT')!)).toBe(
      (await p.prisma.signature.findFirstOrThrow({ where: { documentId: signed.documentId } })).pdfSha256,
    );
  });

  it('serves /verify as an accessible page, Chinese first and in English, valid HTML with no serious axe findings', async () => {
    const agreement = issued.get('AGREEMENT')!;
    const agent = supertest.agent(p.app.getHttpServer());
    const zh = await agent.get(`/verify?sha256=${agreement.contentSha256}`);
    expect(await htmlProblems(zh.text)).toEqual([]);
    expect(zh.text).toContain('<html lang="zh-CN"');

    await p.app.listen(0, '127.0.0.1');
    const { port } = (p.app.getHttpServer() as { address(): AddressInfo }).address();
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      for (const [lang, title] of [
        ['zh-CN', '文书真伪核验'],
        ['en', 'Verify a document'],
      ] as const) {
        const next = encodeURIComponent(`/verify?sha256=${agreement.contentSha256}`);
        await page.goto(
          lang === 'en'
            ? `http://127.0.0.1:${port}/lang/en?next=${next}`
            : `http://127.0.0.1:${port}/verify?sha256=${agreement.contentSha256}`,
        );
        expect(await page.locator('h1').innerText()).toBe(title);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        expect(await page.locator('[data-verified="yes"] [data-verify-recipient]').innerText()).toBe(agreement.organization);
        expect({ lang, axe: describeViolations(await seriousViolations(page)) }).toEqual({ lang, axe: [] });
      }
    } finally {
      await browser.close();
    }
  });

  it('confirms a genuine file or its printed hash at /verify, refuses a file changed by one byte, and limits anonymous use', async () => {
    const agreement = issued.get('AGREEMENT')!;
    const pdf = pdfs.get('AGREEMENT')!;
    const upload = (file: Buffer) =>
      p.http.post('/api/public/verify').attach('file', file, { filename: 'agreement.pdf', contentType: 'application/pdf' });

    const byFile = await upload(pdf).expect(200);
    expect(byFile.body).toMatchObject({
      sha256: sha256(pdf),
      issued: true,
      matchedBy: 'file',
      document: { kind: 'AGREEMENT', recipient: agreement.organization, pdfSha256: sha256(pdf), printedSha256: agreement.contentSha256 },
    });
    const typed = await p.http.get(`/api/public/verify?sha256=${agreement.contentSha256.toUpperCase()}`).expect(200);
    expect(typed.body).toMatchObject({
      issued: true,
      matchedBy: 'printed',
      document: { kind: 'AGREEMENT', recipient: agreement.organization },
    });

    const changed = Buffer.from(pdf);
    const at = changed.length >> 1;
    changed[at] = changed[at] ^ 0x01;
    const refused = await upload(changed).expect(200);
    expect(refused.body).toMatchObject({ sha256: sha256(changed), issued: false });
    expect(refused.body.document).toBeUndefined();

    const bad = await p.http.get('/api/public/verify?sha256=not-a-hash').expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'sha256' })]);
    const none = await p.http.post('/api/public/verify').field('note', 'x').expect(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'file', rule: 'required' })]);

    // The portal's page, zh first: a typed hash, then an uploaded file with the form's CSRF token.
    const agent = supertest.agent(p.app.getHttpServer());
    const form = await agent.get('/verify').expect(200);
    expect(form.text).toContain('文书真伪核验');
    const page = await agent.get(`/verify?sha256=${agreement.contentSha256}`).expect(200);
    expect(page.text).toContain('data-verified="yes"');
    expect(page.text).toContain(agreement.organization);
    const posted = await agent
      .post('/verify')
      .field('_csrf', csrfOf(form.text)!)
      .attach('file', changed, { filename: 'agreement.pdf', contentType: 'application/pdf' })
      .expect(200);
    expect(posted.text).toContain('data-verified="no"');

    // Eleven checks so far from this address (three by the page test above, eight here), counted
    // across the API and the portal: the next allowed ones, then 429.
    let status = 200;
    let tries = 0;
    while (status !== 429 && tries < VERIFY_LIMIT) {
      tries++;
      const res = await p.http.get(`/api/public/verify?sha256=${agreement.contentSha256}`);
      status = res.status;
      if (status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(status).toBe(429);
    expect(tries).toBe(VERIFY_LIMIT - 11 + 1);
  });
});
