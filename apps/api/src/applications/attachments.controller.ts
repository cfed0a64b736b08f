import { createHash } from 'node:crypto';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { Response } from 'express';
import { audit } from '../common/audit';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { InvalidTransitionError, NotFoundError, ValidationFailedError } from '../common/errors';
import { PrismaService } from '../common/prisma.service';
import { ApplicationAccess } from './application-access';

/** Attachment limits, shown to applicants up front (GET /applications/attachment-rules). */
export const ATTACHMENT_RULES = {
  maxBytes: 10 * 1024 * 1024,
  mimeTypes: {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPG',
    'image/png': 'PNG',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  } as Record<string, string>,
  kinds: {
    REGISTRATION_CERTIFICATE: '登记证书', BUDGET_DETAIL: '预算明细表', IMPLEMENTATION_PLAN: '实施方案', QUALIFICATION: '资质证明', OTHER: '其他',
  } as Record<string, string>,
};

export class AttachmentDto {
  @IsIn(Object.keys(ATTACHMENT_RULES.kinds))
  kind!: string;
}

@ApiTags('applications 申报')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(
    private readonly prisma: PrismaService,
    private readonly access: ApplicationAccess,
  ) {}

  @Roles('APPLICANT')
  @Get('attachment-rules')
  rules() {
    return { maxBytes: ATTACHMENT_RULES.maxBytes, types: Object.values(ATTACHMENT_RULES.mimeTypes), kinds: ATTACHMENT_RULES.kinds };
  }

  /** 上传附件（multipart 字段 file；类型 PDF/JPG/PNG/DOCX/XLSX，单个不超过10MB） */
  @Roles('APPLICANT')
  @Post('applications/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: ATTACHMENT_RULES.maxBytes + 1, files: 1 } }))
  async upload(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AttachmentDto, @UploadedFile() file?: Express.Multer.File) {
    const app = await this.access.requireMember(user, id);
    if (app.stage !== 'DRAFT' && app.stage !== 'RETURNED') throw new InvalidTransitionError('申报书已提交，不能再上传附件 / not editable', app.stage);
    if (!file) throw new ValidationFailedError([{ field: 'file', rule: 'required', message: 'file: 请选择要上传的文件' }]);
    if (file.size > ATTACHMENT_RULES.maxBytes) throw new ValidationFailedError([{ field: 'file', rule: 'maxSize', message: 'file: 单个附件不能超过10MB' }]);
    if (!ATTACHMENT_RULES.mimeTypes[file.mimetype]) {
      throw new ValidationFailedError([{ field: 'file', rule: 'fileType', message: `file: 仅支持 ${Object.values(ATTACHMENT_RULES.mimeTypes).join('、')} 格式` }]);
    }
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const created = await this.prisma.$transaction(async (tx) => {
      const a = await tx.attachment.create({
        data: { applicationId: id, kind: dto.kind, filename: file.originalname, mimeType: file.mimetype, size: file.size, sha256, content: new Uint8Array(file.buffer), uploadedById: user.id },
        select: { id: true, kind: true, filename: true, mimeType: true, size: true, sha256: true, createdAt: true },
      });
      await audit(tx, user, { entityType: 'Application', entityId: id, action: 'attachment.uploaded', data: { attachmentId: a.id, filename: a.filename, sha256 } });
      return a;
    });
    return created;
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT')
  @Get('applications/:id/attachments')
  async list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.access.require(user, id);
    return this.prisma.attachment.findMany({
      where: { applicationId: id }, orderBy: { createdAt: 'asc' },
      select: { id: true, kind: true, filename: true, mimeType: true, size: true, sha256: true, createdAt: true },
    });
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT')
  @Get('applications/:id/attachments/:attachmentId')
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res() res: Response,
  ) {
    await this.access.require(user, id);
    const a = await this.prisma.attachment.findFirst({ where: { id: attachmentId, applicationId: id } });
    if (!a) throw new NotFoundError('Attachment', attachmentId);
    res.setHeader('Content-Type', a.mimeType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    res.send(Buffer.from(a.content));
  }
}
