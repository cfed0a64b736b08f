import { Get, Req, Res } from '@nestjs/common';
import { type Role, ROLES } from '../../../../workflows/rules';
import { Roles } from '../common/auth/roles.decorator';
import { APPLICANT_WORKSPACE_LINKS } from './applicant/workspace-links';
import { OFFICE_WORKSPACE_LINKS } from './office/office-links';
import { REVIEW_WORKSPACE_LINKS } from './review/review-workspace';
import { renderPage, WebContext, WebRequest } from './web-context';
import { WebController } from './web-controller.decorator';
import type { AuthUser } from '../common/auth/auth-user';
import type { Response } from 'express';

/**
 * What each role will find in its workspace. Placeholders for now: the role workspaces are
 * built feature by feature, each replacing its entries here with links.
 */
export const WORKSPACE_ITEMS: Readonly<Record<Role, readonly string[]>> = {
  APPLICANT: ['organization', 'eligibleRounds', 'applications', 'agreements', 'reports', 'evaluations', 'notifications'],
  REVIEWER: ['eligibility', 'objections', 'reports', 'changes', 'agreements', 'govEvaluations', 'projects', 'notifications'],
  EXPERT: ['assignments', 'ties', 'notifications'],
  FINANCE: ['tranches', 'ledger', 'notifications'],
  EVALUATOR: ['evaluations', 'notifications'],
  PROGRAM_MANAGER: ['rounds', 'panels', 'notices', 'dashboards', 'notifications'],
  ADMIN: ['users', 'organizations', 'calendar', 'rounds', 'dashboards'],
};

/** Where each role's items lead, from the areas that built them; an item without a link is still to come. */
const WORKSPACE_LINKS: Partial<Record<Role, Readonly<Record<string, string>>>> = {
  ...APPLICANT_WORKSPACE_LINKS,
  ...REVIEW_WORKSPACE_LINKS,
  ...OFFICE_WORKSPACE_LINKS,
};

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
      })),
    });
  }
}
