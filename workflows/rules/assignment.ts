/**
 * Assigning experts to applications (评审专家分配). Conflicts of interest are enforced here, in
 * code: an expert is never given an application of an organization they declared a tie to.
 */

export interface ExpertForAssignment {
  expertId: string;
  /** Organizations the expert declared a conflict of interest with. */
  tiedOrganizationIds: ReadonlyArray<string>;
}

export interface ApplicationForAssignment {
  applicationId: string;
  organizationId: string;
}

export interface Assignment {
  applicationId: string;
  expertId: string;
}

export interface Shortfall {
  applicationId: string;
  /** Experts the application has after assignment, counting existing ones. */
  available: number;
  needed: number;
}

export interface AssignExpertsInput {
  applications: ReadonlyArray<ApplicationForAssignment>;
  experts: ReadonlyArray<ExpertForAssignment>;
  perApplication: number;
  /** Assignments already made; they count toward the panel size and toward each expert's load. */
  existing?: ReadonlyArray<Assignment>;
}

export interface AssignExpertsResult {
  /** Only the new assignments, for the caller to store beside the existing ones. */
  assignments: Assignment[];
  shortfalls: Shortfall[];
}

export interface CurrentAssignment extends Assignment {
  declined?: boolean;
}

export interface ReassignInput {
  applicationId: string;
  organizationId: string;
  declinedExpertId: string;
  experts: ReadonlyArray<ExpertForAssignment>;
  current: ReadonlyArray<CurrentAssignment>;
}

export type ReassignResult = { expertId: string } | { shortfall: true };

// Code-unit order, not localeCompare: the answer must not depend on the host's ICU data.
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isTied(expert: ExpertForAssignment, organizationId: string): boolean {
  return expert.tiedOrganizationIds.includes(organizationId);
}

function assertUnique(ids: ReadonlyArray<string>, what: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new RangeError(`${what} ${id} is listed twice`);
    seen.add(id);
  }
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The experts with the lowest load first, ties by expertId. */
function byLoad(load: ReadonlyMap<string, number>): (a: ExpertForAssignment, b: ExpertForAssignment) => number {
  return (a, b) => (load.get(a.expertId) ?? 0) - (load.get(b.expertId) ?? 0) || compareIds(a.expertId, b.expertId);
}

/**
 * Greedy and deterministic: applications with the fewest eligible experts are served first (they
 * have the least choice), then by applicationId; each takes the eligible experts with the lowest
 * current load, ties by expertId. This keeps loads within one of each other wherever the
 * conflicts allow it. An application with too few eligible experts gets all of them and a shortfall.
 */
export function assignExperts(input: AssignExpertsInput): AssignExpertsResult {
  const { applications, experts, perApplication } = input;
  if (!Number.isInteger(perApplication) || perApplication < 1) {
    throw new RangeError(`perApplication must be a positive integer, got ${perApplication}`);
  }
  assertUnique(
    applications.map((a) => a.applicationId),
    'application',
  );
  assertUnique(
    experts.map((e) => e.expertId),
    'expert',
  );

  const load = new Map<string, number>();
  const panel = new Map<string, Set<string>>();
  for (const a of input.existing ?? []) {
    increment(load, a.expertId);
    const members = panel.get(a.applicationId) ?? new Set<string>();
    members.add(a.expertId);
    panel.set(a.applicationId, members);
  }

  const candidates = applications.map((app) => {
    const assigned = panel.get(app.applicationId) ?? new Set<string>();
    const eligible = experts.filter((e) => !isTied(e, app.organizationId) && !assigned.has(e.expertId));
    return { app, assignedCount: assigned.size, eligible };
  });
  candidates.sort((a, b) => a.eligible.length - b.eligible.length || compareIds(a.app.applicationId, b.app.applicationId));

  const assignments: Assignment[] = [];
  const shortfalls: Shortfall[] = [];
  for (const { app, assignedCount, eligible } of candidates) {
    const needed = Math.max(0, perApplication - assignedCount);
    if (needed === 0) continue;
    const chosen = [...eligible].sort(byLoad(load)).slice(0, needed);
    for (const e of chosen) {
      increment(load, e.expertId);
      assignments.push({ applicationId: app.applicationId, expertId: e.expertId });
    }
    if (chosen.length < needed) {
      shortfalls.push({
        applicationId: app.applicationId,
        available: assignedCount + chosen.length,
        needed: perApplication,
      });
    }
  }
  // Listed by application, not in serving order, so that callers and tests read them predictably.
  assignments.sort((a, b) => compareIds(a.applicationId, b.applicationId) || compareIds(a.expertId, b.expertId));
  shortfalls.sort((a, b) => compareIds(a.applicationId, b.applicationId));
  return { assignments, shortfalls };
}

/**
 * A replacement for an expert who declined an application: not tied to its organization, never
 * assigned to it before (a declined expert is not asked again), the lowest load counting only
 * assignments that were not declined, ties by expertId.
 */
export function reassign(input: ReassignInput): ReassignResult {
  const { applicationId, organizationId, declinedExpertId, experts, current } = input;
  const load = new Map<string, number>();
  const everAssigned = new Set<string>([declinedExpertId]);
  for (const a of current) {
    if (a.applicationId === applicationId) everAssigned.add(a.expertId);
    if (a.declined !== true) increment(load, a.expertId);
  }
  const eligible = experts.filter((e) => !isTied(e, organizationId) && !everAssigned.has(e.expertId));
  const best = [...eligible].sort(byLoad(load))[0];
  return best === undefined ? { shortfall: true } : { expertId: best.expertId };
}
