import ExcelJS from 'exceljs';
import { auth, TestUser } from '../support/factories';
import { pdfFile } from '../support/files';
import { fundedPlatform, fundedProjects, FundedProjects, reportBody, waitStage } from '../support/funded-projects';
import { eventually } from '../support/wait';
import type { TestPlatform } from '../support/app';

/**
 * Issue 4, acceptance 1, 4 (concurrency) and 5: tranches, reports, mid-term evaluation, the
 * two-way and third-party evaluations and closeout, on the real Temporal server and PostgreSQL.
 */
const EXCELLENT_THIRD_PARTY = { completion: 38, quality: 23, satisfaction: 19, finance: 14 }; // 94
const GOOD_MIDTERM = { completion: 34, quality: 21, satisfaction: 17, finance: 13 }; // 85
const ORG_SIDE = { completion: 45, quality: 26, fundUse: 18 };
const GOV_SIDE = { timelyPayment: 36, support: 27, noExtraTasks: 28 };

describe('from signed agreement to closeout', () => {
  let p: TestPlatform;
  let f: FundedProjects;
  const cents = (s: string) => Math.round(Number(s) * 100);

  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ p, f, close } = await fundedPlatform({ PSP_NOTICE_PERIOD_MS: '1500', PSP_TERM_MS: '600000', PSP_REMINDER_LEAD_MS: '5000' }, 2));
  });

  afterAll(() => close());

  const release = async (id: string, seq: number, requester: TestUser, approver: TestUser) => {
    await p.http.post(`/api/projects/${id}/tranches/${seq}/request`).set(auth(requester)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/${seq}/approve`).set(auth(approver)).expect(200);
  };

  it('walks a project from the signed agreement to the certificate, with ledger totals equal to the award', async () => {
    const id = f.projectIds[0];
    const applicant = f.applicants[0];
    const project = (await p.http.get(`/api/projects/${id}`).set(auth(f.finance1)).expect(200)).body;
    expect(project.tranches.map((t: { status: string }) => t.status)).toEqual(['DUE', 'PENDING', 'PENDING']);
    expect(project.reports.map((r: { kind: string }) => r.kind)).toEqual(['PERIODIC', 'MIDTERM', 'PERIODIC', 'FINAL']);

    // Tranche 1 after signing; the officer who asked may not approve (acceptance 5).
    await p.http.post(`/api/projects/${id}/tranches/1/request`).set(auth(f.finance1)).expect(200);
    const self = await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance1)).expect(403);
    expect(self.body.message).toContain('申请人与审批人不能为同一人');
    await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(200);
    await p.http.post(`/api/projects/${id}/tranches/2/request`).set(auth(f.finance1)).expect(409);

    const app = await p.prisma.application.findUniqueOrThrow({ where: { id } });
    const lines = app.budgetLines as { type: string; amount: string }[];
    // Periodic report returned once, then resubmitted and accepted.
    await p.http.post(`/api/projects/${id}/reports/1`).set(auth(applicant)).send(reportBody(lines, 20)).expect(200);
    await p.http
      .post(`/api/projects/${id}/reports/1/review`)
      .set(auth(f.reviewer))
      .send({ decision: 'RETURN', note: '请补充活动照片及签到表', revisionDeadline: new Date(Date.now() + 60000).toISOString() })
      .expect(200);
    // The resubmission carries evidence uploaded as project attachments; an application attachment kind is refused now.
    const pdf = pdfFile('sign-in sheet');
    await p.http
      .post(`/api/applications/${id}/attachments`)
      .set(auth(applicant))
      .field('kind', 'BUDGET_DETAIL')
      .attach('file', pdf, { filename: '预算.pdf', contentType: 'application/pdf' })
      .expect(409);
    const evidence = (
      await p.http
        .post(`/api/applications/${id}/attachments`)
        .set(auth(applicant))
        .field('kind', 'REPORT_EVIDENCE')
        .attach('file', pdf, { filename: '活动签到表.pdf', contentType: 'application/pdf' })
        .expect(201)
    ).body;
    const foreign = await p.http
      .post(`/api/projects/${id}/reports/1`)
      .set(auth(applicant))
      .send({ ...reportBody(lines, 25), attachmentIds: ['00000000-0000-4000-8000-000000000000'] })
      .expect(400);
    expect(foreign.body.errors[0]).toMatchObject({ field: 'attachmentIds', rule: 'projectEvidence' });
    await p.http
      .post(`/api/projects/${id}/reports/1`)
      .set(auth(applicant))
      .send({ ...reportBody(lines, 25), attachmentIds: [evidence.id] })
      .expect(200);
    await p.http
      .post(`/api/projects/${id}/reports/1/review`)
      .set(auth(f.reviewer))
      .send({ decision: 'ACCEPT', note: '材料齐全' })
      .expect(200);
    const receipt = await p.prisma.document.findFirstOrThrow({ where: { applicationId: id, kind: 'REPORT_RECEIPT' } });
    expect(receipt.html).toContain('活动签到表.pdf');
    expect(receipt.html).toContain(evidence.sha256);
    // Mid-term report, then the assigned evaluator's mid-term evaluation makes tranche 2 due.
    await p.http.post(`/api/projects/${id}/reports/2`).set(auth(applicant)).send(reportBody(lines, 45)).expect(200);
    await p.http.post(`/api/projects/${id}/reports/2/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议' })
      .expect(404); // not assigned yet: not even visible
    await p.http.post(`/api/projects/${id}/evaluator`).set(auth(f.manager)).send({ evaluatorId: f.evaluator.id }).expect(200);
    const midterm = await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'MIDTERM', scores: GOOD_MIDTERM, summary: '进度符合协议，服务质量良好' })
      .expect(200);
    expect(midterm.body).toEqual({ total: '85.00', grade: 'GOOD' });
    await release(id, 2, f.finance2, f.manager);

    await p.http.post(`/api/projects/${id}/reports/3`).set(auth(applicant)).send(reportBody(lines, 70)).expect(200);
    await p.http.post(`/api/projects/${id}/reports/3/review`).set(auth(f.reviewer)).send({ decision: 'ACCEPT', note: '' }).expect(200);
    // Final evaluations cannot start before the final report is accepted.
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.reviewer))
      .send({ kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '按协议完成' })
      .expect(409);
    await p.http.post(`/api/projects/${id}/reports/4`).set(auth(applicant)).send(reportBody(lines, 92)).expect(200);
    await p.http
      .post(`/api/projects/${id}/reports/4/review`)
      .set(auth(f.reviewer))
      .send({ decision: 'ACCEPT', note: '结项报告通过' })
      .expect(200);
    await waitStage(p, id, 'FINAL_EVALUATION');

    // Two-way evaluation: each side sees the other's only once both have filed.
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.reviewer))
      .send({ kind: 'GOV_ON_ORG', scores: ORG_SIDE, summary: '委托事项全部完成' })
      .expect(200);
    const before = await p.http.get(`/api/projects/${id}/evaluations`).set(auth(applicant)).expect(200);
    expect(before.body.map((e: { kind: string }) => e.kind)).not.toContain('GOV_ON_ORG');
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(applicant))
      .send({ kind: 'ORG_ON_GOV', scores: GOV_SIDE, summary: '拨付及时，指导到位' })
      .expect(200);
    const after = await p.http.get(`/api/projects/${id}/evaluations`).set(auth(applicant)).expect(200);
    expect(after.body.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['GOV_ON_ORG', 'ORG_ON_GOV']));
    await p.http
      .post(`/api/projects/${id}/evaluations`)
      .set(auth(f.evaluator))
      .send({ kind: 'FINAL_THIRD_PARTY', scores: EXCELLENT_THIRD_PARTY, summary: '成效显著' })
      .expect(200);

    await waitStage(p, id, 'CLOSING');
    await release(id, 3, f.finance1, f.finance2);
    await waitStage(p, id, 'CLOSED');

    const payments = await p.prisma.payment.findMany({ where: { applicationId: id } });
    expect(payments.reduce((s, x) => s + cents(x.amount.toFixed(2)), 0)).toBe(cents(app.award!.toFixed(2)));
    const spent = reportBody(lines, 92).spending.reduce((s, l) => s + cents(l.spent), 0);
    const recovery = await p.prisma.recovery.findUniqueOrThrow({ where: { applicationId: id } });
    expect(cents(recovery.amount.toFixed(2))).toBe(cents(app.award!.toFixed(2)) - spent);
    expect(await p.prisma.creditRecord.findUniqueOrThrow({ where: { applicationId: id } })).toMatchObject({
      kind: 'COMMENDED',
      grade: 'EXCELLENT',
      organizationId: f.orgIds[0],
    });
    // The record is what later panels and managers see of the organization.
    const org = (await p.http.get(`/api/organizations/${f.orgIds[0]}`).set(auth(f.reviewer)).expect(200)).body;
    expect(org.creditHistory).toEqual([
      expect.objectContaining({ applicationId: id, kind: 'COMMENDED', grade: 'EXCELLENT', gradeLabel: '优秀' }),
    ]);
    const docs = (await p.http.get(`/api/applications/${id}/documents`).set(auth(applicant)).expect(200)).body.map(
      (d: { kind: string }) => d.kind,
    );
    expect(docs).toEqual(expect.arrayContaining(['DISBURSEMENT_NOTICE', 'REPORT_RECEIPT', 'EVALUATION_REPORT', 'CLOSEOUT_CERTIFICATE']));
    expect(docs.filter((k: string) => k === 'DISBURSEMENT_NOTICE')).toHaveLength(3);
    const result = await p.http.get(`/api/public/projects/${id}`).expect(200);
    expect(result.body).toMatchObject({ stage: 'CLOSED', award: app.award!.toFixed(2) });
    expect(result.body.evaluations.map((e: { grade: string }) => e.grade)).toEqual(expect.arrayContaining(['EXCELLENT', 'GOOD']));

    // The ledger (台账) as Excel: its total equals the award paid.
    const xlsx = await p.http
      .get(`/api/finance/ledger.xlsx?roundId=${f.roundId}&status=PAID`)
      .set(auth(f.finance1))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as never);
    // 资金拨付台账: three paid rows of this project, and the 合计 row's cached total equals the award.
    const ledger = book.getWorksheet('资金拨付台账')!;
    const totalRow = ledger.getRow(3 + 3 + 1);
    expect(totalRow.getCell(1).value).toBe('合计');
    const amountTotal = totalRow.getCell('I').value as { formula: string; result: number };
    expect(amountTotal.formula).toBe('SUM(I4:I6)');
    expect(amountTotal.result.toFixed(2)).toBe(app.award!.toFixed(2));
    // 汇总: paid equals the award, nothing left unpaid.
    const summary = book.getWorksheet('汇总')!.getRow(4);
    expect([summary.getCell('F').value, summary.getCell('G').value, summary.getCell('H').value, summary.getCell('I').value]).toEqual([
      Number(app.award!.toFixed(2)),
      Number(app.award!.toFixed(2)),
      0,
      '3/3',
    ]);
  });

  it('pays a tranche exactly once under 50 concurrent requests and approvals from two officers', async () => {
    const id = f.projectIds[1];
    const officers = [f.finance1, f.finance2];
    const attempts = Array.from({ length: 50 }, (_, k) => {
      const who = officers[k % 2];
      const action = k % 4 < 2 ? 'request' : 'approve';
      return p.http
        .post(`/api/projects/${id}/tranches/1/${action}`)
        .set(auth(who))
        .then((r) => r.status);
    });
    const statuses = await Promise.all(attempts);
    expect(statuses.every((s) => [200, 403, 409].includes(s))).toBe(true);
    // If the burst ended with the tranche still requested, the other officer approves it now.
    const t = await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 1 } } });
    if (t.status === 'REQUESTED') {
      const other = officers.find((o) => o.id !== t.requestedById)!;
      await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(other)).expect(200);
    }
    await eventually(
      async () =>
        (await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 1 } } })).status === 'PAID'
          ? true
          : undefined,
      { label: 'tranche paid' },
    );
    expect(await p.prisma.payment.count({ where: { applicationId: id } })).toBe(1);
    expect(await p.prisma.bankTransfer.count({ where: { idempotencyKey: `${id}/1` } })).toBe(1);
    const paid = await p.prisma.tranche.findUniqueOrThrow({ where: { applicationId_seq: { applicationId: id, seq: 1 } } });
    expect(paid.approvedById).not.toBe(paid.requestedById);
    expect(await p.prisma.auditEntry.count({ where: { entityId: `${id}/1`, action: 'tranche.paid' } })).toBe(1);
    const again = await p.http.post(`/api/projects/${id}/tranches/1/approve`).set(auth(f.finance2)).expect(409);
    expect(again.body.currentStage).toBe('PAID');
  });

  it('lets the database refuse a payment above the award even if the code were wrong', async () => {
    const id = f.projectIds[1];
    const award = (await p.prisma.application.findUniqueOrThrow({ where: { id } })).award!;
    await expect(
      p.prisma.payment.create({
        data: {
          applicationId: id,
          trancheSeq: 99,
          amount: award,
          reference: `TEST-${id}`,
          requestedById: f.finance1.id,
          approvedById: f.finance2.id,
        },
      }),
    ).rejects.toThrow(/above the award/);
    // The platform's role may not update payments at all (the owner's append-only trigger: database-roles.test.ts).
    await expect(p.prisma.payment.updateMany({ where: { applicationId: id }, data: { amount: 1 } })).rejects.toThrow(
      /permission denied for table Payment/,
    );
  });

  it('shows finance the due, requested and paid tranches with filters', async () => {
    const paid = await p.http.get(`/api/tranches?status=PAID&roundId=${f.roundId}`).set(auth(f.finance1)).expect(200);
    expect(paid.body.total).toBe(4);
    const pending = await p.http.get(`/api/tranches?status=PENDING&roundId=${f.roundId}`).set(auth(f.finance1)).expect(200);
    expect(pending.body.items.every((t: { applicationId: string }) => t.applicationId === f.projectIds[1])).toBe(true);
    await p.http.get('/api/tranches').set(auth(f.applicants[0])).expect(403);
  });

  it('plans exactly one periodic report besides the mid-term and final ones for a round that asks for one', async () => {
    // The report that used to fall on the mid-term date and be dropped: due at the first quarter of the term.
    const one = await fundedProjects(p, 1, '100000.00', {}, { periodicReports: 1 });
    const id = one.projectIds[0];
    const project = (await p.http.get(`/api/projects/${id}`).set(auth(one.applicants[0])).expect(200)).body;
    expect(project.reports.map((r: { seq: number; kind: string }) => [r.seq, r.kind])).toEqual([
      [1, 'PERIODIC'],
      [2, 'MIDTERM'],
      [3, 'FINAL'],
    ]);
    const start = Date.parse(project.termStartsAt);
    const term = Date.parse(project.termEndsAt) - start;
    expect(project.reports.map((r: { dueAt: string }) => Date.parse(r.dueAt) - start)).toEqual([
      Math.floor(term / 4),
      Math.floor(term / 2),
      term,
    ]);
  });
});
