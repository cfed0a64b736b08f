import { Decimal } from 'decimal.js';
import { MONEY_PATTERN, MoneyFormatError, formatMoney, parseMoney, percentOf, splitByPercents, sumMoney, toChineseCapital } from './money';

describe('MONEY_PATTERN and parseMoney', () => {
  it.each(['0', '0.5', '0.05', '12', '1234.50', '999999999999.99'])('accepts %s', (s) => {
    expect(MONEY_PATTERN.test(s)).toBe(true);
    expect(parseMoney(s).toString()).toBe(new Decimal(s).toString());
  });

  it.each(['', '-1', '-0.01', '1.234', '01', '1e3', '1,000', ' 1', '1.', '.5', '1000000000000', 'NaN'])(
    'refuses %p with a MoneyFormatError',
    (s) => {
      expect(() => parseMoney(s)).toThrow(MoneyFormatError);
    },
  );

  it('gives a Chinese message and keeps the bad input on the error', () => {
    try {
      parseMoney('-5');
      throw new Error('expected a MoneyFormatError');
    } catch (e) {
      expect(e).toBeInstanceOf(MoneyFormatError);
      expect((e as MoneyFormatError).input).toBe('-5');
      expect((e as MoneyFormatError).message).toContain('金额格式不正确');
      expect((e as MoneyFormatError).name).toBe('MoneyFormatError');
    }
  });
});

describe('formatMoney', () => {
  it('always writes two decimals and never an exponent', () => {
    expect(formatMoney(parseMoney('1234.5'))).toBe('1234.50');
    expect(formatMoney(parseMoney('0'))).toBe('0.00');
    expect(formatMoney(new Decimal('1e15'))).toBe('1000000000000000.00');
  });
});

describe('sumMoney', () => {
  it('adds exactly where binary floats drift', () => {
    expect(formatMoney(sumMoney(['0.10', '0.20']))).toBe('0.30');
    expect(formatMoney(sumMoney(Array.from({ length: 1000 }, () => '0.01')))).toBe('10.00');
  });

  it('keeps every digit of large sums', () => {
    const big = '999999999999.99';
    expect(formatMoney(sumMoney([big, big, big, parseMoney('0.01')]))).toBe('2999999999999.98');
  });

  it('is not affected by another module changing the global Decimal precision', () => {
    const saved = Decimal.precision;
    Decimal.set({ precision: 5 });
    try {
      expect(formatMoney(sumMoney(['123456.78', '0.01']))).toBe('123456.79');
    } finally {
      Decimal.set({ precision: saved });
    }
  });

  it('returns zero for an empty list', () => {
    expect(formatMoney(sumMoney([]))).toBe('0.00');
  });
});

describe('percentOf', () => {
  it('rounds half up to the cent', () => {
    expect(formatMoney(percentOf('100.01', 50))).toBe('50.01');
    expect(formatMoney(percentOf('100.01', 40))).toBe('40.00');
    expect(formatMoney(percentOf('0.01', 50))).toBe('0.01');
    expect(formatMoney(percentOf('333.33', 12.5))).toBe('41.67');
  });

  it('refuses a negative or non-finite percent', () => {
    expect(() => percentOf('1.00', -1)).toThrow(RangeError);
    expect(() => percentOf('1.00', Number.NaN)).toThrow(RangeError);
  });
});

describe('splitByPercents', () => {
  it('splits a tranche plan so that the parts add up to the award exactly', () => {
    const parts = splitByPercents('100000.01', [50, 40, 10]).map((d) => formatMoney(d));
    expect(parts).toEqual(['50000.01', '40000.00', '10000.00']);
  });

  it('lets the last part absorb the rounding remainder', () => {
    const parts = splitByPercents('100.00', [33.33, 33.33, 33.34]).map((d) => formatMoney(d));
    expect(parts).toEqual(['33.33', '33.33', '33.34']);
    const odd = splitByPercents('0.05', [50, 50]).map((d) => formatMoney(d));
    expect(odd).toEqual(['0.03', '0.02']);
  });

  it('never creates or loses a cent over many awkward totals', () => {
    for (let cents = 0; cents < 2000; cents += 7) {
      const total = new Decimal(cents).dividedBy(100);
      const parts = splitByPercents(total, [45, 35, 20]);
      expect(sumMoney(parts).equals(total)).toBe(true);
      parts.forEach((p) => expect(p.isNegative()).toBe(false));
    }
  });

  it('refuses percents that do not add up to 100', () => {
    expect(() => splitByPercents('100.00', [50, 40])).toThrow(RangeError);
    expect(() => splitByPercents('100.00', [])).toThrow(RangeError);
  });

  it('adds up float-unfriendly percents exactly', () => {
    expect(() => splitByPercents('100.00', [33.3, 33.3, 33.4])).not.toThrow();
  });

  it('refuses a total with fractions of a cent', () => {
    expect(() => splitByPercents(new Decimal('1.005'), [100])).toThrow(RangeError);
  });

  it('refuses a split whose remainder would turn negative', () => {
    expect(() => splitByPercents('0.05', [10, 10, 10, 10, 10, 10, 10, 10, 10, 10])).toThrow(RangeError);
  });
});

describe('toChineseCapital', () => {
  it.each([
    ['10.00', '壹拾元整'],
    ['0.05', '伍分'],
    ['100000.00', '壹拾万元整'],
    ['1010001.10', '壹佰零壹万零壹元壹角'],
    ['12345678.90', '壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角'],
    ['0.00', '零元整'],
    ['1.05', '壹元零伍分'],
    ['100000000.00', '壹亿元整'],
    ['10.50', '壹拾元伍角'],
    ['1000000.00', '壹佰万元整'],
    ['100010.00', '壹拾万零壹拾元整'],
    ['20000000.00', '贰仟万元整'],
    ['100000001.00', '壹亿零壹元整'],
    ['0.53', '伍角叁分'],
    ['0.50', '伍角'],
    ['1680.32', '壹仟陆佰捌拾元叁角贰分'],
    ['107000.53', '壹拾万零柒仟元伍角叁分'],
    ['10330000.00', '壹仟零叁拾叁万元整'],
    ['100010000.00', '壹亿零壹万元整'],
    ['110000.00', '壹拾壹万元整'],
    ['3000000.00', '叁佰万元整'],
    ['999999999999.99', '玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分'],
  ])('writes %s as %s', (amount, capital) => {
    expect(toChineseCapital(amount)).toBe(capital);
  });

  it('accepts amounts with fewer than two decimals', () => {
    expect(toChineseCapital('7')).toBe('柒元整');
    expect(toChineseCapital('7.5')).toBe('柒元伍角');
  });

  it('accepts a Decimal', () => {
    expect(toChineseCapital(parseMoney('10330000'))).toBe('壹仟零叁拾叁万元整');
  });

  it.each(['-1.00', '1.005', 'abc'])('refuses %p', (amount) => {
    expect(() => toChineseCapital(amount)).toThrow(MoneyFormatError);
  });

  it('refuses a Decimal with fractions of a cent instead of rounding it', () => {
    expect(() => toChineseCapital(new Decimal('1.005'))).toThrow(MoneyFormatError);
  });
});
