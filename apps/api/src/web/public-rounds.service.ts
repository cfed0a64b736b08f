import { Injectable } from '@nestjs/common';
import { ANNOUNCED_ROUND_STATUSES, NOTICED_ROUND_STATUSES } from '@workflows/rules';
import { NotFoundError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { mapRound, RoundView } from '../rounds/rounds.dto';
import type { Prisma } from '@generated/prisma/client';

/**
 * 正在征集: rounds the public may see before signing in — published and not yet closed, the
 * same statuses RoundsService.eligibleRounds offers to applicants. RoundsService only serves
 * signed-in users; this belongs there as a public listing once its owner adds one.
 */
@Injectable()
export class PublicRoundsService {
  constructor(private readonly prisma: PrismaService) {}

  async open(q: { page: number; pageSize: number }): Promise<Page<RoundView>> {
    const where: Prisma.RoundWhereInput = { status: { in: [...ANNOUNCED_ROUND_STATUSES] } };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.round.findMany({ where, orderBy: [{ closesAt: 'asc' }, { id: 'asc' }], ...pageArgs(q) }),
      this.prisma.round.count({ where }),
    ]);
    return { items: items.map(mapRound), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * 申报指南: a round as its call announces it, once published; a draft is not found. The public
   * notice's full text is linked when the round has one.
   */
  async guidelines(id: string): Promise<{ round: RoundView; noticed: boolean }> {
    const round = await this.prisma.round.findFirst({ where: { id, status: { not: 'DRAFT' } } });
    if (!round) throw new NotFoundError('Round', id);
    return { round: mapRound(round), noticed: NOTICED_ROUND_STATUSES.includes(round.status) };
  }
}
