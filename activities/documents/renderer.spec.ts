import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  DEFAULT_OBLIGATIONS_A,
  DEFAULT_OBLIGATIONS_B,
  type AcceptanceReceiptData,
  type AgreementData,
  type PublicNoticeData,
  type RejectionNoticeData,
  type ReturnNoticeData,
} from './document-data';
import { formatDateZh, formatThousands } from './helpers';
import { DOCUMENT_KINDS, DocumentDataError, findTemplatesDir, renderDocument } from './renderer';

/** The markup with the whitespace between tags taken out (templates wrap long rows between cells). */
const cells = (html: string) => html.replace(/>\s+</g, '><');

const common = () => ({
  documentNo: '杭民创〔2026〕12号',
  issuedOn: '2026-11-23',
  bureau: { name: '杭州市民政局' },
});
const organization = () => ({ name: '杭州市拱墅区夕阳红社会工作服务中心', creditCode: '52330105MJ1234567X' });
const round = () => ({ name: '2026年度杭州市社区公益创投' });

function receipt(overrides: Partial<AcceptanceReceiptData> = {}): AcceptanceReceiptData {
  return {
    ...common(),
    round: round(),
    organization: organization(),
    application: {
      title: '“银龄相伴”独居老人关爱项目',
      category: '为老服务',
      requestedAmount: '123456.78',
      submittedAt: '2026-11-22T16:30:00Z',
      submissionNo: 37,
    },
    eligibility: [
      { rule: 'yearsRegistered', label: '登记满2年', passed: true, reason: '已登记4年' },
      { rule: 'minRating', label: '评估等级3A及以上', passed: false, reason: '评估等级为2A' },
    ],
    ...overrides,
  };
}

function returnNotice(): ReturnNoticeData {
  return {
    ...common(),
    round: round(),
    organization: organization(),
    application: { title: '“银龄相伴”独居老人关爱项目' },
    reason: '预算表中管理费占比超过10%，请调整；\n缺少上年度年检结论附件。',
    revisionDeadline: '2026-11-30T09:59:59Z',
    reviewer: { name: '王晓明' },
  };
}

function rejectionNotice(): RejectionNoticeData {
  return {
    ...common(),
    round: round(),
    organization: organization(),
    application: { title: '“银龄相伴”独居老人关爱项目', category: '为老服务' },
    reason: '申报单位被列入严重违法失信名单，不符合申报条件。',
    reviewer: { name: '王晓明' },
  };
}

function publicNotice(): PublicNoticeData {
  return {
    ...common(),
    round: { name: '2026年度杭州市社区公益创投', budgetPool: '3000000.00' },
    period: { startsAt: '2026-11-24T00:00:00+08:00', endsAt: '2026-11-30T17:00:00+08:00', workingDays: 5 },
    entries: [
      {
        rank: 1,
        organizationName: '杭州市拱墅区夕阳红社会工作服务中心',
        projectTitle: '“银龄相伴”独居老人关爱项目',
        category: '为老服务',
        finalScore: '91.40',
        award: '100000.00',
      },
      {
        rank: 2,
        organizationName: '杭州市西湖区童心社区服务社',
        projectTitle: '“四点半课堂”课后托管项目',
        category: '为小服务',
        finalScore: '88.25',
        award: '23456.78',
      },
    ],
    totalAward: '123456.78',
    objectionChannel: { url: 'https://gongyi.example.gov.cn/notices/2026-12', phone: '0571-87654321' },
  };
}

function agreement(overrides: Partial<AgreementData> = {}): AgreementData {
  return {
    ...common(),
    documentNo: '杭民创协〔2026〕8号',
    version: 2,
    partyA: { name: '杭州市民政局', address: '杭州市上城区解放东路18号', representative: '李建国' },
    partyB: { ...organization(), representative: '陈芳', contactPhone: '13800001234' },
    project: {
      title: '“银龄相伴”独居老人关爱项目',
      category: '为老服务',
      summary: '为辖区独居老人提供定期探访、健康监测和精神慰藉服务。',
      beneficiaries: '拱墅区80周岁以上独居老人',
      term: { startsOn: '2027-01-01', endsOn: '2027-12-31' },
    },
    entrustedItems: [
      { name: '入户探访', indicator: '服务人次', target: '1200', unit: '人次' },
      { name: '健康讲座', indicator: '活动场次', target: '12', unit: '场' },
    ],
    amount: '100000.00',
    tranches: [
      { label: '首期', percent: 50, amount: '50000.00', condition: '协议签订后' },
      { label: '二期', percent: 40, amount: '40000.00', condition: '中期评估合格后' },
      { label: '尾款', percent: 10, amount: '10000.00', condition: '结项评估合格后' },
    ],
    reportingDuties: [
      { kind: '季报', due: '每季度结束后10日内' },
      { kind: '中期报告', due: '2027-07-15' },
    ],
    obligationsA: [...DEFAULT_OBLIGATIONS_A],
    obligationsB: [...DEFAULT_OBLIGATIONS_B],
    signatures: { partyB: { name: '陈芳', signedAt: '2026-12-01T02:00:00Z' } },
    ...overrides,
  };
}

type ApplicationPhaseKind = keyof typeof DOCUMENT_KINDS;

const samples: { [K in ApplicationPhaseKind]: () => Parameters<typeof renderDocument<K>>[1] } = {
  ACCEPTANCE_RECEIPT: receipt,
  RETURN_NOTICE: returnNotice,
  REJECTION_NOTICE: rejectionNotice,
  PUBLIC_NOTICE: publicNotice,
  AGREEMENT: agreement,
};
const kinds = Object.keys(DOCUMENT_KINDS) as ApplicationPhaseKind[];

function missingFieldsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DocumentDataError);
    return (e as DocumentDataError).fields;
  }
  throw new Error('expected a DocumentDataError');
}

describe('renderDocument', () => {
  it.each(kinds)('renders %s as a complete zh-CN page with its title, number and issue date', (kind) => {
    const { title, html } = renderDocument(kind, samples[kind]());
    expect(title).toBe(DOCUMENT_KINDS[kind]!.zh);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(cells(html)).toMatch(/<title>[^<]+<\/title>[\s\S]*<body>[\s\S]*<\/body>\s*<\/html>\s*$/);
    expect(html).toContain(`<h1 class="doc-title">${title}</h1>`);
    expect(html).toContain(samples[kind]().documentNo);
    expect(html).toContain(kind === 'AGREEMENT' ? '（第2版　2026年11月23日）' : '2026年11月23日');
  });

  it('hashes the exact UTF-8 html and gives the same bytes on every render', () => {
    const first = renderDocument('AGREEMENT', agreement());
    const second = renderDocument('AGREEMENT', agreement());
    expect(first.sha256).toBe(createHash('sha256').update(Buffer.from(first.html, 'utf8')).digest('hex'));
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toEqual(first);
  });

  it('escapes a malicious title everywhere it appears', () => {
    const data = receipt();
    data.application.title = '<script>alert(1)</script>';
    const { html } = renderDocument('ACCEPTANCE_RECEIPT', data);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names every missing or malformed field instead of printing a blank', () => {
    const data = agreement() as Partial<AgreementData>;
    delete data.amount;
    expect(missingFieldsOf(() => renderDocument('AGREEMENT', data as AgreementData))).toEqual(['amount']);

    const bad = receipt();
    bad.application.requestedAmount = '12,000';
    bad.application.title = ' ';
    const fields = missingFieldsOf(() => renderDocument('ACCEPTANCE_RECEIPT', bad));
    expect(fields).toEqual(['application.title', 'application.requestedAmount']);
  });

  it('checks list items and present signatures, and refuses tranches that do not add up', () => {
    const data = agreement({ signatures: { partyA: { name: '李建国', signedAt: '2026-12-01T10:00' } } });
    data.tranches[1] = { ...data.tranches[1]!, amount: '' };
    expect(missingFieldsOf(() => renderDocument('AGREEMENT', data))).toEqual(['tranches[1].amount', 'signatures.partyA.signedAt']);

    const uneven = agreement();
    uneven.tranches[2] = { ...uneven.tranches[2]!, amount: '9999.99' };
    expect(missingFieldsOf(() => renderDocument('AGREEMENT', uneven))).toEqual(['tranches']);
  });
});

describe('document contents', () => {
  it('acceptance receipt: amounts in figures and capitals, China time, eligibility table', () => {
    const { html } = renderDocument('ACCEPTANCE_RECEIPT', receipt());
    expect(html).toContain('杭州市拱墅区夕阳红社会工作服务中心：');
    expect(html).toContain('52330105MJ1234567X');
    expect(html).toContain('人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分（¥123,456.78）');
    expect(html).toContain('2026年11月23日 00:30'); // 16:30 UTC is past midnight in China
    expect(html).toContain('第37号');
    expect(html).toContain('资格审查');
    expect(cells(html)).toMatch(/登记满2年<\/td><td class="center">通过<\/td><td>已登记4年/);
    expect(cells(html)).toMatch(/评估等级3A及以上<\/td><td class="center fails">未通过<\/td>/);
    expect(cells(html)).toMatch(/<p>杭州市民政局<\/p>\s*<p>2026年11月23日<\/p>/);
  });

  it('return notice: reason, the deadline and the deemed-withdrawal rule', () => {
    const { html } = renderDocument('RETURN_NOTICE', returnNotice());
    expect(html).toContain('管理费占比超过10%');
    expect(html).toContain('请于2026年11月30日 17:59前');
    expect(html).toContain('逾期未补正的，视为撤回申报');
    expect(html).toContain('王晓明');
  });

  it('rejection notice: the decision and its reason', () => {
    const { html } = renderDocument('REJECTION_NOTICE', rejectionNotice());
    expect(html).toContain('决定不予受理');
    expect(html).toContain('严重违法失信名单');
    expect(html).toContain('（为老服务类）');
  });

  it('public notice: list, totals, period and the objection rules', () => {
    const { html } = renderDocument('PUBLIC_NOTICE', publicNotice());
    expect(html).toContain('人民币叁佰万元整（¥3,000,000.00）');
    expect(html).toContain('拟资助项目2个，拟资助金额合计人民币壹拾贰万叁仟肆佰伍拾陆元柒角捌分（¥123,456.78）');
    expect(html).toContain('<td class="num">23,456.78</td>');
    expect(html).toContain('2026年11月24日 00:00至2026年11月30日 17:00，共5个工作日');
    expect(html).toContain('https://gongyi.example.gov.cn/notices/2026-12');
    expect(html).toContain('0571-87654321');
    expect(html).toContain('匿名提出或者没有具体理由的异议，不予受理');
  });

  it('agreement: parties, items, amount in capitals and figures, tranches, duties and signatures', () => {
    const { html } = renderDocument('AGREEMENT', agreement());
    expect(html).toContain('甲方（委托方）：杭州市民政局');
    expect(html).toContain('乙方（承接方）：杭州市拱墅区夕阳红社会工作服务中心');
    expect(html).toContain('项目资金总额人民币壹拾万元整（¥100,000.00）');
    expect(cells(html)).toMatch(/首期<\/td><td class="num">50%<\/td><td class="num">50,000.00<\/td><td>协议签订后/);
    expect(html).toContain('入户探访');
    expect(html).toContain('2027年1月1日至2027年12月31日');
    expect(html).toContain('<td>每季度结束后10日内</td>');
    expect(html).toContain('<td>2027年7月15日</td>');
    expect(html).toContain('不得向乙方摊派本协议以外的事项');
    expect(html).toContain('结余资金退回');
    expect(html).toContain('签订日期：2026年12月1日'); // party B signed
    expect(cells(html)).toMatch(/甲方（盖章）：杭州市民政局<\/p>\s*<p>代表人（签字）：<span class="blank"><\/span>/);
  });
});

describe('helpers and template lookup', () => {
  it('formats amounts with thousands separators and dates in Chinese', () => {
    expect(formatThousands('1234567.8')).toBe('1,234,567.80');
    expect(formatThousands('0')).toBe('0.00');
    expect(formatThousands('999')).toBe('999.00');
    expect(formatDateZh('2026-11-23')).toBe('2026年11月23日');
    expect(formatDateZh('2026-11-22T23:59:59.999+08:00')).toBe('2026年11月22日');
    expect(() => formatDateZh('2026-02-30')).toThrow(RangeError);
  });

  it('finds the templates from the compiled output folder as well as from the sources', () => {
    const root = findTemplatesDir(join(__dirname, '..', '..'));
    expect(findTemplatesDir(__dirname)).toBe(root);
    expect(findTemplatesDir(join(__dirname, '..', '..', 'dist', 'activities', 'documents'))).toBe(root);
    expect(() => findTemplatesDir('/')).toThrow(/layout\.hbs not found/);
  });
});
