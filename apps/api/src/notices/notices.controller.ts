import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Decides, Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import {
  ConfirmDto,
  GroupRulingDto,
  ObjectionConfirmedView,
  ObjectionDto,
  ObjectionFiledView,
  ObjectionQuery,
  ObjectionView,
  PublicNoticeSummaryView,
  PublicNoticeView,
  RulingDto,
  RulingResultView,
} from './notices.dto';
import { NoticesService } from './notices.service';

@ApiTags('notices 公示与异议')
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  /** 公示公告列表（公开）/ Public notices */
  @Public()
  @Get('public/notices')
  list(): Promise<PublicNoticeSummaryView[]> {
    return this.notices.publicNotices();
  }

  /**
   * 一个轮次的公示（公开）/ A round's public notice
   *
   * @remarks 一个轮次的公示名单与公示期（公开）
   */
  @ApiErrors(400, 404)
  @Public()
  @Get('public/notices/:roundId')
  get(@Param('roundId', new ParseUUIDPipe()) roundId: string): Promise<PublicNoticeView> {
    return this.notices.publicNotice(roundId);
  }

  /**
   * 提出异议（公开）/ File an objection
   *
   * @remarks 提出异议（公开，须实名并留联系方式，仅限公示期内）：确认码发往联系方式，确认后计入
   */
  @ApiErrors(400, 404)
  @Decides('fileObjection')
  @Post('public/notices/:roundId/objections')
  file(@Param('roundId', new ParseUUIDPipe()) roundId: string, @Body() dto: ObjectionDto): Promise<ObjectionFiledView> {
    return this.notices.file(roundId, dto);
  }

  /**
   * 以确认码确认异议（公开）/ Confirm an objection with its code
   *
   * @remarks 确认异议（公开）：以发送至联系方式的确认码确认，异议方计入待处理
   */
  @ApiErrors(400, 404, 409)
  @Public()
  @Post('public/objections/:id/confirm')
  @HttpCode(200)
  confirm(@Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ConfirmDto): Promise<ObjectionConfirmedView> {
    return this.notices.confirm(id, dto);
  }

  /** 异议处理队列 / Objection queue */
  @ApiErrors(400)
  @ApiPage(ObjectionView, '一页异议 / one page of objections')
  @Roles('REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('objections')
  objections(@CurrentUser() user: AuthUser, @Query() q: ObjectionQuery) {
    return this.notices.list(user, q);
  }

  /**
   * 处理异议 / Rule on an objection
   *
   * @remarks 处理异议（须由原资格审查决定人以外的审核人员作出书面意见）
   */
  @ApiErrors(400, 404)
  @Decides('ruleObjection')
  @Post('objections/:id/ruling')
  @HttpCode(200)
  rule(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: RulingDto): Promise<RulingResultView> {
    return this.notices.rule(user, id, dto);
  }

  /**
   * 合并处理异议 / Rule on several objections at once
   *
   * @remarks 合并处理异议：同一项目、同一事由的多件异议，一份书面处理意见
   */
  @ApiErrors(400)
  @Decides('ruleObjections')
  @Post('objections/rulings')
  @HttpCode(200)
  ruleMany(@CurrentUser() user: AuthUser, @Body() dto: GroupRulingDto): Promise<RulingResultView> {
    return this.notices.ruleMany(user, dto);
  }
}
