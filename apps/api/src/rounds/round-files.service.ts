import { Injectable } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { ROUND_FILE_KIND_LABELS } from '@workflows/rules';
import { checkUpload, type Accepted, type UploadedFileLike } from '../applications/attachment-files';
import { inStaffRegion } from '../common/access';
import { audit } from '../common/audit';
import { InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { RoundsService } from './rounds.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { RoundFileView } from './round-files.dto';
import type { Prisma } from '@generated/prisma/client';

export const ROUND_FILE_KINDS = Object.keys(ROUND_FILE_KIND_LABELS);

/** The guidelines as a PDF or a document, templates also as a spreadsheet. */
const ACCEPTED: Accepted = { types: ['PDF', 'DOCX', 'XLSX'], name: '申报指南附件' };

/** Files a round's call may carry. */
export const MAX_ROUND_FILES = 10;

export class RoundFileDto {
  @IsIn(ROUND_FILE_KINDS)
  kind!: string;
}

const META = { id: true, kind: true, filename: true, mimeType: true, size: true, sha256: true, createdAt: true } as const;

/**
 * 申报指南附件: the files of a round's call. Its program manager attaches and removes them while
 * the round is a draft (the call is fixed once published, like its settings); from publication
 * anyone may read them, signed in or not, as they read the guidelines.
 */
@Injectable()
export class RoundFilesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly rounds: RoundsService,
  ) {}

  async upload(user: AuthUser, roundId: string, kind: string, file: UploadedFileLike | undefined): Promise<RoundFileView> {
    await this.requireDraft(user, roundId);
    const checked = await checkUpload(ACCEPTED, kind, file);
    return this.prisma.$transaction(async (tx) => {
      await lockDraft(tx, roundId);
      if ((await tx.roundFile.count({ where: { roundId } })) >= MAX_ROUND_FILES) {
        throw new ValidationFailedError([
          {
            field: 'file',
            rule: 'maxCount',
            message: `file: 每个轮次最多 ${MAX_ROUND_FILES} 个附件 / at most ${MAX_ROUND_FILES} files per round`,
          },
        ]);
      }
      const f = await tx.roundFile.create({
        data: {
          roundId,
          kind,
          filename: checked.filename,
          mimeType: checked.mimeType,
          size: checked.size,
          sha256: checked.sha256,
          content: new Uint8Array(checked.content),
          uploadedById: user.id,
        },
        select: META,
      });
      await audit(tx, user, {
        entityType: 'Round',
        entityId: roundId,
        action: 'round.fileAttached',
        data: { fileId: f.id, kind, filename: f.filename, mimeType: f.mimeType, size: f.size, sha256: f.sha256 },
      });
      return f;
    });
  }

  async remove(user: AuthUser, roundId: string, fileId: string): Promise<void> {
    await this.requireDraft(user, roundId);
    await this.prisma.$transaction(async (tx) => {
      await lockDraft(tx, roundId);
      const f = await tx.roundFile.findFirst({ where: { id: fileId, roundId }, select: META });
      if (!f) throw new NotFoundError('RoundFile', fileId);
      await tx.roundFile.delete({ where: { id: fileId } });
      await audit(tx, user, {
        entityType: 'Round',
        entityId: roundId,
        action: 'round.fileRemoved',
        data: { fileId, kind: f.kind, filename: f.filename, sha256: f.sha256 },
      });
    });
  }

  /** The round's files, for whoever sees the round (RoundsService.get: staff of its region see a draft's). */
  async list(user: AuthUser, roundId: string): Promise<RoundFileView[]> {
    await this.rounds.get(user, roundId);
    return this.files(roundId);
  }

  async download(user: AuthUser, roundId: string, fileId: string) {
    await this.rounds.get(user, roundId);
    return this.content(roundId, fileId);
  }

  /** A published round's files, for its public page; a draft's are nobody's business but its bureau's. */
  async published(roundId: string): Promise<RoundFileView[]> {
    await this.requirePublished(roundId);
    return this.files(roundId);
  }

  async publishedContent(roundId: string, fileId: string) {
    await this.requirePublished(roundId);
    return this.content(roundId, fileId);
  }

  private files(roundId: string): Promise<RoundFileView[]> {
    return this.prisma.roundFile.findMany({ where: { roundId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: META });
  }

  private async content(roundId: string, fileId: string) {
    const f = await this.prisma.roundFile.findFirst({ where: { id: fileId, roundId } });
    if (!f) throw new NotFoundError('RoundFile', fileId);
    return { filename: f.filename, mimeType: f.mimeType, content: Buffer.from(f.content) };
  }

  /** A draft of the manager's own region; another region's round is not found, whatever its status. */
  private async requireDraft(user: AuthUser, roundId: string) {
    const round = await this.rounds.get(user, roundId);
    if (!inStaffRegion(user, round.regionCode)) throw new NotFoundError('Round', roundId);
    if (round.status !== 'DRAFT') throw notDraft(round.status);
    return round;
  }

  private async requirePublished(roundId: string) {
    const round = await this.prisma.round.findFirst({ where: { id: roundId, status: { not: 'DRAFT' } }, select: { id: true } });
    if (!round) throw new NotFoundError('Round', roundId);
  }
}

/**
 * Locks the round's row for the change (one change at a time per round, so two uploads cannot both
 * pass the count, nor one land after publication) and refuses it once the round is published.
 */
async function lockDraft(tx: Prisma.TransactionClient, roundId: string): Promise<void> {
  const [round] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM "Round" WHERE id = ${roundId}::uuid FOR UPDATE`;
  if (round.status !== 'DRAFT') throw notDraft(round.status);
}

const notDraft = (status: string) =>
  new InvalidTransitionError('轮次已发布，申报指南附件随公告发布，不能再增删 / the call is published: its files are fixed', status);
