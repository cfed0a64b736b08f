import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Decides, Public, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { ImplementationStateView } from './implementation-state.dto';
import {
  ChangeDecidedView,
  ChangeRequestedView,
  ChangeView,
  EvaluationFiledView,
  EvaluationView,
  ProjectView,
  PublicProjectView,
  TrancheQueueItemView,
} from './project-views.dto';
import {
  ChangeDecisionDto,
  ChangeDto,
  EvaluationDto,
  EvaluatorDto,
  ReportDto,
  ReportReviewDto,
  TerminationDto,
  TrancheCancelDto,
  TrancheQuery,
} from './projects.dto';
import { ProjectsService } from './projects.service';

const Id = () => Param('id', new ParseUUIDPipe());
const Seq = () => Param('seq', new ParseIntPipe());
const READERS = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE', 'EVALUATOR'] as const;

@ApiTags('projects 项目实施')
@Controller()
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  /** 项目详情 / A project */
  @ApiErrors(400, 404)
  @Roles(...READERS)
  @Get('projects/:id')
  get(@CurrentUser() user: AuthUser, @Id() id: string): Promise<ProjectView> {
    return this.projects.view(user, id);
  }

  /**
   * 财务队列：拨付批次 / Finance queue: tranches
   *
   * @remarks 财务队列：待申请、待审批、已拨付的批次
   */
  @ApiErrors(400)
  @ApiPage(TrancheQueueItemView, '一页拨付批次 / one page of tranches')
  @Roles('FINANCE', 'PROGRAM_MANAGER', 'ADMIN')
  @Get('tranches')
  tranches(@CurrentUser() user: AuthUser, @Query() q: TrancheQuery) {
    return this.projects.tranches(user, q);
  }

  /** 申请拨付 / Request a tranche */
  @ApiErrors(400, 404)
  @Decides('requestTranche')
  @Post('projects/:id/tranches/:seq/request')
  @HttpCode(200)
  request(@CurrentUser() user: AuthUser, @Id() id: string, @Seq() seq: number): Promise<ImplementationStateView> {
    return this.projects.tranche(user, id, seq, 'request');
  }

  /**
   * 审批拨付（即支付）/ Approve (pay) a tranche
   *
   * @remarks 审批拨付（与申请人不能为同一人），审批即支付
   */
  @ApiErrors(400, 404)
  @Decides('approveTranche')
  @Post('projects/:id/tranches/:seq/approve')
  @HttpCode(200)
  approve(@CurrentUser() user: AuthUser, @Id() id: string, @Seq() seq: number): Promise<ImplementationStateView> {
    return this.projects.tranche(user, id, seq, 'approve');
  }

  /**
   * 取消拨付 / Cancel a tranche
   *
   * @remarks 取消拨付：项目管理员决定不再拨付一期待申请或待审批的资金，须说明理由；项目随后可以结项
   */
  @ApiErrors(400, 404)
  @Decides('cancelTranche')
  @Post('projects/:id/tranches/:seq/cancel')
  @HttpCode(200)
  cancel(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Seq() seq: number,
    @Body() dto: TrancheCancelDto,
  ): Promise<ImplementationStateView> {
    return this.projects.cancelTranche(user, id, seq, dto.reason);
  }

  /**
   * 提交项目报告 / Submit a report
   *
   * @remarks 提交进度/中期/结项报告
   */
  @ApiErrors(400, 404)
  @Decides('submitReport')
  @Post('projects/:id/reports/:seq')
  @HttpCode(200)
  submitReport(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Seq() seq: number,
    @Body() dto: ReportDto,
  ): Promise<ImplementationStateView> {
    return this.projects.submitReport(user, id, seq, dto);
  }

  /**
   * 审核项目报告 / Review a report
   *
   * @remarks 审核报告：通过 / 退回修改
   */
  @ApiErrors(400, 404)
  @Decides('reviewReport')
  @Post('projects/:id/reports/:seq/review')
  @HttpCode(200)
  reviewReport(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Seq() seq: number,
    @Body() dto: ReportReviewDto,
  ): Promise<ImplementationStateView> {
    return this.projects.reviewReport(user, id, seq, dto);
  }

  /**
   * 项目变更申请 / Request a project change
   *
   * @remarks 项目变更申请（预算调整、延期）
   */
  @ApiErrors(400, 404)
  @Decides('requestChange')
  @Post('projects/:id/changes')
  @HttpCode(200)
  requestChange(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: ChangeDto): Promise<ChangeRequestedView> {
    return this.projects.requestChange(user, id, dto);
  }

  /** 项目变更记录 / Changes of a project */
  @ApiErrors(400, 404)
  @Roles(...READERS)
  @Get('projects/:id/changes')
  changes(@CurrentUser() user: AuthUser, @Id() id: string): Promise<ChangeView[]> {
    return this.projects.changes(user, id);
  }

  /** 审批项目变更 / Decide a project change */
  @ApiErrors(400, 404)
  @Decides('decideChange')
  @Post('projects/:id/changes/:changeId/decision')
  @HttpCode(200)
  decideChange(
    @CurrentUser() user: AuthUser,
    @Id() id: string,
    @Param('changeId', new ParseUUIDPipe()) changeId: string,
    @Body() dto: ChangeDecisionDto,
  ): Promise<ChangeDecidedView> {
    return this.projects.decideChange(user, id, changeId, dto);
  }

  /**
   * 指定评估人员 / Assign the evaluator
   *
   * @remarks 指定评估人员（第三方评估机构）
   */
  @ApiErrors(400, 404)
  @Decides('assignEvaluator')
  @Post('projects/:id/evaluator')
  @HttpCode(200)
  evaluator(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: EvaluatorDto): Promise<ImplementationStateView> {
    return this.projects.assignEvaluator(user, id, dto.evaluatorId);
  }

  /**
   * 提交评估 / File an evaluation
   *
   * @remarks 提交评估：中期、第三方结项、政府方评承接方、承接方评政府方
   */
  @ApiErrors(400, 404)
  @Decides('fileEvaluation')
  @Post('projects/:id/evaluations')
  @HttpCode(200)
  evaluate(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: EvaluationDto): Promise<EvaluationFiledView> {
    return this.projects.fileEvaluation(user, id, dto);
  }

  /** 项目评估 / Evaluations of a project */
  @ApiErrors(400, 404)
  @Roles(...READERS)
  @Get('projects/:id/evaluations')
  evaluations(@CurrentUser() user: AuthUser, @Id() id: string): Promise<EvaluationView[]> {
    return this.projects.evaluations(user, id);
  }

  /** 终止项目 / Terminate a project */
  @ApiErrors(400, 404)
  @Decides('terminateProject')
  @Post('projects/:id/terminate')
  @HttpCode(200)
  terminate(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: TerminationDto): Promise<ImplementationStateView> {
    return this.projects.terminate(user, id, dto.reason);
  }

  /**
   * 项目结果（公开）/ A project's public result
   *
   * @remarks 项目结果公开页
   */
  @ApiErrors(400, 404)
  @Public()
  @Get('public/projects/:id')
  publicResult(@Id() id: string): Promise<PublicProjectView> {
    return this.projects.publicResult(id);
  }
}
