/**
 * 资金拨付台账 as an Excel workbook: one row per tranche, and a per-project summary (汇总).
 * Amounts arrive as yuan strings and every total is computed from them in decimal; a cell holds
 * the nearest double (Excel has nothing else), and each SUM formula carries the exact decimal
 * total as its cached result, so a reader that does not recalculate shows the right figure.
 * Times are printed as text in China time, never in the server's or the reader's zone.
 */
import ExcelJS from 'exceljs';
import { parseDocumentDate } from '@workflows/rules/china-date';
import { formatMoney, isMoneyString, parseMoney, sumMoney } from '@workflows/rules/money';
import type { Decimal } from 'decimal.js';

export interface LedgerRow {
  roundName: string;
  organizationName: string;
  creditCode: string;
  projectTitle: string;
  /** The project's award; every row of one project must carry the same amount. */
  award: string;
  seq: number;
  /** The tranche's stage in words, e.g. 协议签订后. */
  label: string;
  amount: string;
  /** Status in words, e.g. 已拨付. */
  status: string;
  requestedBy?: string;
  requestedAt?: string;
  approvedBy?: string;
  /** A tranche counts as paid in the summary exactly when it has a paidAt. */
  paidAt?: string;
  paymentRef?: string;
}

export interface LedgerMeta {
  title: string;
  /** ISO instant with an offset. */
  generatedAt: string;
}

export const LEDGER_SHEET = '资金拨付台账';
export const SUMMARY_SHEET = '汇总';
export const MONEY_FORMAT = '#,##0.00';
/** Row 1 is the title, row 2 the generation time, row 3 the header; data starts on row 4. */
export const HEADER_ROW = 3;

interface Column {
  header: string;
  width: number;
  money?: boolean;
}

const LEDGER_COLUMNS: Column[] = [
  { header: '序号', width: 6 },
  { header: '批次', width: 26 },
  { header: '申报单位', width: 32 },
  { header: '统一社会信用代码', width: 22 },
  { header: '项目名称', width: 34 },
  { header: '资助金额（元）', width: 16, money: true },
  { header: '期次', width: 6 },
  { header: '拨付节点', width: 18 },
  { header: '拨付金额（元）', width: 16, money: true },
  { header: '状态', width: 14 },
  { header: '申请人', width: 10 },
  { header: '申请时间', width: 17 },
  { header: '审批人', width: 10 },
  { header: '拨付时间', width: 17 },
  { header: '支付凭证号', width: 24 },
];
const AMOUNT_COLUMN = 'I';

const SUMMARY_COLUMNS: Column[] = [
  { header: '序号', width: 6 },
  { header: '批次', width: 26 },
  { header: '申报单位', width: 32 },
  { header: '统一社会信用代码', width: 22 },
  { header: '项目名称', width: 34 },
  { header: '资助金额（元）', width: 16, money: true },
  { header: '已拨付（元）', width: 16, money: true },
  { header: '未拨付（元）', width: 16, money: true },
  { header: '已拨付期数', width: 11 },
];

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** "2026-11-22T16:30:00Z" → "2026-11-23 00:30" (China time); a date stays "YYYY-MM-DD"; absent → "". */
export function chinaTimeText(value: string | undefined, what = 'time'): string {
  if (value === undefined || value === '') return '';
  const d = parseDocumentDate(value);
  if (!d) throw new RangeError(`${what}: not a date or an ISO instant with offset: ${JSON.stringify(value)}`);
  const p = (n: number) => String(n).padStart(2, '0');
  const day = `${d.year}-${p(d.month)}-${p(d.day)}`;
  return d.kind === 'date' ? day : `${day} ${p(d.hour)}:${p(d.minute)}`;
}

function moneyOf(value: string, what: string): Decimal {
  if (!isMoneyString(value)) throw new RangeError(`${what}: not a yuan amount: ${JSON.stringify(value)}`);
  return parseMoney(value);
}

/** The double nearest to the exact decimal amount. */
const cellNumber = (d: Decimal): number => Number(formatMoney(d));

function addTitle(sheet: ExcelJS.Worksheet, columns: Column[], title: string, generated: string): void {
  const last = sheet.getColumn(columns.length).letter;
  sheet.mergeCells(`A1:${last}1`);
  sheet.mergeCells(`A2:${last}2`);
  const titleCell = sheet.getCell('A1');
  titleCell.value = title;
  titleCell.font = { bold: true, size: 16 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(1).height = 28;
  const generatedCell = sheet.getCell('A2');
  generatedCell.value = `生成时间：${generated}（北京时间）`;
  generatedCell.alignment = { horizontal: 'right' };
  const header = sheet.getRow(HEADER_ROW);
  header.values = columns.map((c) => c.header);
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7E6E6' } };
    cell.border = THIN;
  });
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width;
    if (c.money) column.numFmt = MONEY_FORMAT;
  });
  sheet.views = [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW }];
  sheet.pageSetup = { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 };
}

/** A 合计 row: SUM over the data rows of each money column, cached with the exact decimal total. */
function addTotals(sheet: ExcelJS.Worksheet, totals: Record<string, Decimal>, dataRows: number): void {
  const rowNo = HEADER_ROW + dataRows + 1;
  const row = sheet.getRow(rowNo);
  row.getCell(1).value = '合计';
  for (const [letter, total] of Object.entries(totals)) {
    const cell = sheet.getCell(`${letter}${rowNo}`);
    cell.value = dataRows === 0 ? 0 : { formula: `SUM(${letter}${HEADER_ROW + 1}:${letter}${rowNo - 1})`, result: cellNumber(total) };
    cell.numFmt = MONEY_FORMAT;
  }
  row.font = { bold: true };
  row.eachCell({ includeEmpty: true }, (cell) => {
    cell.border = THIN;
  });
}

interface ProjectTotal {
  first: LedgerRow;
  award: Decimal;
  paid: Decimal[];
  tranches: number;
}

export async function buildLedgerWorkbook(rows: LedgerRow[], meta: LedgerMeta): Promise<Buffer> {
  const generatedAt = parseDocumentDate(meta.generatedAt);
  if (generatedAt?.kind !== 'instant')
    throw new RangeError(`generatedAt: not an ISO instant with offset: ${JSON.stringify(meta.generatedAt)}`);
  const generated = chinaTimeText(meta.generatedAt);

  const workbook = new ExcelJS.Workbook();
  workbook.creator = meta.title;
  workbook.lastModifiedBy = meta.title;
  workbook.created = new Date(meta.generatedAt);
  workbook.modified = new Date(meta.generatedAt);

  const ledger = workbook.addWorksheet(LEDGER_SHEET);
  addTitle(ledger, LEDGER_COLUMNS, meta.title, generated);
  const projects = new Map<string, ProjectTotal>();
  const amounts: Decimal[] = [];
  rows.forEach((r, i) => {
    const at = `row ${i + 1}`;
    const award = moneyOf(r.award, `${at} award`);
    const amount = moneyOf(r.amount, `${at} amount`);
    amounts.push(amount);
    const paidAt = chinaTimeText(r.paidAt, `${at} paidAt`);
    const row = ledger.addRow([
      i + 1,
      r.roundName,
      r.organizationName,
      r.creditCode,
      r.projectTitle,
      cellNumber(award),
      r.seq,
      r.label,
      cellNumber(amount),
      r.status,
      r.requestedBy ?? '',
      chinaTimeText(r.requestedAt, `${at} requestedAt`),
      r.approvedBy ?? '',
      paidAt,
      r.paymentRef ?? '',
    ]);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = THIN;
    });

    const key = JSON.stringify([r.roundName, r.creditCode, r.projectTitle]);
    const project = projects.get(key) ?? { first: r, award, paid: [], tranches: 0 };
    if (!project.award.equals(award))
      throw new RangeError(`${at}: award ${r.award} differs from ${project.first.award} of the same project`);
    project.tranches += 1;
    if (paidAt !== '') project.paid.push(amount);
    projects.set(key, project);
  });
  addTotals(ledger, { [AMOUNT_COLUMN]: sumMoney(amounts) }, rows.length);
  ledger.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW, column: LEDGER_COLUMNS.length } };

  const summary = workbook.addWorksheet(SUMMARY_SHEET);
  addTitle(summary, SUMMARY_COLUMNS, `${meta.title}（按项目汇总）`, generated);
  const sums = { award: [] as Decimal[], paid: [] as Decimal[], remaining: [] as Decimal[] };
  [...projects.values()].forEach((p, i) => {
    const paid = sumMoney(p.paid);
    const remaining = p.award.minus(paid);
    sums.award.push(p.award);
    sums.paid.push(paid);
    sums.remaining.push(remaining);
    const row = summary.addRow([
      i + 1,
      p.first.roundName,
      p.first.organizationName,
      p.first.creditCode,
      p.first.projectTitle,
      cellNumber(p.award),
      cellNumber(paid),
      Number(remaining.toFixed(2)),
      `${p.paid.length}/${p.tranches}`,
    ]);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = THIN;
    });
  });
  addTotals(summary, { F: sumMoney(sums.award), G: sumMoney(sums.paid), H: sumMoney(sums.remaining) }, projects.size);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
