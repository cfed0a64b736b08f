import { Body, Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { NATIONAL_CALENDAR_EDITORS } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { CalendarDayDto, CalendarQuery } from './calendar.dto';
import { CalendarService } from './calendar.service';

/**
 * 节假日安排. The calendar is national and sets every region's notice periods, so only the
 * platform's administrator keeps it; anyone may read it.
 */
@ApiTags('calendar 节假日')
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** 节假日日历 / Holiday calendar */
  @ApiErrors(400)
  @Public()
  @Get()
  list(@Query() q: CalendarQuery) {
    return this.calendar.list(q.year);
  }

  /** 设置或更正一天 / Set or correct a day */
  @ApiErrors(400, 404)
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Put(':date')
  put(@CurrentUser() user: AuthUser, @Param('date') date: string, @Body() dto: CalendarDayDto) {
    return this.calendar.put(user, date, dto);
  }

  /** 删除一天的设置 / Remove a day's entry */
  @ApiErrors(400, 404)
  @Roles(...NATIONAL_CALENDAR_EDITORS)
  @Delete(':date')
  @HttpCode(204)
  async remove(@CurrentUser() user: AuthUser, @Param('date') date: string) {
    await this.calendar.remove(user, date);
  }
}
