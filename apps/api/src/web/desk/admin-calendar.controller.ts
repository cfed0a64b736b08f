import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import { NATIONAL_CALENDAR_EDITORS } from '@workflows/rules';
import { CalendarDayDto, CalendarDayView, CalendarQuery } from '../../calendar/calendar.dto';
import { CalendarService } from '../../calendar/calendar.service';
import { Roles } from '../../common/auth/roles.decorator';
import { decide, FormErrors, isConfirmed, postedFields, Refusal, refusalBox, renderConfirmation, submitForm, validateDto } from '../forms';
import { renderPage, WebContext, WebRequest } from '../web-context';
import { WebController } from '../web-controller.decorator';
import { deskForm } from './desk-messages';
import type { AuthUser } from '../../common/auth/auth-user';
import type { Response } from 'express';

type SignedIn = WebRequest & { user: AuthUser };
const DAY_FIELDS = ['date', 'working', 'name'] as const;
const DONE = ['set', 'removed'];

/**
 * 节假日日历: the national calendar of holidays and make-up working days, through the same
 * CalendarService and CalendarDayDto as PUT and DELETE /api/calendar/:date (each change audited
 * there). Removing a day asks first.
 */
@WebController()
export class AdminCalendarController {
  constructor(
    private readonly web: WebContext,
    private readonly calendar: CalendarService,
  ) {}

  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Get('admin/calendar')
  async list(@Req() req: SignedIn, @Res() res: Response, @Query('year') rawYear?: string, @Query('done') done?: string) {
    await this.render(req, res, await this.yearOf(rawYear), { done });
  }

  /** Adds a day or changes the one already on that date. */
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Post('admin/calendar')
  async put(@Req() req: SignedIn, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { typed, given } = postedFields(body, DAY_FIELDS);
    const year = yearFromDate(typed.date) ?? new Date().getUTCFullYear();
    this.web.returnPath(res, lang, `/admin/calendar?year=${year}`);
    const working = given.working === 'true' ? true : given.working === 'false' ? false : given.working;
    const page = deskForm(lang, t, CalendarDayDto);
    // The date is the service's to judge (parseDay); a blank one is named with the DTO's errors at once.
    const blankDate = () => (given.date ? [] : [{ field: 'date', rule: 'required', message: 'date: 请填写日期 / required' }]);
    const done = await submitForm(
      page,
      CalendarDayDto,
      { working, name: given.name },
      (dto) => this.calendar.put(req.user, given.date ?? '', dto),
      blankDate,
    );
    if (!done.ok) return this.render(req, res, year, { typed, errors: done.errors, refusal: done.refusal }, done.status);
    res.redirect(303, `/admin/calendar?year=${done.value.date.slice(0, 4)}&done=set`);
  }

  /** Removes a day, once confirmed; the date comes with the form. */
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Post('admin/calendar/remove')
  async remove(@Req() req: SignedIn, @Res() res: Response, @Body() body: unknown) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const { given } = postedFields(body, ['date'] as const);
    const date = given.date ?? '';
    const year = yearFromDate(date) ?? new Date().getUTCFullYear();
    this.web.returnPath(res, lang, `/admin/calendar?year=${year}`);
    const page = deskForm(lang, t);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      const errors = page.errors([{ field: 'date', rule: 'isDate', message: 'date: 日期格式应为 YYYY-MM-DD' }]);
      return this.render(req, res, year, { refusal: { status: 400, errors: errors.list.map((e) => e.message) } }, 400);
    }
    const day = (await this.calendar.list(Number(date.slice(0, 4)))).find((d) => d.date === date);
    if (day && !isConfirmed(body)) {
      return renderConfirmation(res, {
        heading: t('desk.calendar.confirm.heading', { date }),
        intro: t('desk.calendar.confirm.intro'),
        irreversible: t('desk.calendar.confirm.irreversible'),
        facts: [
          { term: t('desk.fields.date'), value: date },
          { term: t('desk.fields.name'), value: day.name, userContent: true },
          { term: t('desk.fields.working'), value: t(day.working ? 'desk.calendar.working' : 'desk.calendar.holiday') },
        ],
        action: '/admin/calendar/remove',
        hidden: [{ name: 'date', value: date }],
        confirmLabel: t('desk.calendar.confirm.confirm'),
        back: { href: `/admin/calendar?year=${year}`, label: t('web.confirm.back') },
        area: 'office',
      });
    }
    // A day that is not in the calendar: the service's 404.
    const done = await decide(page, () => this.calendar.remove(req.user, date));
    if (!done.ok) return this.render(req, res, year, { refusal: refusalBox(done) }, done.status);
    res.redirect(303, `/admin/calendar?year=${year}&done=removed`);
  }

  private async yearOf(raw: string | undefined): Promise<number> {
    const checked = await validateDto(CalendarQuery, raw === undefined ? {} : { year: raw });
    return (checked.ok && checked.value.year) || new Date().getUTCFullYear();
  }

  private async render(
    req: SignedIn,
    res: Response,
    year: number,
    extra: { done?: string; typed?: Record<string, string>; errors?: FormErrors; refusal?: Refusal },
    status = 200,
  ) {
    const lang = this.web.lang(req);
    const t = this.web.translator(lang);
    const days: CalendarDayView[] = await this.calendar.list(year);
    const typed = extra.typed ?? { date: '', working: 'false', name: '' };
    await renderPage(
      res,
      'pages/desk/calendar',
      {
        title: t('desk.calendar.title'),
        section: 'workspace',
        year,
        prevYear: year - 1,
        nextYear: year + 1,
        days: days.map((d) => ({ ...d, weekday: t(`desk.calendar.weekdays.${new Date(`${d.date}T00:00:00Z`).getUTCDay()}`) })),
        values: { ...typed, isWorking: typed.working === 'true' },
        errors: extra.errors,
        refusal: extra.refusal,
        doneMessage: extra.done && DONE.includes(extra.done) ? t(`desk.calendar.done.${extra.done}`) : undefined,
      },
      status,
    );
  }
}

function yearFromDate(date: string | undefined): number | undefined {
  const m = /^(\d{4})-\d{2}-\d{2}$/.exec(date ?? '');
  const year = m ? Number(m[1]) : NaN;
  return year >= 2000 && year <= 2100 ? year : undefined;
}
