import {
  ACTIVE_PROJECT_STAGES,
  AGREEMENT_STAGES,
  ANNOUNCED_ROUND_STATUSES,
  APPLICATION_PHASE_STAGES,
  COMMITTED_STAGES,
  EDITABLE_STAGES,
  EVALUATION_STAGES,
  FINAL_PROJECT_STAGES,
  IMPLEMENTING_STAGES,
  IN_TERM_STAGES,
  inGroup,
  isRole,
  isRoundStatus,
  LISTED_STAGES,
  NOTICED_ROUND_STATUSES,
  ON_NOTICE_STAGES,
  PANEL_FORMED_ROUND_STATUSES,
  PROJECT_END_STAGES,
  ProjectStage,
  RANKED_ROUND_STATUSES,
  Role,
  ROLE_LABELS,
  ROUND_STATUS_LABELS,
  RoundStatus,
  UNDER_REVIEW_STAGES,
} from './stages';

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

describe('stage groups', () => {
  const stages = Object.keys(ProjectStage);

  it('name stored stages only', () => {
    for (const group of [
      APPLICATION_PHASE_STAGES,
      EDITABLE_STAGES,
      IN_TERM_STAGES,
      PROJECT_END_STAGES,
      IMPLEMENTING_STAGES,
      ACTIVE_PROJECT_STAGES,
      COMMITTED_STAGES,
      LISTED_STAGES,
      ON_NOTICE_STAGES,
      UNDER_REVIEW_STAGES,
      AGREEMENT_STAGES,
      EVALUATION_STAGES,
    ]) {
      expect(stages).toEqual(expect.arrayContaining([...group]));
    }
  });

  it('build on each other: implementing includes the term and the ends, the list includes the committed', () => {
    expect(IMPLEMENTING_STAGES).toEqual(['IMPLEMENTATION', 'RECTIFICATION', 'FINAL_EVALUATION', 'CLOSING', 'CLOSED', 'TERMINATED']);
    expect(COMMITTED_STAGES).toEqual(['APPROVED', 'AGREEMENT_SIGNED', ...IMPLEMENTING_STAGES]);
    expect(LISTED_STAGES).toEqual([...ON_NOTICE_STAGES, ...COMMITTED_STAGES]);
    expect(ACTIVE_PROJECT_STAGES.filter((s) => FINAL_PROJECT_STAGES.includes(s))).toEqual([]);
    expect([...ACTIVE_PROJECT_STAGES, ...PROJECT_END_STAGES].sort()).toEqual(['AGREEMENT_SIGNED', ...IMPLEMENTING_STAGES].sort());
  });

  it('follow a submitted application from review through the agreement and the term to its evaluation, without overlap', () => {
    const path = [...UNDER_REVIEW_STAGES, ...AGREEMENT_STAGES, ...IN_TERM_STAGES, ...EVALUATION_STAGES];
    expect(new Set(path).size).toBe(path.length);
    expect(path.filter((s) => !LISTED_STAGES.includes(s))).toEqual(['ELIGIBILITY_REVIEW', 'ELIGIBLE', 'EXPERT_REVIEW']);
    expect(EVALUATION_STAGES).toEqual(IMPLEMENTING_STAGES.filter((s) => !IN_TERM_STAGES.includes(s) && s !== 'TERMINATED'));
  });

  it('end the application phase at the signed agreement, before the implementing stages', () => {
    expect(APPLICATION_PHASE_STAGES.at(-1)).toBe('AGREEMENT_SIGNED');
    expect(APPLICATION_PHASE_STAGES.filter((s) => IMPLEMENTING_STAGES.includes(s))).toEqual([]);
    expect([...APPLICATION_PHASE_STAGES, ...IMPLEMENTING_STAGES].sort()).toEqual([...stages].sort());
  });

  it('never lists a project removed by an objection or not funded', () => {
    expect(LISTED_STAGES).not.toContain('REMOVED_BY_OBJECTION');
    expect(LISTED_STAGES).not.toContain('NOT_FUNDED');
  });

  it('order the round statuses a panel, a ranking and a notice have reached', () => {
    const statuses = Object.keys(RoundStatus);
    expect(PANEL_FORMED_ROUND_STATUSES).toEqual(statuses.slice(statuses.indexOf('EXPERT_REVIEW')));
    expect(RANKED_ROUND_STATUSES).toEqual(statuses.slice(statuses.indexOf('RANKED')));
    expect(NOTICED_ROUND_STATUSES).toEqual(statuses.slice(statuses.indexOf('NOTICE')));
    expect(ANNOUNCED_ROUND_STATUSES).toEqual(['PUBLISHED', 'OPEN']);
  });

  it('tells whether any string, a form value or nothing, is in a group', () => {
    expect(inGroup(EDITABLE_STAGES, 'RETURNED')).toBe(true);
    expect(inGroup(EDITABLE_STAGES, 'returned')).toBe(false);
    expect(inGroup(EDITABLE_STAGES, undefined)).toBe(false);
    expect(inGroup(EDITABLE_STAGES, null)).toBe(false);
  });
});
