import { Get, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { PROJECT_STAGE_LABELS, ProjectStage, provinceName, regionLevel, regionName } from '@workflows/rules';
import { Roles } from '../../common/auth/roles.decorator';
import { DashboardService } from '../../dashboard/dashboard.service';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { labelText } from '../web-i18n';
import { groupDigits } from '../web-views';
import { barChart } from './bar-chart';
import { OfficeDirectoryService } from './office-directory.service';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type SignedIn = WebRequest & { user: AuthUser };

/**
 * 数据看板 for program managers (and, read only, the administrator): money committed and paid, projects by stage, category and
 * region — DashboardService's figures (the JSON API's GET /api/dashboard), drawn as SVG bar
 * charts with the same numbers in tables.
 */
@WebController()
export class ManageDashboardController {
  constructor(
    private readonly web: WebContext,
    private readonly dashboard: DashboardService,
    private readonly directory: OfficeDirectoryService,
  ) {}

  // The administrator reads it too (the API's GET /api/dashboard allows both): figures only, no actions.
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Get('manage/dashboard')
  async view(@Req() req: SignedIn, @Res() res: Response, @Query('roundId') rawRound?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const roundId = typeof rawRound === 'string' && isUUID(rawRound) ? rawRound : undefined;
    const [d, rounds] = await Promise.all([this.dashboard.summary(req.user, { roundId }), this.directory.rounds(req.user)]);
    const money = (amount: string) => t('web.money', { amount: groupDigits(amount) });
    const stages = d.byStage.map((s) => ({ ...s, label: labelText(PROJECT_STAGE_LABELS[s.stage as ProjectStage], lang) ?? s.stage }));
    const regions = d.byRegion.map((r) => ({
      ...r,
      label:
        regionName(r.key, lang === 'en' ? 'en' : 'zh') ??
        t('office.dashboard.regionLabel', {
          province: provinceName(r.key),
          code: r.key,
          level: t(`office.dashboard.level.${regionLevel(r.key)}`),
        }),
    }));
    const desc = t('office.dashboard.chartDesc');
    await renderPage(res, 'pages/office/dashboard', {
      title: t('office.dashboard.title'),
      section: 'workspace',
      d,
      stages,
      regions,
      committedText: money(d.committed),
      paidText: money(d.paid),
      rounds: rounds.map((r) => ({ ...r, selected: r.id === roundId })),
      charts: {
        money: barChart('chart-money', t('office.dashboard.moneyTitle'), desc, [
          { label: t('office.dashboard.committed'), value: d.committed, valueText: money(d.committed) },
          { label: t('office.dashboard.paid'), value: d.paid, valueText: money(d.paid) },
        ]),
        stage: barChart(
          'chart-stage',
          t('office.dashboard.stageTitle'),
          desc,
          stages.map((s) => ({ label: s.label, value: s.count, valueText: String(s.count) })),
        ),
        category: barChart(
          'chart-category',
          t('office.dashboard.categoryTitle'),
          desc,
          d.byCategory.map((c) => ({ label: c.key, value: c.count, valueText: String(c.count), userContent: true })),
        ),
        region: barChart(
          'chart-region',
          t('office.dashboard.regionTitle'),
          desc,
          regions.map((r) => ({ label: r.label, value: r.count, valueText: String(r.count) })),
        ),
      },
    });
  }
}
