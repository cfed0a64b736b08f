import { Controller, Get, Header, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { DOCUMENT_READERS, DocumentsService } from './documents.service';

@ApiTags('documents 文书')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** 申报相关文书列表（回执、通知、协议…） */
  @ApiBearerAuth()
  @Roles(...DOCUMENT_READERS)
  @Get('applications/:id/documents')
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.documents.list(user, id);
  }

  /** 下载文书（HTML，可打印），仅限有权查看的人 */
  @ApiBearerAuth()
  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async download(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return (await this.documents.forReader(user, id)).html;
  }

  /** 公示公告原文（公开） */
  @Public()
  @Get('public/documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async publicDocument(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return (await this.documents.publicNotice(id)).html;
  }
}
