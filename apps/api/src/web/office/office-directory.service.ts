import { Injectable } from '@nestjs/common';
import { staffRegionFilter } from '../../common/access';
import { PrismaService } from '../../common/prisma.service';
import type { AuthUser } from '../../common/auth/auth-user';

/** More people than one form could sensibly list; the panel DTO itself accepts at most 200 experts. */
const MAX_CHOICES = 200;

/**
 * The choices the office forms offer: active experts for a panel, active evaluators for a
 * project, the rounds of the bureau's region for the filters. Only choices: whether a person
 * may serve is decided again by the workflow (loadPanelInputs, assignEvaluator) when the form is sent.
 */
@Injectable()
export class OfficeDirectoryService {
  constructor(private readonly prisma: PrismaService) {}

  async experts() {
    const experts = await this.prisma.user.findMany({
      where: { role: 'EXPERT', active: true },
      orderBy: [{ displayName: 'asc' }, { username: 'asc' }],
      take: MAX_CHOICES,
      select: { id: true, displayName: true, username: true, _count: { select: { ties: true } } },
    });
    return experts.map((e) => ({ id: e.id, displayName: e.displayName, username: e.username, ties: e._count.ties }));
  }

  evaluators() {
    return this.prisma.user.findMany({
      where: { role: 'EVALUATOR', active: true },
      orderBy: [{ displayName: 'asc' }, { username: 'asc' }],
      take: MAX_CHOICES,
      select: { id: true, displayName: true, username: true },
    });
  }

  /** Published rounds of the staff member's region, newest first, for a filter's choices. */
  rounds(user: AuthUser) {
    const region = staffRegionFilter(user);
    return this.prisma.round.findMany({
      where: { status: { not: 'DRAFT' }, ...(region && { regionCode: region }) },
      orderBy: [{ closesAt: 'desc' }, { id: 'asc' }],
      take: 100,
      select: { id: true, name: true },
    });
  }

  /** Display names of staff who requested or approved something, for the finance queue. */
  async names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (wanted.length === 0) return new Map();
    const users = await this.prisma.user.findMany({ where: { id: { in: wanted } }, select: { id: true, displayName: true } });
    return new Map(users.map((u) => [u.id, u.displayName]));
  }
}
