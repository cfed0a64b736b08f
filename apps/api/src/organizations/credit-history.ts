import { GRADE_LABELS } from '@workflows/rules';
import type { PrismaService } from '../common/prisma.service';
import type { Grade } from '@workflows/rules';

export interface CreditHistoryEntry {
  applicationId: string;
  projectTitle: string;
  kind: string;
  grade: string | null;
  gradeLabel: string | null;
  note: string;
  recordedAt: string;
}

/**
 * Earlier projects' outcomes per organization (诚信记录), so that panels and managers see an
 * excellent or a failed record when they judge a new application.
 */
export async function creditHistories(prisma: PrismaService, organizationIds: string[]): Promise<Map<string, CreditHistoryEntry[]>> {
  const ids = [...new Set(organizationIds)];
  const history = new Map<string, CreditHistoryEntry[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return history;
  const records = await prisma.creditRecord.findMany({ where: { organizationId: { in: ids } }, orderBy: { createdAt: 'desc' } });
  const titles = new Map(
    (
      await prisma.application.findMany({ where: { id: { in: records.map((r) => r.applicationId) } }, select: { id: true, title: true } })
    ).map((a) => [a.id, a.title]),
  );
  for (const r of records) {
    history.get(r.organizationId)!.push({
      applicationId: r.applicationId,
      projectTitle: titles.get(r.applicationId) ?? '',
      kind: r.kind,
      grade: r.grade,
      gradeLabel: r.grade ? (GRADE_LABELS[r.grade as Grade]?.zh ?? r.grade) : null,
      note: r.note,
      recordedAt: r.createdAt.toISOString(),
    });
  }
  return history;
}
