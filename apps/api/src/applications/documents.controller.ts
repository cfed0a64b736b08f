import { Controller, Get, Header, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { sendPdf } from './attachment-files';
import { DOCUMENT_READERS, DocumentsService } from './documents.service';
import type { Response } from 'express';

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

  /** 下载文书 PDF（A4，页脚印有文书内容 SHA-256），与 HTML 同样的阅读权限 */
  @ApiBearerAuth()
  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id/pdf')
  @ApiProduces('application/pdf')
  async downloadPdf(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    sendPdf(res, await this.documents.pdfForReader(user, id));
  }

  /** 公示公告 PDF（公开） */
  @Public()
  @Get('public/documents/:id/pdf')
  @ApiProduces('application/pdf')
  async publicPdf(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    sendPdf(res, await this.documents.publicNoticePdf(id));
  }
}
