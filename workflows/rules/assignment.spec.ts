import { assignExperts, reassign } from './assignment';
import type { Assignment, ExpertForAssignment } from './assignment';

function loads(assignments: Assignment[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const a of assignments) out[a.expertId] = (out[a.expertId] ?? 0) + 1;
  return out;
}

function panelOf(assignments: Assignment[], applicationId: string): string[] {
  return assignments.filter((a) => a.applicationId === applicationId).map((a) => a.expertId);
}

const sixExperts: ExpertForAssignment[] = [
  { expertId: 'e1', tiedOrganizationIds: ['org-a'] },
  { expertId: 'e2', tiedOrganizationIds: ['org-b'] },
  { expertId: 'e3', tiedOrganizationIds: [] },
  { expertId: 'e4', tiedOrganizationIds: [] },
  { expertId: 'e5', tiedOrganizationIds: [] },
  { expertId: 'e6', tiedOrganizationIds: [] },
];

// Twelve applications: two from each tied organization, the rest from organizations nobody is tied to.
const twelve = Array.from({ length: 12 }, (_, i) => ({
  applicationId: `app-${String(i + 1).padStart(2, '0')}`,
  organizationId: i < 2 ? 'org-a' : i < 4 ? 'org-b' : `org-${i}`,
}));

describe('assignExperts', () => {
  it('gives every application a full panel and every expert exactly the same load when that is possible', () => {
    const result = assignExperts({ applications: twelve, experts: sixExperts, perApplication: 5 });
    expect(result.shortfalls).toEqual([]);
    for (const app of twelve) expect(panelOf(result.assignments, app.applicationId)).toHaveLength(5);
    expect(loads(result.assignments)).toEqual({ e1: 10, e2: 10, e3: 10, e4: 10, e5: 10, e6: 10 });
  });

  it('never assigns an expert to an application of an organization they are tied to', () => {
    const result = assignExperts({ applications: twelve, experts: sixExperts, perApplication: 5 });
    for (const a of result.assignments) {
      const org = twelve.find((app) => app.applicationId === a.applicationId)?.organizationId as string;
      const expert = sixExperts.find((e) => e.expertId === a.expertId) as ExpertForAssignment;
      expect(expert.tiedOrganizationIds).not.toContain(org);
    }
  });

  it('never assigns the same expert twice to one application', () => {
    const result = assignExperts({ applications: twelve, experts: sixExperts, perApplication: 5 });
    for (const app of twelve) {
      const panel = panelOf(result.assignments, app.applicationId);
      expect(new Set(panel).size).toBe(panel.length);
    }
  });

  it('keeps loads within one of each other when they cannot be equal', () => {
    const apps = twelve.slice(0, 7);
    const result = assignExperts({ applications: apps, experts: sixExperts, perApplication: 3 });
    const values = Object.values(loads(result.assignments));
    expect(values.reduce((a, b) => a + b, 0)).toBe(21);
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
  });

  it('assigns all eligible experts and reports a shortfall when there are too few', () => {
    const experts: ExpertForAssignment[] = [
      { expertId: 'x1', tiedOrganizationIds: ['org-a'] },
      { expertId: 'x2', tiedOrganizationIds: [] },
      { expertId: 'x3', tiedOrganizationIds: [] },
    ];
    const result = assignExperts({
      applications: [
        { applicationId: 'p', organizationId: 'org-a' },
        { applicationId: 'q', organizationId: 'org-q' },
      ],
      experts,
      perApplication: 3,
    });
    expect(panelOf(result.assignments, 'p')).toEqual(['x2', 'x3']);
    expect(panelOf(result.assignments, 'q')).toEqual(['x1', 'x2', 'x3']);
    expect(result.shortfalls).toEqual([{ applicationId: 'p', available: 2, needed: 3 }]);
  });

  it('tops up existing panels, counting existing assignments toward panel size and load', () => {
    const result = assignExperts({
      applications: [
        { applicationId: 'p', organizationId: 'org-p' },
        { applicationId: 'q', organizationId: 'org-q' },
      ],
      experts: sixExperts,
      perApplication: 3,
      existing: [
        { applicationId: 'p', expertId: 'e1' },
        { applicationId: 'p', expertId: 'e2' },
        { applicationId: 'other-round', expertId: 'e3' },
      ],
    });
    // p needs one more; e3 already carries another application, so e4 is lighter. Then q takes
    // the two experts still at zero and the first of those at one.
    expect(panelOf(result.assignments, 'p')).toEqual(['e4']);
    expect(panelOf(result.assignments, 'q')).toEqual(['e1', 'e5', 'e6']);
    expect(result.shortfalls).toEqual([]);
  });

  it('serves the application with the fewest eligible experts first', () => {
    const experts: ExpertForAssignment[] = [
      { expertId: 'a', tiedOrganizationIds: [] },
      { expertId: 'b', tiedOrganizationIds: ['org-1'] },
    ];
    // With applicationId order, app-0 would take the lighter expert "a" and app-1 could not use "b".
    const result = assignExperts({
      applications: [
        { applicationId: 'app-0', organizationId: 'org-0' },
        { applicationId: 'app-1', organizationId: 'org-1' },
      ],
      experts,
      perApplication: 1,
    });
    expect(result.assignments).toEqual([
      { applicationId: 'app-0', expertId: 'b' },
      { applicationId: 'app-1', expertId: 'a' },
    ]);
  });

  it('gives the same result whatever the order of its input', () => {
    const forward = assignExperts({ applications: twelve, experts: sixExperts, perApplication: 4 });
    const backward = assignExperts({
      applications: [...twelve].reverse(),
      experts: [...sixExperts].reverse(),
      perApplication: 4,
    });
    expect(backward).toEqual(forward);
  });

  it('refuses a non-positive panel size and duplicate ids', () => {
    expect(() => assignExperts({ applications: twelve, experts: sixExperts, perApplication: 0 })).toThrow(RangeError);
    expect(() => assignExperts({ applications: twelve, experts: sixExperts, perApplication: 2.5 })).toThrow(RangeError);
    expect(() =>
      assignExperts({ applications: [...twelve, twelve[0] as (typeof twelve)[number]], experts: sixExperts, perApplication: 1 }),
    ).toThrow(RangeError);
  });
});

describe('reassign', () => {
  const current = [
    { applicationId: 'p', expertId: 'e3' },
    { applicationId: 'p', expertId: 'e4', declined: true },
    { applicationId: 'p', expertId: 'e5' },
    { applicationId: 'q', expertId: 'e6' },
    { applicationId: 'r', expertId: 'e6' },
    { applicationId: 'q', expertId: 'e2', declined: true },
    { applicationId: 'r', expertId: 'e2', declined: true },
  ];

  it('picks the least-loaded expert not tied and never on the application, counting only accepted assignments', () => {
    // e1 is tied to org-a; e3, e4, e5 were on p; e6 carries two, e2's two were declined.
    expect(reassign({ applicationId: 'p', organizationId: 'org-a', declinedExpertId: 'e4', experts: sixExperts, current })).toEqual({
      expertId: 'e2',
    });
  });

  it('breaks load ties by expertId', () => {
    expect(
      reassign({ applicationId: 'p', organizationId: 'org-z', declinedExpertId: 'e4', experts: sixExperts, current: current.slice(0, 3) }),
    ).toEqual({ expertId: 'e1' });
  });

  it('never asks the declining expert again, even if the current list omits them', () => {
    const result = reassign({
      applicationId: 'p',
      organizationId: 'org-a',
      declinedExpertId: 'e2',
      experts: sixExperts.slice(0, 2),
      current: [],
    });
    expect(result).toEqual({ shortfall: true });
  });

  it('reports a shortfall when every remaining expert is tied or already used', () => {
    const experts: ExpertForAssignment[] = [
      { expertId: 'e1', tiedOrganizationIds: ['org-a'] },
      { expertId: 'e3', tiedOrganizationIds: [] },
      { expertId: 'e4', tiedOrganizationIds: [] },
    ];
    expect(reassign({ applicationId: 'p', organizationId: 'org-a', declinedExpertId: 'e4', experts, current })).toEqual({
      shortfall: true,
    });
  });
});
