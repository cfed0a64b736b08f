import { createHash } from 'node:crypto';
import { formatRate } from './implementation-helpers';
import {
  ALL_DOCUMENT_KINDS,
  DOCUMENT_KINDS,
  DocumentDataError,
  IMPLEMENTATION_DOCUMENT_KINDS,
  renderDocument,
  templateFileName,
} from './renderer';
import type {
  CloseoutCertificateData,
  DisbursementNoticeData,
  EvaluationReportData,
  ReportReceiptData,
  TerminationNoticeData,
} from './document-data';

/** The markup with the whitespace between tags taken out (templates wrap long rows between cells). */
const cells = (html: string) => html.replace(/>\s+</g, '><');

const common = () => ({ documentNo: '杭民创拨〔2027〕5号', issuedOn: '2027-01-05', bureau: { name: '杭州市民政局' } });
const organization = () => ({ name: '杭州市拱墅区夕阳红社会工作服务中心', creditCode: '52330105MJ1234567X' });
const project = () => ({ title: '“银龄相伴”独居老人关爱项目' });

function disbursement(): DisbursementNoticeData {
  return {
    ...common(),
    organization: organization(),
    project: project(),
    tranche: { seq: 2, label: '中期评估合格后', percent: 40, amount: '40000.50' },
    payment: { reference: 'TRX-2027-000123', paidOn: '2027-01-04T17:30:00Z' },
    totals: { award: '100001.00', paidToDate: '90001.00', remaining: '10000.00' },
    approvals: { requestedBy: '赵会计', approvedBy: '钱主任' },
  };
}

function reportReceipt(): ReportReceiptData {
  return {
    ...common(),
    organization: organization(),
    project: project(),
    report: {
      kindLabel: '中期报告',
      seq: 3,
      submittedAt: '2027-07-16T01:00:00Z',
      dueAt: '2027-07-15T15:59:59Z',
      acceptedAt: '2027-07-20T02:15:00Z',
      reviewer: '王晓明',
    },
    indicators: [
      { name: '入户探访', unit: '人次', planned: 1200, achieved: 1250 },
      { name: '健康讲座', unit: '场', planned: 0, achieved: 2 },
    ],
    spending: [
      { typeLabel: '活动费', budgeted: '60000.00', spent: '30000.10' },
      { typeLabel: '管理费', budgeted: '3000.00', spent: '0.20' },
    ],
    spendingTotal: '30000.30',
  };
}

function evaluationReport(): EvaluationReportData {
  return {
    ...common(),
    organization: organization(),
    project: project(),
    evaluation: {
      kindLabel: '第三方评估',
      evaluatorName: '孙评估',
      evaluatorOrg: '浙江众诚社会评估中心',
      filedAt: '2027-12-20T08:00:00+08:00',
      total: '86.50',
      grade: '良好',
    },
    criteria: [
      { name: '委托事项完成情况', weight: 40, score: 36, comment: '完成率高' },
      { name: '服务质量', weight: 25, score: '21.5' },
      { name: '服务对象满意度', weight: 20, score: 17 },
      { name: '财务合规', weight: 15, score: 12 },
    ],
    summary: '项目整体实施良好。\n建议加强台账管理。',
  };
}

function certificate(overrides: Partial<CloseoutCertificateData> = {}): CloseoutCertificateData {
  return {
    ...common(),
    organization: organization(),
    project: { ...project(), term: { startsOn: '2027-01-01', endsOn: '2027-12-31' } },
    award: '100000.00',
    paidTotal: '100000.00',
    spentTotal: '98765.40',
    recovery: '1234.60',
    finalGrade: '优秀',
    evaluations: [
      { label: '中期评估', grade: '良好' },
      { label: '第三方结项评估', grade: '优秀' },
    ],
    creditNote: '记入诚信记录：优秀',
    ...overrides,
  };
}

function termination(overrides: Partial<TerminationNoticeData> = {}): TerminationNoticeData {
  return {
    ...common(),
    organization: organization(),
    project: project(),
    reason: '中期评估整改后复评仍不合格，依协议终止项目',
    terminatedOn: '2027-08-01',
    returnWithinDays: 30,
    settlement: { award: '100000.00', paid: '50000.00', cancelledUnpaid: '50000.00', spent: '20000.00', recovery: '30000.00' },
    ...overrides,
  };
}

const samples = {
  DISBURSEMENT_NOTICE: disbursement,
  REPORT_RECEIPT: reportReceipt,
  EVALUATION_REPORT: evaluationReport,
  CLOSEOUT_CERTIFICATE: certificate,
  TERMINATION_NOTICE: termination,
} as const;
type Kind = keyof typeof samples;
const kinds = Object.keys(IMPLEMENTATION_DOCUMENT_KINDS) as Kind[];
const render = <K extends Kind>(kind: K, data = samples[kind]()) => renderDocument(kind, data as never);

function fieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentDataError);
    return (e as DocumentDataError).fields;
  }
  throw new Error('expected a DocumentDataError');
}

describe('implementation documents', () => {
  it('are known to the renderer beside the application documents', () => {
    expect(Object.keys(ALL_DOCUMENT_KINDS)).toEqual([...Object.keys(DOCUMENT_KINDS), ...kinds]);
    expect(kinds.map(templateFileName)).toEqual([
      'disbursement-notice.hbs',
      'report-receipt.hbs',
      'evaluation-report.hbs',
      'closeout-certificate.hbs',
      'termination-notice.hbs',
    ]);
  });

  it.each(kinds)('renders %s as a complete page, the same bytes every time', (kind) => {
    const first = render(kind);
    expect(first.title).toBe(IMPLEMENTATION_DOCUMENT_KINDS[kind].zh);
    expect(first.html).toContain(`<h1 class="doc-title">${first.title}</h1>`);
    expect(first.html).toContain('杭民创拨〔2027〕5号');
    expect(first.html).toMatch(/<p>杭州市民政局<\/p>\s*<p>2027年1月5日<\/p>/);
    expect(first.sha256).toBe(createHash('sha256').update(first.html, 'utf8').digest('hex'));
    expect(render(kind)).toEqual(first);
  });

  it.each(kinds)('%s names its missing fields and escapes what it prints', (kind) => {
    const data = { ...samples[kind](), documentNo: '', organization: { name: '<b>x</b>', creditCode: '5' } };
    expect(fieldsOf(() => render(kind, data as never))).toEqual(['documentNo']);
    const { html } = render(kind, { ...data, documentNo: 'N' } as never);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});

describe('implementation document contents', () => {
  it('disbursement notice: amount in figures and capitals, the date in China, progress and approvers', () => {
    const { html } = render('DISBURSEMENT_NOTICE');
    expect(html).toContain('第2期资金（中期评估合格后）已于2027年1月5日拨付'); // 17:30Z is the next day in China
    expect(html).toContain('人民币肆万元伍角（¥40,000.50），占项目资金总额的40%');
    expect(html).toContain('TRX-2027-000123');
    expect(cells(html)).toMatch(/100,001.00<\/td><td class="num">90,001.00<\/td><td class="num">10,000.00</);
    expect(cells(html)).toMatch(/拨付申请人<\/th><td>赵会计<\/td>[\s\S]*拨付审批人<\/th><td>钱主任</);
  });

  it('disbursement notice: totals must agree', () => {
    const d = disbursement();
    d.totals.remaining = '10000.01';
    expect(fieldsOf(() => render('DISBURSEMENT_NOTICE', d))).toEqual(['totals.remaining']);
    d.totals = { award: '100.00', paidToDate: '200.00', remaining: '0.00' };
    d.tranche.amount = '300.00';
    expect(fieldsOf(() => render('DISBURSEMENT_NOTICE', d))).toEqual(['tranche.amount', 'totals.paidToDate']);
  });

  it('report receipt: late filing, completion and execution rates, spending total', () => {
    const { html } = render('REPORT_RECEIPT');
    expect(html).toContain('中期报告（第3份）于2027年7月16日 09:00提交，晚于规定的报送时间2027年7月15日 23:59，属逾期报送');
    expect(html).toContain('2027年7月16日 09:00（逾期）');
    expect(cells(html)).toMatch(
      /入户探访<\/td><td class="center">人次<\/td><td class="num">1200<\/td><td class="num">1250<\/td><td class="num">104.2%/,
    );
    expect(cells(html)).toMatch(/健康讲座[\s\S]*?<td class="num">—<\/td>/);
    expect(cells(html)).toMatch(/活动费<\/td><td class="num">60,000.00<\/td><td class="num">30,000.10<\/td><td class="num">50.0%/);
    expect(html).toContain('累计支出人民币叁万元叁角（¥30,000.30）');
    expect(html).toContain('王晓明');

    const onTime = reportReceipt();
    onTime.report.submittedAt = '2027-07-15T15:59:59Z';
    onTime.indicators = [];
    const page = render('REPORT_RECEIPT', onTime).html;
    expect(page).not.toContain('逾期');
    expect(page).toContain('（按期）');
    expect(page).toContain('本报告未填报指标');
  });

  it('report receipt: the total must be the sum of the lines', () => {
    const d = reportReceipt();
    d.spendingTotal = '30000.00';
    expect(fieldsOf(() => render('REPORT_RECEIPT', d))).toEqual(['spendingTotal']);
  });

  it('evaluation report: criteria, total, grade, evaluator and summary', () => {
    const { html } = render('EVALUATION_REPORT');
    expect(html).toContain('《“银龄相伴”独居老人关爱项目》第三方评估');
    expect(cells(html)).toMatch(/服务质量<\/td><td class="num">25<\/td><td class="num">21.5<\/td>/);
    expect(html).toContain('完成率高');
    expect(html).toContain('综合得分为86.50分，评估等次为良好');
    expect(html).toContain('评估人：孙评估（浙江众诚社会评估中心）　提交日期：2027年12月20日');
    expect(html).toContain('建议加强台账管理');
  });

  it('evaluation report: the grade must be the one the total earns, from the four grades', () => {
    const d = evaluationReport();
    d.evaluation.grade = '优秀';
    expect(fieldsOf(() => render('EVALUATION_REPORT', d))).toEqual(['evaluation.grade']);
    d.evaluation.grade = '较好';
    d.evaluation.total = '101';
    d.criteria[0]!.score = 'abc';
    expect(fieldsOf(() => render('EVALUATION_REPORT', d))).toEqual(['evaluation.total', 'evaluation.grade', 'criteria[0].score']);
  });

  it('closeout certificate: formal wording, finance, evaluations and credit note', () => {
    const { html } = render('CLOSEOUT_CERTIFICATE');
    expect(html).toContain('class="certificate"');
    expect(html).toContain('实施期限自2027年1月1日至2027年12月31日');
    expect(html).toContain('经评估，准予结项。');
    expect(html).toContain('人民币壹拾万元整（¥100,000.00）');
    expect(html).toContain('人民币玖万捌仟柒佰陆拾伍元肆角（¥98,765.40）');
    expect(html).toContain('项目结余资金人民币壹仟贰佰叁拾肆元陆角（¥1,234.60）应按项目协议退回杭州市民政局');
    expect(cells(html)).toMatch(/中期评估<\/th><td>良好<\/td>/);
    expect(html).toContain('记入诚信记录：优秀');
    expect(html).toContain('特发此证。');
  });

  it('closeout certificate: no surplus, a failed grade, and a recovery that does not follow the rule', () => {
    const none = render('CLOSEOUT_CERTIFICATE', certificate({ spentTotal: '100000.00', recovery: '0' })).html;
    expect(none).toContain('无结余资金（¥0.00）');
    expect(none).not.toContain('应按项目协议退回');

    const failed = render('CLOSEOUT_CERTIFICATE', certificate({ finalGrade: '不合格' })).html;
    expect(failed).not.toContain('准予结项');
    expect(failed).toContain('结项评估等次为不合格，尾款不予拨付，予以结项');

    expect(fieldsOf(() => render('CLOSEOUT_CERTIFICATE', certificate({ recovery: '0.00' })))).toEqual(['recovery']);
    expect(fieldsOf(() => render('CLOSEOUT_CERTIFICATE', certificate({ finalGrade: 'EXCELLENT' })))).toEqual(['finalGrade']);
  });

  it('termination notice: reason, settlement and the recovery within the period', () => {
    const { html } = render('TERMINATION_NOTICE');
    expect(html).toContain('决定自2027年8月1日起终止项目协议');
    expect(html).toContain('中期评估整改后复评仍不合格');
    expect(cells(html)).toMatch(/取消拨付资金（尚未拨付部分）<\/td><td class="num">50,000.00/);
    expect(html).toContain('自收到本通知之日起30日内，将已拨付未使用的资金人民币叁万元整（¥30,000.00）退回杭州市民政局指定账户');
    expect(html).toContain('诚信记录');

    const spentAll = termination({
      settlement: { award: '100000.00', paid: '50000.00', cancelledUnpaid: '50000.00', spent: '60000.00', recovery: '0.00' },
    });
    const page = render('TERMINATION_NOTICE', spentAll).html;
    expect(page).toContain('无须退回资金');
    expect(page).not.toContain('日内，将已拨付');
  });

  it('termination notice: settlement figures and the period are checked', () => {
    const bad = termination({ returnWithinDays: 0 });
    bad.settlement.cancelledUnpaid = '40000.00';
    bad.settlement.recovery = '29999.99';
    expect(fieldsOf(() => render('TERMINATION_NOTICE', bad))).toEqual([
      'returnWithinDays',
      'settlement.cancelledUnpaid',
      'settlement.recovery',
    ]);
  });

  it('rates are decimal and rounded half-up', () => {
    expect(formatRate(1, 3)).toBe('33.3%');
    expect(formatRate('0.01', '0.08')).toBe('12.5%');
    expect(formatRate(5, 0)).toBe('—');
  });
});
