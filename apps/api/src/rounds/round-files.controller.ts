import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { sendAttachment } from '../applications/attachment-files';
import { MultipartInterceptor } from '../applications/multipart-upload';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileDownload, ApiFileUpload } from '../common/openapi/api-files.decorator';
import { RoundFileView } from './round-files.dto';
import { ROUND_FILE_KINDS, RoundFileDto, RoundFilesService } from './round-files.service';
import type { Response } from 'express';

@ApiTags('rounds 资助轮次')
@Controller('rounds/:id/files')
export class RoundFilesController {
  constructor(private readonly files: RoundFilesService) {}

  /**
   * 上传申报指南附件（multipart）/ Attach a file to a draft round's call (multipart)
   *
   * @remarks 上传申报指南附件（multipart 字段 file 与 kind；PDF、DOCX 或 XLSX，单个不超过10MB，每个轮次最多10个；仅草稿轮次，发布后随公告固定）
   */
  @ApiErrors(400, 404, 409, 413)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Post()
  @ApiFileUpload({ kind: { type: 'string', enum: ROUND_FILE_KINDS } }, '文件与其种类 / the file and its kind')
  @UseInterceptors(MultipartInterceptor)
  upload(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RoundFileDto,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<RoundFileView> {
    return this.files.upload(user, id, dto.kind, file);
  }

  /** 申报指南附件列表 / The files of a round's call */
  @ApiErrors(400, 404)
  @Roles(...ROLES)
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<RoundFileView[]> {
    return this.files.list(user, id);
  }

  /** 下载申报指南附件 / Download a file of a round's call */
  @ApiErrors(400, 404)
  @Roles(...ROLES)
  @Get(':fileId')
  @ApiFileDownload(
    [
      'application/pdf',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
    '文件（Content-Disposition: attachment）/ the file',
  )
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
    @Res() res: Response,
  ) {
    sendAttachment(res, await this.files.download(user, id, fileId));
  }

  /** 删除草稿轮次的申报指南附件 / Remove a file from a draft round's call */
  @ApiErrors(400, 404, 409)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Delete(':fileId')
  @HttpCode(204)
  remove(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('fileId', new ParseUUIDPipe()) fileId: string,
  ): Promise<void> {
    return this.files.remove(user, id, fileId);
  }
}
