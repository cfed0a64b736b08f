/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 *
 * Layout: 1 registration authority · 2 organization type · 3–8 region (GB/T 2260)
 * · 9–17 organization code · 18 check character.
 */

// The standard drops I, O, Z, S and V because they are easily misread as 1, 0, 2, 5 and U.
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

// Weight i is 3^(i-1) mod 31, as fixed by the standard.
const WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

const MODULUS = CREDIT_CODE_ALPHABET.length;

/** Registration authority 5 = civil affairs (民政), the authority of every social organization. */
export const CIVIL_AFFAIRS_AUTHORITY = '5';

export type CreditCodeRule = 'length' | 'charset' | 'organizationCodeCheck' | 'checkChar' | 'registrationAuthority';

export type CreditCodeResult = { ok: true } | { ok: false; rule: CreditCodeRule; message: string };

export interface CreditCodeOptions {
  /** Require a code issued by civil affairs (first character 5). Defaults to true. */
  socialOrganization?: boolean;
}

function firstForbiddenIndex(s: string): number {
  for (let i = 0; i < s.length; i += 1) {
    if (!CREDIT_CODE_ALPHABET.includes(s.charAt(i))) return i;
  }
  return -1;
}

/**
 * The check character for the first 17 characters.
 * Throws a RangeError on malformed input: a caller building codes has a bug, not a user error.
 */
export function computeCreditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) {
    throw new RangeError(`credit code body must have 17 characters, got ${first17.length}`);
  }
  const bad = firstForbiddenIndex(first17);
  if (bad >= 0) {
    throw new RangeError(`credit code body has a character outside the alphabet at position ${bad + 1}`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    sum += CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i)) * (WEIGHTS[i] as number);
  }
  const check = (MODULUS - (sum % MODULUS)) % MODULUS;
  return CREDIT_CODE_ALPHABET.charAt(check);
}

// GB 11714-1997: characters 9–17 are the organization code, eight body characters and their
// own check character, weighted 3,7,9,10,5,8,4,2 mod 11 with letters valued A=10 … Z=35.
const ORG_CODE_WEIGHTS: readonly number[] = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeValue(ch: string): number {
  const c = ch.charCodeAt(0);
  return c <= 57 ? c - 48 : c - 55;
}

/** The GB 11714 check character of an eight-character organization-code body. */
export function computeOrganizationCodeCheckChar(body8: string): string {
  if (body8.length !== 8 || firstForbiddenIndex(body8) >= 0) {
    throw new RangeError('organization code body must be 8 characters of the credit code alphabet');
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) sum += orgCodeValue(body8.charAt(i)) * (ORG_CODE_WEIGHTS[i] as number);
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * A complete code from its first 16 characters (authority, type, region, organization-code body):
 * appends the GB 11714 check character, then the GB 32100 one. Used by test factories and the seed.
 */
export function makeCreditCode(first16: string): string {
  if (first16.length !== 16) throw new RangeError(`credit code prefix must have 16 characters, got ${first16.length}`);
  const first17 = first16 + computeOrganizationCodeCheckChar(first16.slice(8, 16));
  return first17 + computeCreditCodeCheckChar(first17);
}

export function validateCreditCode(code: string, options: CreditCodeOptions = {}): CreditCodeResult {
  const socialOrganization = options.socialOrganization ?? true;
  if (typeof code !== 'string' || code.length !== 18) {
    const got = typeof code === 'string' ? `，当前为${code.length}位` : '';
    return { ok: false, rule: 'length', message: `统一社会信用代码应为18位${got}` };
  }
  // Lower case is refused rather than fixed up: the stored code must be exactly what the
  // organization's certificate shows, and the person typing it should see the difference.
  const bad = firstForbiddenIndex(code);
  if (bad >= 0) {
    return {
      ok: false,
      rule: 'charset',
      message: `统一社会信用代码第${bad + 1}位字符“${code.charAt(bad)}”不合法，只能使用数字和大写字母（不含 I、O、Z、S、V）`,
    };
  }
  // Neither message names the right character: an answer that does would turn the form into
  // an oracle that completes any made-up code (GB 32100 asks only that a wrong code is refused).
  if (code.charAt(16) !== computeOrganizationCodeCheckChar(code.slice(8, 16))) {
    return {
      ok: false,
      rule: 'organizationCodeCheck',
      message:
        '统一社会信用代码第9–17位（组织机构代码）校验不通过，请按登记证书核对' +
        ' / the organization code in characters 9–17 fails its check; copy the code from the registration certificate',
    };
  }
  if (code.charAt(17) !== computeCreditCodeCheckChar(code.slice(0, 17))) {
    return {
      ok: false,
      rule: 'checkChar',
      message:
        '统一社会信用代码校验位错误，请按登记证书核对 / the check character is wrong; copy the code from the registration certificate',
    };
  }
  if (socialOrganization && code.charAt(0) !== CIVIL_AFFAIRS_AUTHORITY) {
    return {
      ok: false,
      rule: 'registrationAuthority',
      message: `社会组织的统一社会信用代码应以5开头（登记管理机关为民政部门），当前为 ${code.charAt(0)}`,
    };
  }
  return { ok: true };
}
