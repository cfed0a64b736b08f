import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { sendAttachment } from './attachment-files';
import { ATTACHMENT_READERS, AttachmentDto, AttachmentsService } from './attachments.service';
import { MultipartInterceptor } from './multipart-upload';
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

  /** 上传附件（multipart 字段 file；类型按内容识别并按附件种类限定，单个不超过10MB，每份申报有数量与总量上限） */
  @Roles('APPLICANT')
  @Post('applications/:id/attachments')
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(MultipartInterceptor)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AttachmentDto,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    return this.attachments.upload(user, id, dto.kind, file);
  }

  /** 附件列表：各角色只看到其可读的附件种类（专家看申报附件，财务看报告佐证与支出凭证） */
  @Roles(...ATTACHMENT_READERS)
  @Get('applications/:id/attachments')
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.attachments.list(user, id);
  }

  /** 下载附件：工作人员的每次下载记入审计日志 */
  @Roles(...ATTACHMENT_READERS)
  @Get('applications/:id/attachments/:attachmentId')
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('attachmentId', new ParseUUIDPipe()) attachmentId: string,
    @Res() res: Response,
  ) {
    sendAttachment(res, await this.attachments.download(user, id, attachmentId));
  }
}
