import { Injectable } from '@nestjs/common';
import { TRANCHE_STAGES, TRANCHE_STATUS_LABELS } from '@workflows/rules';
import { staffRegionFilter } from '../common/access';
import { PrismaService } from '../common/prisma.service';
import { buildLedgerWorkbook } from './ledger-workbook';
import type { AuthUser } from '../common/auth/auth-user';
import type { TrancheQuery } from './projects.dto';
import type { Response } from 'express';

export const LEDGER_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const LEDGER_DISPOSITION = `attachment; filename*=UTF-8''${encodeURIComponent('资金拨付台账.xlsx')}`;

/** Sends a built workbook as the 台账 download, the same from the JSON API and the portal. */
export function sendLedger(res: Response, workbook: Buffer): void {
  res.setHeader('Content-Type', LEDGER_CONTENT_TYPE);
  res.setHeader('Content-Disposition', LEDGER_DISPOSITION);
  res.send(workbook);
}

/**
 * 资金拨付台账: the tranches a staff member may see (their region, filtered like the finance
 * queue) as an Excel workbook. The JSON API's download and the portal's both build it here.
 */
@Injectable()
export class LedgerService {
  constructor(private readonly prisma: PrismaService) {}

  async workbook(user: AuthUser, q: Pick<TrancheQuery, 'status' | 'roundId'>): Promise<Buffer> {
    const region = staffRegionFilter(user);
    const tranches = await this.prisma.tranche.findMany({
      where: {
        ...(q.status && { status: q.status }),
        application: { ...(q.roundId && { roundId: q.roundId }), ...(region && { round: { regionCode: region } }) },
      },
      include: { application: { include: { organization: true, round: true } } },
      orderBy: [{ applicationId: 'asc' }, { seq: 'asc' }],
      take: 50000,
    });
    const userIds = [...new Set(tranches.flatMap((t) => [t.requestedById, t.approvedById]).filter((x): x is string => !!x))];
    const names = new Map((await this.prisma.user.findMany({ where: { id: { in: userIds } } })).map((u) => [u.id, u.displayName]));
    return buildLedgerWorkbook(
      tranches.map((t) => ({
        roundName: t.application.round.name,
        organizationName: t.application.organization.name,
        creditCode: t.application.organization.creditCode,
        projectTitle: t.application.title,
        award: t.application.award!.toFixed(2),
        seq: t.seq,
        label: TRANCHE_STAGES[t.stage as keyof typeof TRANCHE_STAGES]?.zh ?? t.stage,
        amount: t.amount.toFixed(2),
        status: TRANCHE_STATUS_LABELS[t.status].zh,
        requestedBy: t.requestedById ? names.get(t.requestedById) : undefined,
        requestedAt: t.requestedAt?.toISOString(),
        approvedBy: t.approvedById ? names.get(t.approvedById) : undefined,
        paidAt: t.paidAt?.toISOString(),
        paymentRef: t.paymentRef ?? undefined,
      })),
      { title: '资金拨付台账', generatedAt: new Date().toISOString() },
    );
  }
}
