import type { Person } from './api-client';
import type { Http } from './scale-http';
import type { ScaleCheck } from './scale-report';
import type { Pool } from 'pg';

/**
 * Was every score recorded exactly once? The assignment rows, the audit trail and each expert's own
 * list, against the scores the run saw accepted.
 */
export async function verify(
  pool: Pool,
  http: Http,
  roundId: string,
  experts: Person[],
  accepted: Map<string, { expertId: string; applicationId: string; total: string }>,
  expected: number,
): Promise<ScaleCheck> {
  const rows = (
    await pool.query<{ applicationId: string; expertId: string; status: string; total: string | null }>(
      `SELECT "applicationId", "expertId", status::text, total::text FROM "Assignment" WHERE "roundId" = $1`,
      [roundId],
    )
  ).rows;
  const byPair = new Map(rows.map((r) => [`${r.applicationId}/${r.expertId}`, r]));
  const audit = (
    await pool.query<{ entityId: string; actorId: string; n: number }>(
      `SELECT "entityId", "actorId"::text, count(*)::int AS n FROM "AuditEntry"
      WHERE action = 'panel.scoresSubmitted' AND "entityId" IN (SELECT id::text FROM "Application" WHERE "roundId" = $1)
      GROUP BY "entityId", "actorId"`,
      [roundId],
    )
  ).rows;
  const auditByPair = new Map(audit.map((a) => [`${a.entityId}/${a.actorId}`, a.n]));
  const submitted = rows.filter((r) => r.status === 'SUBMITTED');
  let acceptedButNotStored = 0;
  let totalMismatches = 0;
  for (const [pair, a] of accepted) {
    const row = byPair.get(pair);
    if (!row || row.status !== 'SUBMITTED') acceptedButNotStored++;
    else if (a.total && Number(row.total) !== Number(a.total)) totalMismatches++;
  }
  const expertViewMismatches: string[] = [];
  for (const e of experts) {
    const items: { applicationId: string; status: string }[] = [];
    for (let page = 1; ; page++) {
      const r = await http.call('GET', `/api/assignments?roundId=${roundId}&pageSize=100&page=${page}`, e, { retry: true });
      items.push(...r.body.items);
      if (page * 100 >= r.body.total) break;
    }
    const mine = [...accepted.values()].filter((a) => a.expertId === e.id).map((a) => a.applicationId);
    const listed = new Set(items.filter((i) => i.status === 'SUBMITTED').map((i) => i.applicationId));
    const notSubmitted = items.filter((i) => i.status !== 'SUBMITTED').length;
    const missing = mine.filter((id) => !listed.has(id)).length;
    const extra = listed.size - (mine.length - missing);
    if (missing || extra || notSubmitted || items.length !== listed.size) {
      expertViewMismatches.push(
        `${e.username}: ${mine.length} accepted, ${listed.size} listed SUBMITTED, ${notSubmitted} listed otherwise, ${missing} accepted but not listed, ${extra} listed but never accepted`,
      );
    }
  }
  const check: ScaleCheck = {
    expectedAssignments: expected,
    assignmentRows: rows.length,
    submittedRows: submitted.length,
    notSubmitted: rows.length - submitted.length,
    acceptedButNotStored,
    totalMismatches,
    auditEntries: audit.reduce((s, a) => s + a.n, 0),
    auditDuplicated: audit.filter((a) => a.n > 1).length,
    auditMissing: submitted.filter((r) => !auditByPair.has(`${r.applicationId}/${r.expertId}`)).length,
    expertViewMismatches,
    ok: false,
  };
  check.ok =
    expected > 0 &&
    check.assignmentRows === expected &&
    check.notSubmitted === 0 &&
    check.acceptedButNotStored === 0 &&
    check.totalMismatches === 0 &&
    accepted.size === expected &&
    check.auditEntries === expected &&
    check.auditDuplicated === 0 &&
    check.auditMissing === 0 &&
    expertViewMismatches.length === 0;
  return check;
}
