import { parentRegions, validateRegionCode } from './region';
import { REGION_NAMES, regionName } from './region-names';

describe('region names', () => {
  it('names Zhejiang, its cities and counties in Chinese and English', () => {
    expect(regionName('330000')).toBe('浙江省');
    expect(regionName('330100')).toBe('杭州市');
    expect(regionName('330106', 'en')).toBe('Xihu District');
    expect(regionName('331127')).toBe('景宁畲族自治县');
  });

  it('leaves a code it does not list unnamed', () => {
    expect(regionName('330103')).toBeUndefined();
    expect(regionName('toString')).toBeUndefined();
  });

  it('lists only valid codes whose city and province are listed too', () => {
    for (const code of Object.keys(REGION_NAMES)) {
      expect(validateRegionCode(code)).toEqual({ ok: true });
      for (const parent of parentRegions(code)) expect(REGION_NAMES[parent]).toBeDefined();
    }
    expect(Object.keys(REGION_NAMES).filter((c) => c.endsWith('00') && !c.endsWith('0000'))).toHaveLength(11);
  });
});
