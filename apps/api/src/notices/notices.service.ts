import { Injectable } from '@nestjs/common';
import { projectWorkflowId, ruleObjections } from '@workflows/messages';
import { LISTED_STAGES, nameOnRecord, NOTICED_ROUND_STATUSES } from '@workflows/rules';
import { staffRegionFilter } from '../common/access';
import { actorOf, Decisions } from '../common/decisions';
import { NotFoundError, ValidationFailedError } from '../common/errors';
import { Page, pageArgs } from '../common/pagination';
import { PrismaService } from '../common/prisma.service';
import {
  ConfirmDto,
  GroupRulingDto,
  mapObjection,
  ObjectionDto,
  ObjectionLookupDto,
  ObjectionQuery,
  ObjectionView,
  RulingDto,
  RulingResultView,
} from './notices.dto';
import { ObjectionFilingService } from './objection-filing.service';
import { contactKey } from './objection-limits';
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
    private readonly filing: ObjectionFilingService,
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
        organizationName: nameOnRecord(a, a.organization.name),
        title: a.title,
        category: a.category,
        finalScore: a.finalScore?.toFixed(2),
        award: a.award!.toFixed(2),
      })),
      document: doc,
    };
  }

  /** Filed in PostgreSQL, unconfirmed until the code sent to the contact comes back; no workflow is involved. */
  file(roundId: string, dto: ObjectionDto) {
    return this.filing.file(roundId, dto);
  }

  confirm(objectionId: string, dto: ConfirmDto) {
    return this.filing.confirm(objectionId, dto);
  }

  /**
   * The filer's own view of an objection: found only when the receipt and the contact given at
   * filing both match, so a receipt number alone reads nothing. Undefined when either does not.
   */
  async lookup(dto: ObjectionLookupDto) {
    const o = await this.prisma.objection.findUnique({
      where: { id: dto.receipt },
      include: { application: { select: { title: true, round: { select: { id: true, name: true } } } } },
    });
    if (!o || contactKey(o.contact) !== contactKey(dto.contact)) return undefined;
    const decided = o.status === 'UPHELD' || o.status === 'DISMISSED';
    return {
      id: o.id,
      status: o.status,
      filedAt: o.createdAt.toISOString(),
      confirmedAt: o.confirmedAt?.toISOString() ?? null,
      roundId: o.application.round.id,
      roundName: o.application.round.name,
      projectTitle: o.application.title,
      ruledAt: decided ? (o.ruledAt?.toISOString() ?? null) : null,
      ruling: decided ? o.ruling : null,
    };
  }

  async list(user: AuthUser, q: ObjectionQuery): Promise<Page<ObjectionView>> {
    const region = staffRegionFilter(user);
    const where: Prisma.ObjectionWhereInput = {
      // Unconfirmed objections do not count; staff see them only when they ask for them.
      status: q.status ?? { not: 'UNCONFIRMED' },
      ...(q.roundId && { roundId: q.roundId }),
      ...(q.applicationId && { applicationId: q.applicationId }),
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
      items: items.map(mapObjection),
      total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** One objection as staff of its round's region may see it (with the project's title); others get 404. */
  async objection(user: AuthUser, objectionId: string): Promise<ObjectionView> {
    const region = staffRegionFilter(user);
    const o = await this.prisma.objection.findFirst({
      where: { id: objectionId, ...(region && { application: { round: { regionCode: region } } }) },
      include: { application: { select: { title: true } } },
    });
    if (!o) throw new NotFoundError('Objection', objectionId);
    return mapObjection(o);
  }

  rule(user: AuthUser, objectionId: string, dto: RulingDto): Promise<RulingResultView> {
    return this.ruleMany(user, { ...dto, objectionIds: [objectionId] });
  }

  /**
   * The objections one ruling is to cover, as staff of their round's region see them: each must be
   * found there (404 otherwise), and all must concern one project (400).
   */
  async objectionsToRule(user: AuthUser, objectionIds: string[]): Promise<ObjectionView[]> {
    const region = staffRegionFilter(user);
    const found = await this.prisma.objection.findMany({
      where: { id: { in: objectionIds }, ...(region && { application: { round: { regionCode: region } } }) },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      include: { application: { select: { title: true } } },
    });
    const missing = objectionIds.find((id) => !found.some((o) => o.id === id));
    if (missing) throw new NotFoundError('Objection', missing);
    if (new Set(found.map((o) => o.applicationId)).size > 1)
      throw new ValidationFailedError([
        {
          field: 'objectionIds',
          rule: 'sameApplication',
          message: 'objectionIds: 一次处理意见只能针对同一项目的异议 / all must concern one project',
        },
      ]);
    return found.map(mapObjection);
  }

  /**
   * One reasoned ruling on several objections of the same project (the same substance ruled
   * once): one update to that project's workflow, which records them through one activity.
   */
  async ruleMany(user: AuthUser, dto: GroupRulingDto): Promise<RulingResultView> {
    const [{ applicationId, roundId }] = await this.objectionsToRule(user, dto.objectionIds);
    return this.decisions.send(
      projectWorkflowId(applicationId),
      ruleObjections,
      [{ actor: actorOf(user), objectionIds: dto.objectionIds, decision: dto.decision, ruling: dto.ruling }],
      () => this.statusOf(roundId),
    );
  }

  private async statusOf(roundId: string): Promise<string> {
    return (await this.prisma.round.findUnique({ where: { id: roundId }, select: { status: true } }))?.status ?? 'UNKNOWN';
  }
}
