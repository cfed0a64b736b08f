import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ATTACHMENT_RULES } from './attachment-rules';
import { AttachmentDto, AttachmentsService } from './attachments.service';
import type { Response } from 'express';

@ApiTags('applications 申报')
@ApiBearerAuth()
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Roles('APPLICANT')
  @Get('attachment-rules')
  rules() {
    return this.attachments.rules();
  }

  /** 上传附件（multipart 字段 file；类型 PDF/JPG/PNG/DOCX/XLSX，单个不超过10MB） */
  @Roles('APPLICANT')
  @Post('applications/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: ATTACHMENT_RULES.maxBytes + 1, files: 1 }, defParamCharset: 'utf8' }))
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AttachmentDto,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    return this.attachments.upload(user, id, dto.kind, file);
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR')
  @Get('applications/:id/attachments')
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.attachments.list(user, id);
  }

  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'EXPERT', 'EVALUATOR')
  @Get('applications/:id/attachments/:attachmentId')
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res() res: Response,
  ) {
    const a = await this.attachments.download(user, id, attachmentId);
    res.setHeader('Content-Type', a.mimeType);
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`);
    res.send(a.content);
  }
}
