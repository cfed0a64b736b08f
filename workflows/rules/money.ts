/**
 * Money in yuan with two decimals. Amounts travel as strings ("1234.50") and are computed
 * with decimal.js; a binary float never holds money.
 */
import { Decimal } from 'decimal.js';

/** A non-negative amount with at most two decimals and at most twelve integer digits. */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,11})(\.\d{1,2})?$/;

// A private constructor so that no other module's Decimal.set() can change how money rounds,
// and so that sums of many twelve-digit amounts are never cut by the default 20-digit precision.
const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export type MoneyInput = Decimal | string;

export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';

  constructor(readonly input: unknown) {
    super(`金额格式不正确：${JSON.stringify(input)}，应为非负数，最多两位小数`);
  }
}

export function isMoneyString(s: unknown): s is string {
  return typeof s === 'string' && MONEY_PATTERN.test(s);
}

export function parseMoney(s: string): Decimal {
  if (!isMoneyString(s)) throw new MoneyFormatError(s);
  return new Money(s);
}

function toMoney(value: MoneyInput): Decimal {
  return typeof value === 'string' ? parseMoney(value) : new Money(value);
}

/** Two decimals, never an exponent: 1234.5 → "1234.50". */
export function formatMoney(d: MoneyInput): string {
  return toMoney(d).toFixed(2, Decimal.ROUND_HALF_UP);
}

export function sumMoney(list: ReadonlyArray<MoneyInput>): Decimal {
  return list.reduce<Decimal>((acc, item) => acc.plus(toMoney(item)), new Money(0));
}

function toPercent(percent: number): Decimal {
  if (!Number.isFinite(percent) || percent < 0) {
    throw new RangeError(`percent must be a finite non-negative number, got ${percent}`);
  }
  // decimal.js reads a number through its shortest string form, so 12.5 stays exactly 12.5.
  return new Money(percent);
}

/** `percent` % of `amount`, rounded half-up to the cent. */
export function percentOf(amount: MoneyInput, percent: number): Decimal {
  return toMoney(amount).times(toPercent(percent)).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/**
 * Splits `total` into cent-exact parts that add up to it exactly: each part but the last is
 * percentOf(total, p), and the last takes what remains, so rounding never creates or loses a cent.
 *
 * With at most three parts the remainder cannot turn negative (two half-up roundings gain less
 * than a cent together); longer lists on tiny totals can, and are refused rather than silently bent.
 */
export function splitByPercents(total: MoneyInput, percents: ReadonlyArray<number>): Decimal[] {
  const whole = toMoney(total);
  if (whole.isNegative() || whole.decimalPlaces() > 2) {
    throw new RangeError(`total must be a non-negative amount in cents, got ${whole.toString()}`);
  }
  if (percents.length === 0) throw new RangeError('at least one percent is required');
  const percentSum = percents.reduce<Decimal>((acc, p) => acc.plus(toPercent(p)), new Money(0));
  if (!percentSum.equals(100)) {
    throw new RangeError(`percents must add up to 100, got ${percentSum.toString()}`);
  }
  const parts = percents.slice(0, -1).map((p) => percentOf(whole, p));
  const last = whole.minus(sumMoney(parts));
  if (last.isNegative()) {
    throw new RangeError(`cannot split ${whole.toFixed(2)} into ${percents.length} non-negative parts`);
  }
  parts.push(last);
  return parts;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACE_UNITS = ['', '拾', '佰', '仟'];
const GROUP_UNITS = ['', '万', '亿'];

function digitAt(s: string, i: number): number {
  return s.charCodeAt(i) - 48;
}

/** Integer yuan in capitals, without 元; "0" gives "". */
function yuanToCapital(integer: string): string {
  let out = '';
  let zeroPending = false;
  for (let i = 0; i < integer.length; i += 1) {
    const position = integer.length - 1 - i;
    const digit = digitAt(integer, i);
    if (digit === 0) {
      // A run of zeros is read once, and only if a non-zero digit follows it.
      if (out !== '') zeroPending = true;
    } else {
      if (zeroPending) out += '零';
      out += DIGITS[digit] + (PLACE_UNITS[position % 4] as string);
      zeroPending = false;
    }
    if (position % 4 === 0 && position > 0) {
      // 万 or 亿 is written only when its group of four has a non-zero digit: 1 0000 0001 is
      // 壹亿零壹元, not 壹亿万零壹元.
      const group = integer.slice(Math.max(0, i - 3), i + 1);
      if (/[1-9]/.test(group)) out += GROUP_UNITS[position / 4] as string;
    }
  }
  return out;
}

/**
 * Chinese financial capitals (大写金额) following the People's Bank rules for filling in
 * bills (《支付结算办法》附一): one 零 for a run of zeros, 壹拾 rather than 拾, 零 between 元
 * and 分 when 角 is zero, 整 when there is no 角 or 分, and no 零元 before 角/分.
 * Where the rules leave 零 optional (a zero 万 or 元 digit followed by a non-zero 仟 or 角)
 * one form is fixed so documents compare equal: 零 after 万 (107000 → 壹拾万零柒仟元),
 * none after 元 (10.50 → 壹拾元伍角).
 */
export function toChineseCapital(amount: MoneyInput): string {
  // A Decimal with sub-cent digits is refused, not rounded: a contract must state the exact sum.
  const text = typeof amount === 'string' ? amount : amount.toFixed();
  if (!isMoneyString(text)) throw new MoneyFormatError(text);
  const [integer = '0', fraction = ''] = text.split('.');
  const jiao = fraction.length > 0 ? digitAt(fraction, 0) : 0;
  const fen = fraction.length > 1 ? digitAt(fraction, 1) : 0;

  const yuan = yuanToCapital(integer);
  if (jiao === 0 && fen === 0) return `${yuan === '' ? '零' : yuan}元整`;

  let out = yuan === '' ? '' : `${yuan}元`;
  if (jiao !== 0) out += `${DIGITS[jiao]}角`;
  else if (yuan !== '') out += '零';
  if (fen !== 0) out += `${DIGITS[fen]}分`;
  return out;
}
