import { Get, HttpStatus, Param, ParseUUIDPipe, Req, Res } from '@nestjs/common';
import { sendPdf } from '../../applications/attachment-files';
import { DOCUMENT_READERS, DocumentsService } from '../../applications/documents.service';
import { Roles } from '../../common/auth/roles.decorator';
import { WebController } from '../web-controller.decorator';
import type { AuthUser } from '../../common/auth/auth-user';
import type { WebRequest } from '../web-context';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

// A stored document is our own rendering, but it is served as it was stored: nothing in it may
// run script, load anything or be framed elsewhere.
const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

/**
 * 文书: a stored document (受理回执, 协议书, 拨付通知书…) as it was rendered and hashed, for every
 * role's pages to link to: the roles and the rule of GET /api/documents/:id (DocumentsService),
 * and public notices for any of them (visitors who are not signed in read those at
 * /api/public/documents/:id, as the public notice page links). The path cannot be /documents/:id
 * itself: that is the JSON API's route before its /api prefix, and a portal route there would
 * pull it out of /api.
 */
@WebController()
export class DocumentPagesController {
  constructor(private readonly documents: DocumentsService) {}

  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id/view')
  async view(@Req() req: WebRequest & { user: AuthUser }, @Res() res: Response, @Param('id', uuid) id: string) {
    const doc = await this.documents.forPage(req.user, id);
    res.setHeader('Content-Security-Policy', DOCUMENT_CSP);
    res.type('html').send(doc.html);
  }

  /** The same document as an A4 PDF, downloaded (GET /api/documents/:id/pdf's rule). */
  @Roles(...DOCUMENT_READERS)
  @Get('documents/:id/view.pdf')
  async pdf(@Req() req: WebRequest & { user: AuthUser }, @Res() res: Response, @Param('id', uuid) id: string) {
    sendPdf(res, await this.documents.pdfForPage(req.user, id));
  }
}
