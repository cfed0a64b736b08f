import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ON_NOTICE_STAGES, staffOfRegion } from '@workflows/rules';
import { InvalidTransitionError, NotFoundError, TooManyRequestsError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { contactChannel, contactKey, objectionLimits, type ObjectionLimits } from './objection-limits';
import type { ConfirmDto, ObjectionDto } from './notices.dto';
import type { Prisma } from '@generated/prisma/client';

type Tx = Prisma.TransactionClient;

const codeHash = (objectionId: string, code: string) => createHash('sha256').update(`${objectionId}:${code}`).digest('hex');

/**
 * 提出异议 without any workflow: an objection is stored UNCONFIRMED with a hash of a code sent to
 * its contact through the outbox, and counts (FILED) only once the code comes back. Filing and
 * confirming take the round's row FOR SHARE, like a ruling, and are refused once the notice has
 * ended; approval takes it FOR UPDATE and counts the FILED ones, so none committed is missed.
 * Limits per round and per contact are counted here in PostgreSQL (429 with Retry-After).
 */
@Injectable()
export class ObjectionFilingService {
  readonly limits: ObjectionLimits = objectionLimits(process.env);

  constructor(private readonly prisma: PrismaService) {}

  async file(roundId: string, dto: ObjectionDto): Promise<{ objectionId: string; status: 'UNCONFIRMED'; confirmBy: string }> {
    const key = contactKey(dto.contact);
    const channel = contactChannel(dto.contact);
    if (!channel)
      throw new ValidationFailedError([
        { field: 'contact', rule: 'isEmailOrPhone', message: 'contact: 须为电子邮箱或手机号码 / an email address or a phone number' },
      ]);
    return this.prisma.$transaction(
      async (tx) => {
        // One filing at a time per contact and per round, so that each limit is counted exactly.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`objection-contact:${key}`}))`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`objection-round:${roundId}`}))`;
        await this.requireOpen(tx, roundId, dto.applicationId);
        const now = Date.now();
        const since = new Date(now - this.limits.windowMs);
        await this.requireUnder(
          tx,
          { contactKey: key, createdAt: { gt: since } },
          this.limits.perContact,
          now,
          '该联系方式提交异议过于频繁 / too many objections from this contact',
        );
        await this.requireUnder(
          tx,
          { roundId, createdAt: { gt: since } },
          this.limits.perRound,
          now,
          '本轮异议提交过于频繁 / too many objections on this round',
        );
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const expiresAt = new Date(now + this.limits.codeTtlMs);
        const id = randomUUID();
        const o = await tx.objection.create({
          data: {
            id,
            codeHash: codeHash(id, code),
            roundId,
            applicationId: dto.applicationId,
            name: dto.name,
            contact: dto.contact,
            contactKey: key,
            reason: dto.reason,
            status: 'UNCONFIRMED',
            codeExpiresAt: expiresAt,
          },
        });
        await tx.outboxMessage.create({
          data: {
            channel,
            recipient: dto.contact,
            kind: 'objection.confirmationCode',
            subject: '公示异议确认码 / objection confirmation code',
            body: `您的异议确认码为 ${code}，${Math.round(this.limits.codeTtlMs / 60000)} 分钟内有效。/ Your confirmation code is ${code}.`,
            entityType: 'Objection',
            entityId: o.id,
          },
        });
        await tx.auditEntry.create({
          data: {
            entityType: 'Objection',
            entityId: o.id,
            action: 'objection.received',
            toState: 'UNCONFIRMED',
            actorRole: 'PUBLIC',
            reason: dto.reason,
            data: { applicationId: dto.applicationId, channel },
          },
        });
        return { objectionId: o.id, status: 'UNCONFIRMED' as const, confirmBy: expiresAt.toISOString() };
      },
      { maxWait: 15000, timeout: 30000 },
    );
  }

  /** 确认异议: the code sent to the contact turns the objection FILED; a wrong code uses up one attempt. */
  async confirm(objectionId: string, dto: ConfirmDto): Promise<{ objectionId: string; status: 'FILED' }> {
    const outcome = await this.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Objection" WHERE id = ${objectionId}::uuid FOR UPDATE`;
      if (rows.length === 0) throw new NotFoundError('Objection', objectionId);
      const o = await tx.objection.findUniqueOrThrow({ where: { id: objectionId } });
      if (o.status !== 'UNCONFIRMED') throw new InvalidTransitionError('该异议已确认 / already confirmed', o.status);
      if (!o.codeHash || o.confirmAttempts >= this.limits.codeAttempts || !o.codeExpiresAt || o.codeExpiresAt.getTime() <= Date.now())
        throw new InvalidTransitionError(
          '确认码已失效，请重新提交异议 / the code has expired or was tried too often, file again',
          o.status,
        );
      const given = Buffer.from(codeHash(objectionId, dto.code), 'hex');
      if (!timingSafeEqual(given, Buffer.from(o.codeHash, 'hex'))) {
        // Counted even though the request is refused: the attempt must stay used.
        await tx.objection.update({ where: { id: objectionId }, data: { confirmAttempts: { increment: 1 } } });
        return { wrong: this.limits.codeAttempts - o.confirmAttempts - 1 };
      }
      await this.requireOpen(tx, o.roundId, o.applicationId);
      await tx.objection.update({ where: { id: objectionId }, data: { status: 'FILED', confirmedAt: new Date(), codeHash: null } });
      await tx.auditEntry.create({
        data: {
          entityType: 'Objection',
          entityId: objectionId,
          action: 'objection.filed',
          fromState: 'UNCONFIRMED',
          toState: 'FILED',
          actorRole: 'PUBLIC',
          reason: o.reason,
          data: { applicationId: o.applicationId },
        },
      });
      await this.tellReviewers(tx, o.roundId, o.applicationId);
      return { wrong: -1 };
    });
    if (outcome.wrong >= 0)
      throw new ValidationFailedError([
        {
          field: 'code',
          rule: 'matches',
          message: `code: 确认码不正确（还可尝试 ${outcome.wrong} 次）/ wrong code (${outcome.wrong} attempts left)`,
        },
      ]);
    return { objectionId, status: 'FILED' };
  }

  /** The round on notice and its period running, the project on its list; the round's row stays locked FOR SHARE. */
  private async requireOpen(tx: Tx, roundId: string, applicationId: string): Promise<void> {
    const rows = await tx.$queryRaw<{ status: string; noticeEndsAt: Date | null }[]>`
      SELECT status::text AS status, "noticeEndsAt" FROM "Round" WHERE id = ${roundId}::uuid FOR SHARE`;
    const round = rows[0];
    if (!round) throw new NotFoundError('Notice', roundId);
    if (round.status === 'FINALIZED')
      throw new InvalidTransitionError('流程已结束（FINALIZED），不再受理异议 / the case is closed', round.status);
    if (round.status !== 'NOTICE')
      throw new InvalidTransitionError('本轮不在公示期，不受理异议 / the round is not on notice', round.status);
    if (!round.noticeEndsAt || round.noticeEndsAt.getTime() <= Date.now())
      throw new InvalidTransitionError('公示期已结束，不再受理异议 / the notice period has ended', round.status);
    const app = await tx.application.findFirst({ where: { id: applicationId, roundId }, select: { stage: true, award: true } });
    // RANKED: listed by the ranking the notice published, the project not yet told of it.
    if (!app || !ON_NOTICE_STAGES.includes(app.stage) || !app.award?.gt(0))
      throw new InvalidTransitionError('该项目不在公示名单中 / not on the notice list', round.status);
  }

  private async requireUnder(tx: Tx, where: Prisma.ObjectionWhereInput, limit: number, now: number, message: string): Promise<void> {
    const count = await tx.objection.count({ where });
    if (count < limit) return;
    // Free again when the oldest objection still counted leaves the window.
    const oldest = await tx.objection.findMany({
      where,
      orderBy: { createdAt: 'desc' },
      skip: limit - 1,
      take: 1,
      select: { createdAt: true },
    });
    const freeAt = (oldest[0]?.createdAt.getTime() ?? now) + this.limits.windowMs;
    throw new TooManyRequestsError(message, Math.max(1, Math.ceil((freeAt - now) / 1000)));
  }

  /** One inbox message per project when its first pending objection arrives, not one per objection. */
  private async tellReviewers(tx: Tx, roundId: string, applicationId: string): Promise<void> {
    const pending = await tx.objection.count({ where: { applicationId, status: 'FILED', ruledAt: null } });
    if (pending !== 1) return;
    const round = await tx.round.findUniqueOrThrow({ where: { id: roundId }, select: { regionCode: true } });
    const staff = await tx.user.findMany({ where: { role: 'REVIEWER', active: true }, select: { id: true, regionCode: true } });
    const reviewers = staffOfRegion(staff, round.regionCode);
    const at = Date.now();
    await tx.notification.createMany({
      data: reviewers.map((r) => ({
        userId: r.id,
        kind: 'objection.filed',
        applicationId,
        title: '收到公示异议，待处理',
        body: '该项目有待处理的公示异议 / objections await a ruling',
        idempotencyKey: `objection.filed/${applicationId}/${at}/${r.id}`,
      })),
      skipDuplicates: true,
    });
  }
}
