import {
  PROVINCE_CODES,
  inRegionOf,
  parentRegions,
  provinceName,
  regionCovers,
  regionLevel,
  regionPrefix,
  staffOfRegion,
  validateRegionCode,
} from './region';

describe('PROVINCE_CODES', () => {
  it('lists the 34 province-level divisions', () => {
    expect(Object.keys(PROVINCE_CODES)).toHaveLength(34);
    expect(PROVINCE_CODES['33']).toBe('浙江省');
    expect(PROVINCE_CODES['50']).toBe('重庆市');
    expect(PROVINCE_CODES['64']).toBe('宁夏回族自治区');
  });
});

describe('validateRegionCode', () => {
  it.each(['330000', '331000', '331082', '500101', '640000', '429004', '820000'])('accepts %s', (code) => {
    expect(validateRegionCode(code)).toEqual({ ok: true });
  });

  it.each(['33000', '3300000', '33010A', ' 330106', ''])('refuses %p as malformed', (code) => {
    expect(validateRegionCode(code)).toMatchObject({ ok: false, rule: 'format', message: '行政区划代码应为6位数字' });
  });

  it('refuses a county code whose city digits are 00', () => {
    expect(validateRegionCode('330012')).toMatchObject({ ok: false, rule: 'format' });
  });

  it.each(['000000', '100000', '240000', '720000', '990101'])('refuses %s for an unknown province prefix', (code) => {
    const result = validateRegionCode(code);
    expect(result).toMatchObject({ ok: false, rule: 'province' });
    if (!result.ok) expect(result.message).toContain(code.slice(0, 2));
  });
});

describe('regionLevel', () => {
  it('reads xx0000 as a province, xxxx00 as a city and anything else as a county', () => {
    expect(regionLevel('330000')).toBe('province');
    expect(regionLevel('331000')).toBe('city');
    expect(regionLevel('331082')).toBe('county');
    expect(regionLevel('500101')).toBe('county');
  });

  it('throws on an invalid code', () => {
    expect(() => regionLevel('12345')).toThrow(RangeError);
  });
});

describe('provinceName', () => {
  it('names the province of a county code', () => {
    expect(provinceName('331082')).toBe('浙江省');
  });
});

describe('regionCovers', () => {
  it('lets a province cover every code with its two-digit prefix', () => {
    expect(regionCovers('330000', '330000')).toBe(true);
    expect(regionCovers('330000', '331000')).toBe(true);
    expect(regionCovers('330000', '331082')).toBe(true);
    expect(regionCovers('330000', '320582')).toBe(false);
  });

  it('lets a city cover its own counties only', () => {
    expect(regionCovers('331000', '331082')).toBe(true);
    expect(regionCovers('331000', '331000')).toBe(true);
    expect(regionCovers('331000', '330106')).toBe(false);
    expect(regionCovers('331000', '330000')).toBe(false);
  });

  it('lets a county cover only itself', () => {
    expect(regionCovers('331082', '331082')).toBe(true);
    expect(regionCovers('331082', '331081')).toBe(false);
    expect(regionCovers('331082', '331000')).toBe(false);
  });

  it('never grants coverage through an invalid code', () => {
    expect(regionCovers('000000', '000001')).toBe(false);
    expect(regionCovers('33', '330106')).toBe(false);
    expect(regionCovers('330000', '33xxxx')).toBe(false);
  });
});

describe('regionPrefix', () => {
  it('is two digits for a province, four for a city and the whole code for a county', () => {
    expect(regionPrefix('330000')).toBe('33');
    expect(regionPrefix('331000')).toBe('3310');
    expect(regionPrefix('331082')).toBe('331082');
  });

  it('puts a stored code in the region whose prefix it starts with', () => {
    expect(inRegionOf('330000', '331082')).toBe(true);
    expect(inRegionOf('331000', '331082')).toBe(true);
    expect(inRegionOf('331000', '330106')).toBe(false);
    expect(inRegionOf('331082', '331082')).toBe(true);
  });

  it('gives a region its own staff, those of the regions above it, and platform-wide staff, nobody else', () => {
    const staff = [
      { id: 'province', regionCode: '330000' },
      { id: 'city', regionCode: '331000' },
      { id: 'county', regionCode: '331082' },
      { id: 'neighbour', regionCode: '331081' },
      { id: 'elsewhere', regionCode: '320300' },
      { id: 'platform', regionCode: null },
    ];
    expect(staffOfRegion(staff, '331082').map((u) => u.id)).toEqual(['province', 'city', 'county', 'platform']);
    expect(staffOfRegion(staff, '331000').map((u) => u.id)).toEqual(['province', 'city', 'platform']);
  });
});

describe('parentRegions', () => {
  it('rolls a county up to its city and province', () => {
    expect(parentRegions('320585')).toEqual(['320000', '320500', '320585']);
  });

  it('rolls a city up to its province', () => {
    expect(parentRegions('320500')).toEqual(['320000', '320500']);
  });

  it('returns a province alone', () => {
    expect(parentRegions('640000')).toEqual(['640000']);
  });

  it('keeps a municipality district under the municipality', () => {
    expect(parentRegions('500101')).toEqual(['500000', '500100', '500101']);
  });
});
