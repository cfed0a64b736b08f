import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { IsIn } from 'class-validator';
import { EDITABLE_STAGES, IN_TERM_STAGES, inGroup } from '@workflows/rules';
import { audit } from '../common/audit';
import { InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import { acceptedFor, checkUpload, type UploadedFileLike } from './attachment-files';
import {
  APPLICATION_ATTACHMENT_KINDS,
  ATTACHMENT_RULES,
  attachmentKindsFor,
  KIND_TYPES,
  PREVIEW_TYPES,
  REPORT_ATTACHMENT_KINDS,
} from './attachment-rules';
import type { AuthUser } from '../common/auth/auth-user';
import type { AttachmentRulesView } from './attachment.dto';
import type { Prisma } from '@generated/prisma/client';

export class AttachmentDto {
  @IsIn(Object.keys(ATTACHMENT_RULES.kinds))
  kind!: string;
}

export type { UploadedFileLike } from './attachment-files';

/** Roles that may read attachments at all; ApplicationAccess and attachmentKindsFor narrow it per application and kind. */
export const ATTACHMENT_READERS = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR', 'FINANCE'] as const;

const META = { id: true, kind: true, filename: true, mimeType: true, size: true, sha256: true, createdAt: true } as const;

/**
 * Attachments of an application (申报附件) and the evidence of a project's reports, with one set
 * of limits for the JSON API and the portal: who may upload, in which stage, which types and sizes.
 */
@Injectable()
export class AttachmentsService {
  private readonly limits: { maxFiles: number; maxTotalBytes: number };

  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
    config: ConfigService,
  ) {
    this.limits = {
      maxFiles: positive(config.get<string>('PSP_MAX_ATTACHMENTS'), 20),
      maxTotalBytes: positive(config.get<string>('PSP_MAX_ATTACHMENT_TOTAL_MB'), 50) * 1024 * 1024,
    };
  }

  rules(): AttachmentRulesView {
    return {
      maxBytes: ATTACHMENT_RULES.maxBytes,
      maxNameLength: ATTACHMENT_RULES.maxNameLength,
      maxFiles: this.limits.maxFiles,
      maxTotalBytes: this.limits.maxTotalBytes,
      types: Object.values(ATTACHMENT_RULES.mimeTypes),
      kinds: ATTACHMENT_RULES.kinds,
      kindTypes: KIND_TYPES,
    };
  }

  async upload(user: AuthUser, id: string, kind: string, file?: UploadedFileLike) {
    const app = await this.access.requireMember(user, id);
    if (REPORT_ATTACHMENT_KINDS.includes(kind)) {
      if (!inGroup(IN_TERM_STAGES, app.stage))
        throw new InvalidTransitionError('项目实施期间才能上传报告材料 / report evidence is uploaded during implementation', app.stage);
    } else if (!inGroup(EDITABLE_STAGES, app.stage)) {
      throw new InvalidTransitionError('申报书已提交，不能再上传附件 / not editable', app.stage);
    }
    const checked = await checkUpload(acceptedFor(kind), kind, file);
    const { sha256 } = checked;
    return this.prisma.$transaction(async (tx) => {
      // One upload at a time per application, so two concurrent uploads cannot both pass the limits.
      await tx.$queryRaw`SELECT id FROM "Application" WHERE id = ${id}::uuid FOR UPDATE`;
      await this.requireRoom(tx, id, kind, checked.size);
      const a = await tx.attachment.create({
        data: {
          applicationId: id,
          kind,
          filename: checked.filename,
          mimeType: checked.mimeType,
          size: checked.size,
          sha256,
          content: new Uint8Array(checked.content),
          uploadedById: user.id,
        },
        select: META,
      });
      await audit(tx, user, {
        entityType: 'Application',
        entityId: id,
        action: 'attachment.uploaded',
        data: { attachmentId: a.id, kind, filename: a.filename, mimeType: a.mimeType, size: a.size, sha256 },
      });
      return a;
    });
  }

  /**
   * The count and total-size limits of the application, counted apart for its own attachments
   * and for its reports' evidence (which grows over the project's term).
   */
  private async requireRoom(tx: Prisma.TransactionClient, id: string, kind: string, size: number) {
    const group = REPORT_ATTACHMENT_KINDS.includes(kind) ? REPORT_ATTACHMENT_KINDS : APPLICATION_ATTACHMENT_KINDS;
    const held = await tx.attachment.aggregate({ where: { applicationId: id, kind: { in: group } }, _count: true, _sum: { size: true } });
    const { maxFiles, maxTotalBytes } = this.limits;
    if (held._count >= maxFiles) {
      throw new ValidationFailedError([
        { field: 'file', rule: 'maxCount', message: `file: 附件已达 ${maxFiles} 个上限 / at most ${maxFiles} files per application` },
      ]);
    }
    if ((held._sum.size ?? 0) + size > maxTotalBytes) {
      const mb = maxTotalBytes / 1024 / 1024;
      throw new ValidationFailedError([
        { field: 'file', rule: 'maxTotalSize', message: `file: 附件总大小不能超过 ${mb}MB / at most ${mb} MB of files per application` },
      ]);
    }
  }

  /** The application's attachments that the user's role reads (attachmentKindsFor), oldest first. */
  async list(user: AuthUser, id: string) {
    await this.access.require(user, id);
    return this.prisma.attachment.findMany({
      where: { applicationId: id, kind: { in: attachmentKindsFor(user.role) } },
      orderBy: { createdAt: 'asc' },
      select: META,
    });
  }

  /**
   * One file's content for a download or a preview. Whoever may not read it gets 404, as for the
   * application itself. A read by anyone but the organization's own members is audited (who, when,
   * which file, how and from which page), as an entry of the attachment rather than of the
   * application, so the application's history keeps to its decisions.
   */
  async download(user: AuthUser, id: string, attachmentId: string, read: AttachmentRead = { mode: 'download', page: 'api' }) {
    await this.access.require(user, id);
    const a = await this.prisma.attachment.findFirst({
      where: { id: attachmentId, applicationId: id, kind: { in: attachmentKindsFor(user.role) } },
    });
    // Only PDFs and images are shown in place; asking to preview anything else finds nothing to show.
    if (!a || (read.mode === 'preview' && !PREVIEW_TYPES[a.mimeType])) throw new NotFoundError('Attachment', attachmentId);
    if (user.role !== 'APPLICANT') {
      await audit(this.prisma, user, {
        entityType: 'Attachment',
        entityId: a.id,
        action: read.mode === 'preview' ? 'attachment.viewed' : 'attachment.downloaded',
        reason: read.page,
        data: { applicationId: id, kind: a.kind, filename: a.filename, sha256: a.sha256, page: read.page },
      });
    }
    return { filename: a.filename, mimeType: a.mimeType, content: Buffer.from(a.content) };
  }
}

/** How a file is read and from which page (eligibility, project, expert…, or api), for the audit trail. */
export interface AttachmentRead {
  mode: 'download' | 'preview';
  page: string;
}

function positive(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw !== undefined && Number.isInteger(n) && n > 0 ? n : fallback;
}
