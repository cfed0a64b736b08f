import { Controller, Get, Header, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiFileDownload } from '../common/openapi/api-files.decorator';
import { sendPdf } from './attachment-files';
import { DocumentSummaryView } from './document.dto';
import { DOCUMENT_READERS, DocumentsService } from './documents.service';
import type { Response } from 'express';

@ApiTags('documents 文书')
@Controller()
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /**
   * 申报相关文书列表 / Documents of an application
   *
   * @remarks 申报相关文书列表（回执、通知、协议…）
   */
  @ApiErrors(400, 404)
  @Roles(...DOCUMENT_READERS)
  @Get('applications/:id/documents')
  list(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<DocumentSummaryView[]> {
    return this.documents.list(user, id);
  }

  /**
   * 下载文书（HTML）/ Download a document (HTML)
   *
   * @remarks 下载文书（HTML，可打印），仅限有权查看的人
   */
  @ApiErrors(400, 404)
  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiFileDownload(['text/html'], '可打印的 HTML 文书 / the printable HTML document')
  async download(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return (await this.documents.forReader(user, id)).html;
  }

  /** 公示公告原文（公开）/ A public notice document */
  @ApiErrors(400, 404)
  @Public()
  @Get('public/documents/:id')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiFileDownload(['text/html'], '公示公告 HTML / the notice as HTML')
  async publicDocument(@Param('id', new ParseUUIDPipe()) id: string): Promise<string> {
    return (await this.documents.publicNotice(id)).html;
  }

  /**
   * 下载文书 PDF / Download a document as PDF
   *
   * @remarks A4，页脚印有文书内容 SHA-256 与核验地址，与 HTML 同样的阅读权限 /
   * A4, the content's SHA-256 and the verification address in the footer; the same readers as the HTML
   */
  @ApiErrors(400, 404)
  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id/pdf')
  @ApiFileDownload(['application/pdf'], 'A4 PDF 文书 / the document as an A4 PDF')
  async downloadPdf(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    sendPdf(res, await this.documents.pdfForReader(user, id));
  }

  /** 公示公告 PDF（公开）/ A public notice as PDF */
  @ApiErrors(400, 404)
  @Public()
  @Get('public/documents/:id/pdf')
  @ApiFileDownload(['application/pdf'], '公示公告 PDF / the notice as an A4 PDF')
  async publicPdf(@Param('id', new ParseUUIDPipe()) id: string, @Res() res: Response) {
    sendPdf(res, await this.documents.publicNoticePdf(id));
  }
}
