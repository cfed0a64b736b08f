import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileDownload, ApiFileUpload } from '../common/openapi/api-files.decorator';
import { sendAttachment } from './attachment-files';
import { ATTACHMENT_RULES } from './attachment-rules';
import { AttachmentRulesView, AttachmentView } from './attachment.dto';
import { ATTACHMENT_READERS, AttachmentDto, AttachmentsService } from './attachments.service';
import { MultipartInterceptor } from './multipart-upload';
import type { Response } from 'express';

@ApiTags('applications 申报')
@Controller()
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** 附件规则：种类、类型与上限 / Attachment rules: kinds, types and limits */
  @Roles('APPLICANT')
  @Get('attachment-rules')
  rules(): AttachmentRulesView {
    return this.attachments.rules();
  }

  /**
   * 上传附件（multipart）/ Upload an attachment (multipart)
   *
   * @remarks 上传附件（multipart 字段 file；类型按内容识别并按附件种类限定，单个不超过10MB，每份申报有数量与总量上限）
   */
  @ApiErrors(400, 404, 409, 413)
  @Roles('APPLICANT')
  @Post('applications/:id/attachments')
  @ApiFileUpload({ kind: { type: 'string', enum: Object.keys(ATTACHMENT_RULES.kinds) } }, '附件与其种类 / the file and its kind')
  @UseInterceptors(MultipartInterceptor)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AttachmentDto,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<AttachmentView> {
    return this.attachments.upload(user, id, dto.kind, file);
  }

  /**
   * 附件列表 / Attachments of an application
   *
   * @remarks 附件列表：各角色只看到其可读的附件种类（专家看申报附件，财务看报告佐证与支出凭证）
   */
  @ApiErrors(400, 404)
  @Roles(...ATTACHMENT_READERS)
  @Get('applications/:id/attachments')
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AttachmentView[]> {
    return this.attachments.list(user, id);
  }

  /**
   * 下载附件 / Download an attachment
   *
   * @remarks 下载附件：工作人员的每次下载记入审计日志
   */
  @ApiErrors(400, 404)
  @Roles(...ATTACHMENT_READERS)
  @Get('applications/:id/attachments/:attachmentId')
  @ApiFileDownload(
    ['application/pdf', 'image/png', 'image/jpeg', 'application/octet-stream'],
    '附件（Content-Disposition: attachment）/ the file',
  )
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res() res: Response,
  ) {
    sendAttachment(res, await this.attachments.download(user, id, attachmentId));
  }
}
