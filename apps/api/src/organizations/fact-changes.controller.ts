import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiTags } from '@nestjs/swagger';
import { sendAttachment } from '../applications/attachment-files';
import { ATTACHMENT_RULES } from '../applications/attachment-rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileDownload, ApiFileUpload } from '../common/openapi/api-files.decorator';
import { FactChangeDecisionDto, RequestFactChangeDto } from './fact-changes.dto';
import { FactChangesService } from './fact-changes.service';
import type { Response } from 'express';

/** 登记事项变更: the applicant asks with evidence, a reviewer of the region approves or rejects. */
@ApiTags('organizations 社会组织')
@Controller('organizations/:id/fact-changes')
export class FactChangesController {
  constructor(private readonly changes: FactChangesService) {}

  /**
   * 申请变更登记名称（上传证明）/ Request a change of registered name (with evidence)
   *
   * @remarks 申请变更登记名称（multipart: name, reason, file = 登记机关核准变更的证明）
   */
  @ApiErrors(400, 404, 409, 413)
  @Roles('APPLICANT')
  @Post()
  @ApiFileUpload(
    { name: { type: 'string', minLength: 2, maxLength: 100 }, reason: { type: 'string', minLength: 2, maxLength: 500 } },
    '新名称、说明与登记机关核准变更的证明 / the new name, the reason and the evidence',
  )
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: ATTACHMENT_RULES.maxBytes + 1, files: 1 }, defParamCharset: 'utf8' }))
  request(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: RequestFactChangeDto,
    @UploadedFile() file?: Express.Multer.File,
  ) {
    return this.changes.request(user, id, dto, file);
  }

  /** 登记事项变更记录 / Registered-fact changes of an organization */
  @ApiErrors(400, 404)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get()
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.changes.list(user, id);
  }

  /** 下载变更证明 / Download a change's evidence */
  @ApiErrors(400, 404)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get(':changeId/evidence')
  @ApiFileDownload(['application/pdf', 'image/png', 'image/jpeg'], '变更证明 / the evidence file')
  async evidence(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @Res() res: Response,
  ) {
    // As every other stored file: a download with a sandboxing CSP and no caching.
    sendAttachment(res, await this.changes.evidence(user, id, changeId));
  }

  /**
   * 审核登记事项变更 / Decide a registered-fact change
   *
   * @remarks 审核: the name changes on approval; applications already submitted keep theirs.
   */
  @ApiErrors(400, 404, 409)
  @Roles('REVIEWER')
  @Post(':changeId/decision')
  @HttpCode(200)
  decide(
    @CurrentUser() user: AuthUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @Body() dto: FactChangeDecisionDto,
  ) {
    return this.changes.decide(user, id, changeId, dto);
  }
}
