import { computeCreditCodeCheckChar, makeCreditCode, validateCreditCode } from './credit-code';

// An independent reference: weights derived as powers of 3 mod 31 rather than the table.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function referenceCheckChar(body: string): string {
  let sum = 0;
  let weight = 1;
  for (const ch of body) {
    sum += ALPHABET.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  return ALPHABET.charAt((31 - (sum % 31)) % 31);
}

describe('computeCreditCodeCheckChar', () => {
  it.each(['51330000MJ0000000', '52330106MJ8765432', '53100000500021676', '5164010078AB12345'])(
    'agrees with the powers-of-three reference for %s',
    (body) => {
      expect(computeCreditCodeCheckChar(body)).toBe(referenceCheckChar(body));
    },
  );

  it('maps a weighted sum divisible by 31 to check character 0', () => {
    expect(computeCreditCodeCheckChar('00000000000000000')).toBe('0');
  });

  it('throws when the body is not 17 characters long', () => {
    expect(() => computeCreditCodeCheckChar('5133')).toThrow(RangeError);
  });

  it('throws when the body contains a letter outside the alphabet', () => {
    expect(() => computeCreditCodeCheckChar('51330000MJ000000I')).toThrow(RangeError);
  });
});

describe('validateCreditCode', () => {
  it('accepts the example code published with GB 32100 when any authority is allowed', () => {
    expect(validateCreditCode('91350100M000100Y43', { socialOrganization: false })).toEqual({ ok: true });
  });

  it.each(['51330000MJ0000000', '52330106MJ8765432', '53100000500021676'])(
    'accepts the social organization code %s with its computed check character',
    (body) => {
      expect(validateCreditCode(body + referenceCheckChar(body))).toEqual({ ok: true });
    },
  );

  it('builds valid codes with makeCreditCode', () => {
    const code = makeCreditCode('51330000MJ0000000');
    expect(code).toHaveLength(18);
    expect(validateCreditCode(code)).toEqual({ ok: true });
  });

  it('refuses a wrong check character and names the right one', () => {
    const body = '51330000MJ0000000';
    const right = referenceCheckChar(body);
    const wrong = right === '0' ? '1' : '0';
    expect(validateCreditCode(body + wrong)).toEqual({
      ok: false,
      rule: 'checkChar',
      message: `统一社会信用代码校验位错误，应为 ${right}`,
    });
  });

  it.each(['', '51330000MJ000000', '51330000MJ00000000U'])('refuses %p for its length', (code) => {
    const result = validateCreditCode(code);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.rule).toBe('length');
      expect(result.message).toContain('统一社会信用代码应为18位');
    }
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the forbidden letter %s', (letter) => {
    const result = validateCreditCode(`51330000M${letter}00000000`);
    expect(result).toMatchObject({ ok: false, rule: 'charset' });
    if (!result.ok) expect(result.message).toContain('第10位');
  });

  it('refuses lower-case input instead of upper-casing it', () => {
    const code = makeCreditCode('51330000MJ0000000').toLowerCase();
    expect(validateCreditCode(code)).toMatchObject({ ok: false, rule: 'charset' });
  });

  it('refuses punctuation and spaces', () => {
    expect(validateCreditCode('51330000-J0000000U')).toMatchObject({ ok: false, rule: 'charset' });
    expect(validateCreditCode('51330000 J0000000U')).toMatchObject({ ok: false, rule: 'charset' });
  });

  it('refuses a valid code not issued by civil affairs for a social organization', () => {
    const result = validateCreditCode('91350100M000100Y43');
    expect(result).toMatchObject({ ok: false, rule: 'registrationAuthority' });
    if (!result.ok) expect(result.message).toContain('应以5开头');
  });

  it('reports a wrong check character before the registration authority', () => {
    expect(validateCreditCode('91350100M000100Y40')).toMatchObject({ ok: false, rule: 'checkChar' });
  });
});
