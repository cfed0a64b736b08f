import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Decides, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import {
  AssignmentQuery,
  AssignmentView,
  AwardAdjustmentDto,
  AwardView,
  DeclineDto,
  DeclineView,
  FormPanelDto,
  RankingView,
  RoundStepView,
  ScoreView,
  ScoresDto,
  TieDto,
  TieView,
} from './reviews.dto';
import { ReviewsService } from './reviews.service';

const RoundId = () => Param('id', new ParseUUIDPipe());

@ApiTags('reviews 专家评审与立项')
@Controller()
export class ReviewsController {
  constructor(private readonly reviews: ReviewsService) {}

  /**
   * 组建评审组并分配专家 / Form the expert panel and assign experts
   *
   * @remarks 组建评审组并分配专家（申报截止且资格审查完毕后）
   */
  @ApiErrors(400, 404)
  @Decides('formPanel')
  @Post('rounds/:id/panel')
  @HttpCode(200)
  formPanel(@CurrentUser() user: AuthUser, @RoundId() id: string, @Body() dto: FormPanelDto): Promise<RoundStepView> {
    return this.reviews.formPanel(user, id, dto);
  }

  /**
   * 结束评审：汇总、排序、分配 / Close scoring: rank and allocate
   *
   * @remarks 结束评审：汇总得分、排序、按资金池分配
   */
  @ApiErrors(400, 404)
  @Decides('closePanel')
  @Post('rounds/:id/panel/close')
  @HttpCode(200)
  closePanel(@CurrentUser() user: AuthUser, @RoundId() id: string): Promise<RoundStepView> {
    return this.reviews.roundAction(user, id, 'closePanel');
  }

  /**
   * 调减资助金额 / Cut an award
   *
   * @remarks 调减资助金额（须说明理由；释放的资金顺延给后续排名）
   */
  @ApiErrors(400, 404)
  @Decides('adjustAward')
  @Post('rounds/:id/awards')
  @HttpCode(200)
  adjustAward(@CurrentUser() user: AuthUser, @RoundId() id: string, @Body() dto: AwardAdjustmentDto): Promise<AwardView> {
    return this.reviews.adjustAward(user, id, dto);
  }

  /** 评审排名 / Ranking of a round */
  @ApiErrors(400, 404)
  @Roles('PROGRAM_MANAGER', 'REVIEWER', 'ADMIN')
  @Get('rounds/:id/ranking')
  ranking(@CurrentUser() user: AuthUser, @RoundId() id: string): Promise<RankingView> {
    return this.reviews.ranking(user, id);
  }

  /** 发布公示 / Publish the notice */
  @ApiErrors(400, 404)
  @Decides('publishNotice')
  @Post('rounds/:id/notice')
  @HttpCode(200)
  publishNotice(@CurrentUser() user: AuthUser, @RoundId() id: string): Promise<RoundStepView> {
    return this.reviews.roundAction(user, id, 'publishNotice');
  }

  /**
   * 确定立项 / Approve the results
   *
   * @remarks 确定立项（公示期满且异议均已处理）
   */
  @ApiErrors(400, 404)
  @Decides('approveResults')
  @Post('rounds/:id/approve')
  @HttpCode(200)
  approve(@CurrentUser() user: AuthUser, @RoundId() id: string): Promise<RoundStepView> {
    return this.reviews.roundAction(user, id, 'approveResults');
  }

  /** 我的评审任务 / My review assignments */
  @ApiErrors(400)
  @ApiPage(AssignmentView, '一页评审任务 / one page of assignments')
  @Roles('EXPERT')
  @Get('assignments')
  mine(@CurrentUser() user: AuthUser, @Query() q: AssignmentQuery) {
    return this.reviews.myAssignments(user, q);
  }

  /**
   * 回避（利益冲突）/ Decline for a conflict of interest
   *
   * @remarks 回避（利益冲突），系统自动改派
   */
  @ApiErrors(400, 404)
  @Decides('declineAssignment')
  @Post('assignments/:applicationId/decline')
  @HttpCode(200)
  decline(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() dto: DeclineDto,
  ): Promise<DeclineView> {
    return this.reviews.decline(user, applicationId, dto);
  }

  /**
   * 提交评分 / Submit scores
   *
   * @remarks 提交评分（一次提交，不可修改）
   */
  @ApiErrors(400, 404)
  @Decides('submitScores')
  @Post('assignments/:applicationId/scores')
  @HttpCode(200)
  score(
    @CurrentUser() user: AuthUser,
    @Param('applicationId', new ParseUUIDPipe()) applicationId: string,
    @Body() dto: ScoresDto,
  ): Promise<ScoreView> {
    return this.reviews.score(user, applicationId, dto);
  }

  /** 申报利益关联 / Declare a tie to an organization */
  @ApiErrors(400)
  @Roles('EXPERT')
  @Post('experts/me/ties')
  declareTie(@CurrentUser() user: AuthUser, @Body() dto: TieDto): Promise<TieView> {
    return this.reviews.declareTie(user, dto);
  }

  /** 我申报的利益关联 / My declared ties */
  @Roles('EXPERT')
  @Get('experts/me/ties')
  ties(@CurrentUser() user: AuthUser): Promise<TieView[]> {
    return this.reviews.myTies(user);
  }
}
