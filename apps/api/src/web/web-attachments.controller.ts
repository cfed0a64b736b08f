import { Get, HttpStatus, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { sendAttachment, sendPreview } from '../applications/attachment-files';
import { AttachmentsService } from '../applications/attachments.service';
import { Roles } from '../common/auth/roles.decorator';
import { STAFF_ATTACHMENT_READERS, staffAttachmentPage } from './web-attachments';
import { WebController } from './web-controller.decorator';
import type { AttachmentRead } from '../applications/attachments.service';
import type { AuthUser } from '../common/auth/auth-user';
import type { WebRequest } from './web-context';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });
type Req = WebRequest & { user: AuthUser };

/**
 * 附件查阅: an application's attachments and its reports' evidence for the staff who judge it —
 * reviewers of its region, its assigned experts, its evaluator, finance (evidence only) — from
 * the pages where they judge. AttachmentsService decides who reads what (404 otherwise) and
 * audits every read with the page it came from (?from=). Applicants read theirs under /my.
 */
@WebController()
export class WebAttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  /** Download, as the API serves it: Content-Disposition: attachment, never rendered. */
  @Roles(...STAFF_ATTACHMENT_READERS)
  @Get('files/applications/:id/:attachmentId')
  async download(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('attachmentId', uuid) attachmentId: string,
    @Query('from') from?: string,
  ) {
    await this.send(req, res, id, attachmentId, 'download', from);
  }

  /** The in-page preview of a PDF or an image (inline, framed by this site's pages only); 404 for other types. */
  @Roles(...STAFF_ATTACHMENT_READERS)
  @Get('files/applications/:id/:attachmentId/preview')
  async preview(
    @Req() req: Req,
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Param('attachmentId', uuid) attachmentId: string,
    @Query('from') from?: string,
  ) {
    await this.send(req, res, id, attachmentId, 'preview', from);
  }

  /** One read, audited with the page it came from, sent the way the mode says. */
  private async send(req: Req, res: Response, id: string, attachmentId: string, mode: AttachmentRead['mode'], from?: string) {
    const file = await this.attachments.download(req.user, id, attachmentId, { mode, page: staffAttachmentPage(from) });
    if (mode === 'preview') sendPreview(res, file);
    else sendAttachment(res, file);
  }
}
