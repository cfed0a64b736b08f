import { Injectable } from '@nestjs/common';
import { fileObjection, projectWorkflowId, ruleObjection } from '@workflows/messages';
import { LISTED_STAGES, NOTICED_ROUND_STATUSES } from '@workflows/rules';
import { staffRegionFilter } from '../common/access';
import { actorOf, Decisions } from '../common/decisions';
import { InvalidTransitionError, NotFoundError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import { ObjectionDto, ObjectionQuery, RulingDto } from './notices.dto';
import type { AuthUser } from '../common/auth/auth-user';
import type { Prisma } from '@generated/prisma/client';

// A noticed project stays on its round's list whatever happens to it afterwards; RANKED with an
// award is on the list the notice published, its workflow not yet told.

/** 公示: what the public reads, the objections they file, and the reviewers' rulings. */
@Injectable()
export class NoticesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly decisions: Decisions,
  ) {}

  async publicNotices() {
    const rounds = await this.prisma.round.findMany({
      where: { status: { in: [...NOTICED_ROUND_STATUSES] } },
      orderBy: { noticeStartsAt: 'desc' },
      take: 100,
    });
    return rounds.map((r) => ({
      roundId: r.id,
      name: r.name,
      status: r.status,
      startsAt: r.noticeStartsAt?.toISOString(),
      endsAt: r.noticeEndsAt?.toISOString(),
      workingDays: r.noticeWorkingDays,
    }));
  }

  /** The provisional list as it stands now: funded entries in rank order, with the period. */
  async publicNotice(roundId: string) {
    const round = await this.prisma.round.findFirst({ where: { id: roundId, status: { in: [...NOTICED_ROUND_STATUSES] } } });
    if (!round) throw new NotFoundError('Notice', roundId);
    const apps = await this.prisma.application.findMany({
      where: { roundId, stage: { in: [...LISTED_STAGES] }, award: { gt: 0 } },
      include: { organization: { select: { name: true } } },
      orderBy: { rank: 'asc' },
    });
    const doc = await this.prisma.document.findFirst({
      where: { roundId, kind: 'PUBLIC_NOTICE' },
      orderBy: { version: 'desc' },
      select: { id: true, sha256: true },
    });
    return {
      roundId,
      name: round.name,
      issuingBureau: round.issuingBureau,
      status: round.status,
      period: {
        startsAt: round.noticeStartsAt?.toISOString(),
        endsAt: round.noticeEndsAt?.toISOString(),
        workingDays: round.noticeWorkingDays,
      },
      open: round.status === 'NOTICE' && !!round.noticeEndsAt && round.noticeEndsAt.getTime() > Date.now(),
      entries: apps.map((a) => ({
        applicationId: a.id,
        rank: a.rank,
        organizationName: a.organization.name,
        title: a.title,
        category: a.category,
        finalScore: a.finalScore?.toFixed(2),
        award: a.award!.toFixed(2),
      })),
      document: doc,
    };
  }

  async file(roundId: string, dto: ObjectionDto): Promise<{ objectionId: string }> {
    const round = await this.prisma.round.findUnique({ where: { id: roundId }, select: { status: true } });
    if (!round) throw new NotFoundError('Notice', roundId);
    // Anonymous callers reach a project's workflow only while its round is on notice.
    if (round.status === 'FINALIZED')
      throw new InvalidTransitionError('流程已结束（FINALIZED），不再受理异议 / the case is closed', round.status);
    if (round.status !== 'NOTICE') throw new InvalidTransitionError('本轮尚未公示，不受理异议 / the round is not on notice', round.status);
    // An objection concerns one project of the round: that project's workflow takes it.
    if (!(await this.prisma.application.findFirst({ where: { id: dto.applicationId, roundId }, select: { id: true } }))) {
      throw new InvalidTransitionError('该项目不在公示名单中 / not on the notice list', await this.statusOf(roundId));
    }
    return this.decisions.send(projectWorkflowId(dto.applicationId), fileObjection, [{ ...dto }], () => this.statusOf(roundId));
  }

  async list(user: AuthUser, q: ObjectionQuery): Promise<Page<unknown>> {
    const region = staffRegionFilter(user);
    const where: Prisma.ObjectionWhereInput = {
      ...(q.status && { status: q.status }),
      ...(q.roundId && { roundId: q.roundId }),
      ...(region && { application: { round: { regionCode: region } } }),
    };
    const [items, total] = await this.prisma.$transaction([
      this.prisma.objection.findMany({
        where,
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
        ...pageArgs(q),
        include: { application: { select: { title: true } } },
      }),
      this.prisma.objection.count({ where }),
    ]);
    return {
      items: items.map((o) => ({ ...o, title: o.application.title, application: undefined })),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** One objection as staff of its round's region may see it (with the project's title); others get 404. */
  async objection(user: AuthUser, objectionId: string) {
    const region = staffRegionFilter(user);
    const o = await this.prisma.objection.findFirst({
      where: { id: objectionId, ...(region && { application: { round: { regionCode: region } } }) },
      include: { application: { select: { title: true } } },
    });
    if (!o) throw new NotFoundError('Objection', objectionId);
    return { ...o, title: o.application.title, application: undefined };
  }

  async rule(user: AuthUser, objectionId: string, dto: RulingDto) {
    const o = await this.objection(user, objectionId);
    return this.decisions.send(projectWorkflowId(o.applicationId), ruleObjection, [{ actor: actorOf(user), objectionId, ...dto }], () =>
      this.statusOf(o.roundId),
    );
  }

  private async statusOf(roundId: string): Promise<string> {
    return (await this.prisma.round.findUnique({ where: { id: roundId }, select: { status: true } }))?.status ?? 'UNKNOWN';
  }
}
