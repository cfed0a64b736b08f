/**
 * Six-digit administrative division codes (行政区划代码), GB/T 2260.
 * Digits 1–2 name the province, 3–4 the city (地级), 5–6 the county (县级).
 * Streets (乡镇街道) use longer statistical codes and are out of scope here.
 */

export const PROVINCE_CODES = {
  '11': '北京市',
  '12': '天津市',
  '13': '河北省',
  '14': '山西省',
  '15': '内蒙古自治区',
  '21': '辽宁省',
  '22': '吉林省',
  '23': '黑龙江省',
  '31': '上海市',
  '32': '江苏省',
  '33': '浙江省',
  '34': '安徽省',
  '35': '福建省',
  '36': '江西省',
  '37': '山东省',
  '41': '河南省',
  '42': '湖北省',
  '43': '湖南省',
  '44': '广东省',
  '45': '广西壮族自治区',
  '46': '海南省',
  '50': '重庆市',
  '51': '四川省',
  '52': '贵州省',
  '53': '云南省',
  '54': '西藏自治区',
  '61': '陕西省',
  '62': '甘肃省',
  '63': '青海省',
  '64': '宁夏回族自治区',
  '65': '新疆维吾尔自治区',
  '71': '台湾省',
  '81': '香港特别行政区',
  '82': '澳门特别行政区',
} as const;

export type ProvinceCode = keyof typeof PROVINCE_CODES;

export type RegionLevel = 'province' | 'city' | 'county';

export type RegionCodeResult = { ok: true } | { ok: false; rule: 'format' | 'province'; message: string };

export function isProvinceCode(prefix: string): prefix is ProvinceCode {
  return Object.prototype.hasOwnProperty.call(PROVINCE_CODES, prefix);
}

export function validateRegionCode(code: string): RegionCodeResult {
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
    return { ok: false, rule: 'format', message: '行政区划代码应为6位数字' };
  }
  // No division sits directly under a province with city digits 00: counties the province
  // administers itself use 90 (e.g. 429004 仙桃市). A code like 330012 is a typo.
  if (code.slice(2, 4) === '00' && code.slice(4) !== '00') {
    return { ok: false, rule: 'format', message: '行政区划代码第3-4位为00时，第5-6位也应为00' };
  }
  if (!isProvinceCode(code.slice(0, 2))) {
    return { ok: false, rule: 'province', message: `行政区划代码前两位“${code.slice(0, 2)}”不是有效的省级代码` };
  }
  return { ok: true };
}

function assertRegionCode(code: string): void {
  const result = validateRegionCode(code);
  if (!result.ok) throw new RangeError(`invalid region code ${JSON.stringify(code)}: ${result.message}`);
}

/** Throws a RangeError on an invalid code; validate user input with validateRegionCode first. */
export function regionLevel(code: string): RegionLevel {
  assertRegionCode(code);
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** Province name for a valid code, e.g. 330106 → 浙江省. */
export function provinceName(code: string): string {
  assertRegionCode(code);
  return PROVINCE_CODES[code.slice(0, 2) as ProvinceCode];
}

/**
 * The code prefix a region covers: a province its two digits, a city its four, a county all six.
 * A code lies in the region when it starts with the prefix, which is also how PostgreSQL filters
 * by region (`startsWith`, `LIKE 'prefix%'`). Not validated: callers pass stored codes; use
 * regionCovers to compare codes a person typed.
 */
export function regionPrefix(code: string): string {
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** True when the stored code `code` starts with the prefix of the stored region `owner`. */
export function inRegionOf(owner: string, code: string): boolean {
  return code.startsWith(regionPrefix(owner));
}

/**
 * The staff who serve the stored region `code`: those whose own region covers it, and those with no
 * region (platform-wide staff).
 */
export function staffOfRegion<T extends { regionCode: string | null }>(staff: readonly T[], code: string): T[] {
  return staff.filter((u) => !u.regionCode || inRegionOf(u.regionCode, code));
}

/**
 * True when `target` lies inside `owner` (a region covers itself).
 * Invalid codes cover nothing and are covered by nothing, because this guards access:
 * a malformed code must never widen what a bureau can see.
 */
export function regionCovers(owner: string, target: string): boolean {
  if (!validateRegionCode(owner).ok || !validateRegionCode(target).ok) return false;
  return inRegionOf(owner, target);
}

/**
 * The chain of codes a record rolls up to, from province down to the code itself:
 * 330106 → [330000, 330100, 330106]; 330100 → [330000, 330100]; 330000 → [330000].
 */
export function parentRegions(code: string): string[] {
  const level = regionLevel(code);
  const province = `${code.slice(0, 2)}0000`;
  if (level === 'province') return [province];
  const city = `${code.slice(0, 4)}00`;
  if (level === 'city') return [province, city];
  return [province, city, code];
}
