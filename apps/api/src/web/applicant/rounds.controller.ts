import { Get, Query, Req, Res } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { Roles } from '../../common/auth/roles.decorator';
import { OrganizationQuery, OrganizationView } from '../../organizations/organizations.dto';
import { OrganizationsService } from '../../organizations/organizations.service';
import { RoundsService } from '../../rounds/rounds.service';
import { renderPage, Translate, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { pageNumber, pager } from '../web-pager';
import { ratingLabel } from './applicant-labels';
import type { AuthUser } from '../../common/auth/auth-user';
import type { WebLang } from '../web-i18n';
import type { EligibilityRules } from '@workflows/rules';
import type { Response } from 'express';

type Req = WebRequest & { user: AuthUser };
const PAGE_SIZE = 10;

/** 可申报轮次: open and upcoming rounds for one of the applicant's organizations, with the reasons it may not apply. */
@WebController()
export class ApplicantRoundsController {
  constructor(
    private readonly web: WebContext,
    private readonly organizations: OrganizationsService,
    private readonly rounds: RoundsService,
  ) {}

  @Roles('APPLICANT')
  @Get('my/rounds')
  async eligible(@Req() req: Req, @Res() res: Response, @Query('organizationId') orgParam?: string, @Query('page') rawPage?: string) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const mine = (await this.organizations.list(req.user, Object.assign(new OrganizationQuery(), { page: 1, pageSize: 100 }))).items;
    const selected = mine.find((o) => typeof orgParam === 'string' && isUUID(orgParam) && o.id === orgParam) ?? mine[0];
    const locals: Record<string, unknown> = {
      title: t('applicant.rounds.title'),
      section: 'workspace',
      organizations: mine,
      selected,
      several: mine.length > 1,
      organizationOptions: mine.map((o) => ({ value: o.id, label: o.name, selected: o.id === selected?.id, userContent: true })),
    };
    if (selected) {
      // RoundsService decides eligibility (the same rules as GET /api/rounds/eligibility/:organizationId); the page only pages it.
      const all = await this.rounds.eligibleRounds(req.user, selected.id);
      const page = pageNumber(rawPage);
      locals.rounds = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE).map((r) => ({
        ...r,
        reasons: r.reasons.map((x) => reasonText(x, r.round.eligibility as EligibilityRules, selected, lang, t)),
      }));
      locals.pager = pager(all.length, page, PAGE_SIZE, (p) => `/my/rounds?organizationId=${selected.id}&page=${p}`);
    }
    await renderPage(res, 'pages/applicant/rounds', locals);
  }
}

/**
 * Why not, in the page's language: the rule's own sentence on a Chinese page (it carries the
 * exact figures), the dictionary's on an English one, filled with the round's thresholds.
 */
function reasonText(
  r: { rule: string; reason: string },
  rules: EligibilityRules,
  org: OrganizationView,
  lang: WebLang,
  t: Translate,
): string {
  if (lang === 'zh-CN') return r.reason;
  const args = {
    min: rules.minYearsRegistered,
    registeredAt: org.registeredAt,
    minRating: rules.minRating ?? '',
    rating: ratingLabel(org.rating, lang),
    until: org.dishonestUntil ?? '',
  };
  return ['yearsRegistered', 'minRating', 'notDishonest'].includes(r.rule)
    ? t(`applicant.eligibility.${r.rule}`, args)
    : t('applicant.eligibility.other');
}
