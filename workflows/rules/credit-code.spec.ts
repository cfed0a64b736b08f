import { computeCreditCodeCheckChar, computeOrganizationCodeCheckChar, makeCreditCode, validateCreditCode } from './credit-code';

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

// GB 11714 reference written from the standard's table: weights 3,7,9,10,5,8,4,2; 10 → X, 11 → 0.
function referenceOrgCheckChar(body8: string): string {
  const weights = [3, 7, 9, 10, 5, 8, 4, 2];
  const values = [...body8].map((c) => parseInt(c, 36));
  const r = 11 - (values.reduce((sum, v, i) => sum + v * weights[i]!, 0) % 11);
  return r === 11 ? '0' : r === 10 ? 'X' : String(r);
}

describe('computeOrganizationCodeCheckChar (GB 11714)', () => {
  // Published codes: the GB 32100 standard's own example, and the certificates of two large
  // companies (Alibaba (China) Co., Ltd. and Tencent's Shenzhen company), which are public.
  it.each([
    ['91350100M000100Y43', 'M000100Y', '4'],
    ['91330100716105852F', '71610585', '2'],
    ['9144030071526726XG', '71526726', 'X'],
  ])('computes the 17th character of %s', (code, body8, check) => {
    expect(computeOrganizationCodeCheckChar(body8)).toBe(check);
    expect(referenceOrgCheckChar(body8)).toBe(check);
    expect(validateCreditCode(code, { socialOrganization: false })).toEqual({ ok: true });
  });

  it('maps a remainder of 0 to check character 0 and of 1 to X', () => {
    expect(computeOrganizationCodeCheckChar('00000000')).toBe('0');
    // 6·2 = 12 ≡ 1 (mod 11), so 11 − 1 = 10, written X.
    expect(computeOrganizationCodeCheckChar('00000006')).toBe('X');
  });

  it('throws on a body that is not 8 characters of the alphabet', () => {
    expect(() => computeOrganizationCodeCheckChar('1234567')).toThrow(RangeError);
    expect(() => computeOrganizationCodeCheckChar('1234567I')).toThrow(RangeError);
  });
});

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

  it.each(['51330000MJ000000', '52330106MJ876543', '5310000050002167'])(
    'accepts the social organization code built from %s with both computed check characters',
    (first16) => {
      const first17 = first16 + referenceOrgCheckChar(first16.slice(8));
      expect(validateCreditCode(first17 + referenceCheckChar(first17))).toEqual({ ok: true });
    },
  );

  it('builds valid codes with makeCreditCode', () => {
    const code = makeCreditCode('51330000MJ000000');
    expect(code).toHaveLength(18);
    expect(validateCreditCode(code)).toEqual({ ok: true });
  });

  it('refuses a wrong GB 32100 check character without naming the right one', () => {
    const first17 = makeCreditCode('51330000MJ000000').slice(0, 17);
    const right = referenceCheckChar(first17);
    const wrong = right === '0' ? '1' : '0';
    const result = validateCreditCode(first17 + wrong);
    expect(result).toMatchObject({ ok: false, rule: 'checkChar' });
    if (!result.ok) {
      expect(result.message).toContain('校验位错误');
      expect(result.message).not.toContain('应为');
      expect(result.message).not.toContain(right);
    }
  });

  it('refuses a code whose GB 11714 digit is wrong even when its 18th character is recomputed', () => {
    // A forger who knows only the GB 32100 formula: right 18th character, wrong organization code.
    const good = makeCreditCode('52330100AB12345X'.slice(0, 16));
    const rightOrg = good.charAt(16);
    const wrongOrg = rightOrg === '1' ? '2' : '1';
    const first17 = good.slice(0, 16) + wrongOrg;
    const result = validateCreditCode(first17 + referenceCheckChar(first17));
    expect(result).toMatchObject({ ok: false, rule: 'organizationCodeCheck' });
    if (!result.ok) {
      expect(result.message).toContain('组织机构代码');
      expect(result.message).not.toMatch(new RegExp(`应为|should be|${rightOrg}(?![0-9–])`));
    }
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
    const code = makeCreditCode('51330000MJ000000').toLowerCase();
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
