import { ROLE_LABELS, ROUND_STATUS_LABELS, Role, RoundStatus, isRole, isRoundStatus } from './stages';

describe('RoundStatus', () => {
  it('uses each key as its stored value', () => {
    for (const [key, value] of Object.entries(RoundStatus)) expect(value).toBe(key);
  });

  it('labels every status in Chinese and English', () => {
    expect(Object.keys(ROUND_STATUS_LABELS).sort()).toEqual(Object.keys(RoundStatus).sort());
    expect(ROUND_STATUS_LABELS.OPEN).toEqual({ zh: '申报中', en: 'open for applications' });
    expect(ROUND_STATUS_LABELS.PUBLISHED.zh).toBe('已发布（待开放）');
  });

  it('recognises stored statuses and nothing else', () => {
    expect(isRoundStatus('CLOSED')).toBe(true);
    expect(isRoundStatus('closed')).toBe(false);
    expect(isRoundStatus('toString')).toBe(false);
  });
});

describe('Role', () => {
  it('uses each key as its stored value', () => {
    for (const [key, value] of Object.entries(Role)) expect(value).toBe(key);
  });

  it('labels every role in Chinese and English', () => {
    expect(Object.keys(ROLE_LABELS).sort()).toEqual(Object.keys(Role).sort());
    expect(ROLE_LABELS.REVIEWER.zh).toBe('民政审核人员');
    expect(ROLE_LABELS.PROGRAM_MANAGER.zh).toBe('项目管理员');
  });

  it('recognises stored roles and nothing else', () => {
    expect(isRole('EXPERT')).toBe(true);
    expect(isRole('PUBLIC')).toBe(false);
    expect(isRole(undefined)).toBe(false);
  });
});
