import { Get, HttpStatus, Param, ParseUUIDPipe, Query, Req, Res } from '@nestjs/common';
import { AttachmentsService } from '../../applications/attachments.service';
import { Roles } from '../../common/auth/roles.decorator';
import { ProjectsService } from '../../projects/projects.service';
import { attachmentsSection } from '../web-attachments';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

const uuid = new ParseUUIDPipe({ errorHttpStatusCode: HttpStatus.NOT_FOUND });

/**
 * 佐证材料 for the finance desk: a project's report evidence and financial vouchers, what a
 * release is paid against, previewed and downloaded like the reviewers' attachments (finance
 * reads only those kinds; a project outside the officer's region is 404).
 */
@WebController()
export class FinanceEvidenceController {
  constructor(
    private readonly web: WebContext,
    private readonly projects: ProjectsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Roles('FINANCE', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('finance-desk/projects/:id/evidence')
  async evidence(
    @Req() req: WebRequest & { user: AuthUser },
    @Res() res: Response,
    @Param('id', uuid) id: string,
    @Query('preview') preview?: string,
  ) {
    const t = this.web.translator(this.web.lang(req));
    const [project, files] = await Promise.all([this.projects.get(req.user, id), this.attachments.list(req.user, id)]);
    const evidence = files.filter((a) => a.kind === 'REPORT_EVIDENCE' || a.kind === 'FINANCIAL_VOUCHER');
    await renderPage(res, 'pages/office/finance-evidence', {
      title: t('office.finance.evidenceTitle'),
      section: 'workspace',
      project,
      files: attachmentsSection(evidence, { appId: id, page: 'finance', pagePath: `/finance-desk/projects/${id}/evidence`, preview, t }),
    });
  }
}
