import { Injectable } from '@nestjs/common';
import { Prisma } from '@generated/prisma/client';
import { regionCovers, regionPrefix, COMMITTED_STAGES } from '@workflows/rules';
import { inStaffRegion, staffRegionFilter } from '../common/access';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { Breakdown, DashboardQuery, DashboardView } from './dashboard.dto';
import type { AuthUser } from '../common/auth/auth-user';

// A constant of our own, never user input: inlined so the enum column compares with literals.
const COMMITTED_SQL = Prisma.raw(COMMITTED_STAGES.map((s) => `'${s}'`).join(', '));

/** What a dashboard covers: one round and/or the rounds of one region (prefix of its code). */
interface Scope {
  roundId?: string;
  regionPrefix?: string;
}

/**
 * Figures for program managers: money committed and paid, projects by stage, category and
 * region. Every sum and count is computed by PostgreSQL, so the figures stay exact decimals
 * and the cost does not grow with what Node holds; the web portal can call the same method.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly prisma: PrismaService) {}

  async summary(user: AuthUser, q: DashboardQuery): Promise<DashboardView> {
    const scope = await this.scopeFor(user, q);
    const where = this.where(scope);
    const committedWhere: Prisma.ApplicationWhereInput = { AND: [where, { stage: { in: [...COMMITTED_STAGES] } }] };
    // One snapshot, so that paid is never read after a payment that committed did not see.
    const [committed, paid, byStage, byCategory, byRegion] = await this.prisma.$transaction(
      [
        this.prisma.application.aggregate({ where: committedWhere, _sum: { award: true } }),
        this.prisma.payment.aggregate({ where: { application: where }, _sum: { amount: true } }),
        this.prisma.application.groupBy({ by: ['stage'], where, _count: { _all: true }, orderBy: { stage: 'asc' } }),
        this.prisma.$queryRaw<Breakdown[]>(this.breakdown(Prisma.sql`a."category"`, scope)),
        // The applicants' counties: where the organizations work, not which bureau ran the round.
        this.prisma.$queryRaw<Breakdown[]>(this.breakdown(Prisma.sql`o."regionCode"`, scope)),
      ],
      { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
    );
    return {
      roundId: q.roundId ?? null,
      regionCode: q.regionCode ?? null,
      committed: committed._sum.award?.toFixed(2) ?? '0.00',
      paid: paid._sum.amount?.toFixed(2) ?? '0.00',
      // groupBy's result type is lost inside a batch transaction; _count._all is what was asked for.
      byStage: byStage.map((s) => ({ stage: s.stage, count: (s._count as { _all: number })._all })),
      byCategory,
      byRegion,
    };
  }

  /** Staff see their own region only: a wider or foreign region is refused, a foreign round is not found. */
  private async scopeFor(user: AuthUser, q: DashboardQuery): Promise<Scope> {
    const own = staffRegionFilter(user);
    if (q.regionCode && own && !regionCovers(user.regionCode!, q.regionCode)) {
      throw new ForbiddenError(`行政区划 ${q.regionCode} 不在本人辖区内 / region outside your jurisdiction`);
    }
    if (q.roundId) {
      const round = await this.prisma.round.findUnique({ where: { id: q.roundId }, select: { regionCode: true } });
      if (!round || !inStaffRegion(user, round.regionCode)) throw new NotFoundError('Round', q.roundId);
    }
    return { roundId: q.roundId, regionPrefix: q.regionCode ? regionPrefix(q.regionCode) : own?.startsWith };
  }

  private where(s: Scope): Prisma.ApplicationWhereInput {
    return {
      ...(s.roundId && { roundId: s.roundId }),
      ...(s.regionPrefix && { round: { regionCode: { startsWith: s.regionPrefix } } }),
    };
  }

  /** Count and committed money per value of a column; Prisma's groupBy cannot group by a related row's column. */
  private breakdown(column: Prisma.Sql, s: Scope): Prisma.Sql {
    const filters = [Prisma.sql`TRUE`];
    if (s.roundId) filters.push(Prisma.sql`a."roundId" = ${s.roundId}::uuid`);
    if (s.regionPrefix) filters.push(Prisma.sql`r."regionCode" LIKE ${`${s.regionPrefix}%`}`);
    return Prisma.sql`
      SELECT ${column}::text AS "key", count(*)::int AS "count",
             COALESCE(SUM(a."award") FILTER (WHERE a."stage" IN (${COMMITTED_SQL})), 0)::numeric(20, 2)::text AS "committed"
      FROM "Application" a JOIN "Round" r ON r."id" = a."roundId" JOIN "Organization" o ON o."id" = a."organizationId"
      WHERE ${Prisma.join(filters, ' AND ')}
      GROUP BY 1 ORDER BY 1`;
  }
}
