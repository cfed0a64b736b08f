import ExcelJS from 'exceljs';
import {
  buildLedgerWorkbook,
  chinaTimeText,
  HEADER_ROW,
  LEDGER_SHEET,
  MONEY_FORMAT,
  SUMMARY_SHEET,
  type LedgerRow,
} from './ledger-workbook';

const base = {
  roundName: '2026年度杭州市社区公益创投',
  organizationName: '杭州市拱墅区夕阳红社会工作服务中心',
  creditCode: '52330105MJ1234567X',
  projectTitle: '“银龄相伴”独居老人关爱项目',
  award: '100000.41',
};
const other = {
  ...base,
  organizationName: '杭州市西湖区童心社区服务社',
  creditCode: '52330106MJ7654321Y',
  projectTitle: '“四点半课堂”',
  award: '0.30',
};

// 0.1 + 0.2 is not 0.3 in binary; the totals must still be exact.
const rows: LedgerRow[] = [
  {
    ...base,
    seq: 1,
    label: '协议签订后',
    amount: '50000.11',
    status: '已拨付',
    requestedBy: '赵会计',
    requestedAt: '2026-12-01T02:00:00Z',
    approvedBy: '钱主任',
    paidAt: '2026-12-01T16:05:00Z',
    paymentRef: 'TRX-1',
  },
  {
    ...base,
    seq: 2,
    label: '中期评估合格后',
    amount: '40000.13',
    status: '待审批',
    requestedBy: '赵会计',
    requestedAt: '2027-07-01T01:00:00+08:00',
  },
  { ...base, seq: 3, label: '结项评估完成后', amount: '10000.17', status: '未到拨付条件' },
  { ...other, seq: 1, label: '协议签订后', amount: '0.10', status: '已拨付', paidAt: '2026-12-02T01:00:00Z', paymentRef: 'TRX-2' },
  { ...other, seq: 2, label: '结项评估完成后', amount: '0.20', status: '已拨付', paidAt: '2026-12-03T01:00:00Z', paymentRef: 'TRX-3' },
];
const meta = { title: '资金拨付台账', generatedAt: '2027-01-05T02:03:04Z' };

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

const valuesOf = (sheet: ExcelJS.Worksheet, row: number) => (sheet.getRow(row).values as unknown[]).slice(1);

describe('buildLedgerWorkbook', () => {
  it('writes the tranche ledger with a frozen zh header, typed cells and China times', async () => {
    const workbook = await load(await buildLedgerWorkbook(rows, meta));
    expect(workbook.worksheets.map((s) => s.name)).toEqual([LEDGER_SHEET, SUMMARY_SHEET]);
    const sheet = workbook.getWorksheet(LEDGER_SHEET)!;
    expect(sheet.getCell('A1').value).toBe('资金拨付台账');
    expect(sheet.getCell('A2').value).toBe('生成时间：2027-01-05 10:03（北京时间）');
    expect(valuesOf(sheet, HEADER_ROW)).toEqual([
      '序号',
      '批次',
      '申报单位',
      '统一社会信用代码',
      '项目名称',
      '资助金额（元）',
      '期次',
      '拨付节点',
      '拨付金额（元）',
      '状态',
      '申请人',
      '申请时间',
      '审批人',
      '拨付时间',
      '支付凭证号',
    ]);
    expect(sheet.getRow(HEADER_ROW).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(sheet.getColumn(5).width).toBe(34);

    expect(valuesOf(sheet, HEADER_ROW + 1)).toEqual([
      1,
      base.roundName,
      base.organizationName,
      '52330105MJ1234567X',
      base.projectTitle,
      100000.41,
      1,
      '协议签订后',
      50000.11,
      '已拨付',
      '赵会计',
      '2026-12-01 10:00',
      '钱主任',
      '2026-12-02 00:05',
      'TRX-1',
    ]);
    expect(sheet.getCell(`I${HEADER_ROW + 1}`).numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getCell(`L${HEADER_ROW + 2}`).value).toBe('2027-07-01 01:00');
    expect(sheet.getCell(`N${HEADER_ROW + 3}`).value).toBe('');
  });

  it('ends the ledger with a SUM formula whose cached result is the exact decimal total', async () => {
    const sheet = (await load(await buildLedgerWorkbook(rows, meta))).getWorksheet(LEDGER_SHEET)!;
    const totalRow = HEADER_ROW + rows.length + 1;
    expect(sheet.getCell(`A${totalRow}`).value).toBe('合计');
    const total = sheet.getCell(`I${totalRow}`);
    expect(total.formula).toBe(`SUM(I${HEADER_ROW + 1}:I${totalRow - 1})`);
    expect(total.result).toBe(100000.71);
    const naive = rows.reduce((s, r) => s + Number(r.amount), 0);
    expect(naive).not.toBe(100000.71); // what float addition would have cached
    expect(total.numFmt).toBe(MONEY_FORMAT);
  });

  it('summarises award, paid and remaining per project, with exact totals', async () => {
    const sheet = (await load(await buildLedgerWorkbook(rows, meta))).getWorksheet(SUMMARY_SHEET)!;
    expect(valuesOf(sheet, HEADER_ROW)).toEqual([
      '序号',
      '批次',
      '申报单位',
      '统一社会信用代码',
      '项目名称',
      '资助金额（元）',
      '已拨付（元）',
      '未拨付（元）',
      '已拨付期数',
    ]);
    expect(valuesOf(sheet, HEADER_ROW + 1)).toEqual([
      1,
      base.roundName,
      base.organizationName,
      base.creditCode,
      base.projectTitle,
      100000.41,
      50000.11,
      50000.3,
      '1/3',
    ]);
    expect(valuesOf(sheet, HEADER_ROW + 2)).toEqual([
      2,
      other.roundName,
      other.organizationName,
      other.creditCode,
      other.projectTitle,
      0.3,
      0.3,
      0,
      '2/2',
    ]);
    const totalRow = HEADER_ROW + 3;
    expect(sheet.getCell(`A${totalRow}`).value).toBe('合计');
    expect(sheet.getCell(`F${totalRow}`).formula).toBe(`SUM(F4:F5)`);
    expect(sheet.getCell(`F${totalRow}`).result).toBe(100000.71);
    expect(sheet.getCell(`G${totalRow}`).result).toBe(50000.41);
    expect(sheet.getCell(`H${totalRow}`).result).toBe(50000.3);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
  });

  it('handles an empty ledger and refuses malformed amounts, times and awards', async () => {
    const empty = (await load(await buildLedgerWorkbook([], meta))).getWorksheet(LEDGER_SHEET)!;
    expect(empty.getCell(`I${HEADER_ROW + 1}`).value).toBe(0);
    await expect(buildLedgerWorkbook([{ ...rows[0]!, amount: '1,000' }], meta)).rejects.toThrow(/row 1 amount/);
    await expect(buildLedgerWorkbook([{ ...rows[0]!, paidAt: '2026-12-01 10:00' }], meta)).rejects.toThrow(/row 1 paidAt/);
    await expect(buildLedgerWorkbook([rows[0]!, { ...rows[1]!, award: '1.00' }], meta)).rejects.toThrow(/row 2: award/);
    await expect(buildLedgerWorkbook(rows, { ...meta, generatedAt: '2027-01-05' })).rejects.toThrow(/generatedAt/);
  });

  it('formats instants in China time whatever the offset they arrive with', () => {
    expect(chinaTimeText('2026-12-31T16:00:00Z')).toBe('2027-01-01 00:00');
    expect(chinaTimeText('2027-01-01T00:00:00+08:00')).toBe('2027-01-01 00:00');
    expect(chinaTimeText('2027-03-04')).toBe('2027-03-04');
    expect(chinaTimeText(undefined)).toBe('');
  });
});
