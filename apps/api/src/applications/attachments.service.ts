import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { IsIn } from 'class-validator';
import { EDITABLE_STAGES, IN_TERM_STAGES, inGroup } from '@workflows/rules';
import { audit } from '../common/audit';
import { InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';
import { ATTACHMENT_RULES, REPORT_ATTACHMENT_KINDS } from './attachment-rules';
import type { AuthUser } from '../common/auth/auth-user';

export class AttachmentDto {
  @IsIn(Object.keys(ATTACHMENT_RULES.kinds))
  kind!: string;
}

/** What an upload carries, whether it came through the API's interceptor or the portal's form. */
export interface UploadedFileLike {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

const META = { id: true, kind: true, filename: true, mimeType: true, size: true, sha256: true, createdAt: true } as const;

/**
 * Attachments of an application (申报附件) and the evidence of a project's reports, with one set
 * of limits for the JSON API and the portal: who may upload, in which stage, which types and sizes.
 */
@Injectable()
export class AttachmentsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
  ) {}

  rules() {
    return { maxBytes: ATTACHMENT_RULES.maxBytes, types: Object.values(ATTACHMENT_RULES.mimeTypes), kinds: ATTACHMENT_RULES.kinds };
  }

  async upload(user: AuthUser, id: string, kind: string, file?: UploadedFileLike) {
    const app = await this.access.requireMember(user, id);
    if (REPORT_ATTACHMENT_KINDS.includes(kind)) {
      if (!inGroup(IN_TERM_STAGES, app.stage))
        throw new InvalidTransitionError('项目实施期间才能上传报告材料 / report evidence is uploaded during implementation', app.stage);
    } else if (!inGroup(EDITABLE_STAGES, app.stage)) {
      throw new InvalidTransitionError('申报书已提交，不能再上传附件 / not editable', app.stage);
    }
    if (!file) throw new ValidationFailedError([{ field: 'file', rule: 'required', message: 'file: 请选择要上传的文件' }]);
    if (file.size > ATTACHMENT_RULES.maxBytes)
      throw new ValidationFailedError([{ field: 'file', rule: 'maxSize', message: 'file: 单个附件不能超过10MB' }]);
    if (!ATTACHMENT_RULES.mimeTypes[file.mimetype]) {
      throw new ValidationFailedError([
        { field: 'file', rule: 'fileType', message: `file: 仅支持 ${Object.values(ATTACHMENT_RULES.mimeTypes).join('、')} 格式` },
      ]);
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    return this.prisma.$transaction(async (tx) => {
      const a = await tx.attachment.create({
        data: {
          applicationId: id,
          kind,
          filename: file.originalname,
          mimeType: file.mimetype,
          size: file.size,
          sha256,
          content: new Uint8Array(file.buffer),
          uploadedById: user.id,
        },
        select: META,
      });
      await audit(tx, user, {
        entityType: 'Application',
        entityId: id,
        action: 'attachment.uploaded',
        data: { attachmentId: a.id, filename: a.filename, sha256 },
      });
      return a;
    });
  }

  async list(user: AuthUser, id: string) {
    await this.access.require(user, id);
    return this.prisma.attachment.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' }, select: META });
  }

  async download(user: AuthUser, id: string, attachmentId: string): Promise<{ filename: string; mimeType: string; content: Buffer }> {
    await this.access.require(user, id);
    const a = await this.prisma.attachment.findFirst({ where: { id: attachmentId, applicationId: id } });
    if (!a) throw new NotFoundError('Attachment', attachmentId);
    return { filename: a.filename, mimeType: a.mimeType, content: Buffer.from(a.content) };
  }
}
