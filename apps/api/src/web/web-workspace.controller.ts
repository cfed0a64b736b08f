import { Get, Req, Res } from '@nestjs/common';
import { ROLES } from '@workflows/rules';
import { Roles } from '../common/auth/roles.decorator';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import { WORKSPACE_ITEMS, WORKSPACE_LINKS } from './web-workspace';
import type { AuthUser } from '../common/auth/auth-user';
import type { Response } from 'express';

/** 工作台: the signed-in person's home, by role. */
@WebController()
export class WebWorkspaceController {
  constructor(private readonly web: WebContext) {}

  @Roles(...ROLES)
  @Get('workspace')
  async workspace(@Req() req: WebRequest & { user: AuthUser }, @Res() res: Response) {
    const t = this.web.translator(this.web.lang(req));
    await renderPage(res, 'pages/workspace', {
      title: t('web.workspace.title'),
      section: 'workspace',
      user: req.user,
      items: WORKSPACE_ITEMS[req.user.role].map((key) => ({
        key,
        label: t(`web.workspace.items.${key}`),
        href: WORKSPACE_LINKS[req.user.role]?.[key],
        // The tile of the inbox carries the count the header shows.
        unread: key === 'notifications' ? (res.locals.viewer as { unread?: number } | null)?.unread : undefined,
      })),
    });
  }
}
