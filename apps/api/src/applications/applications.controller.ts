import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Decides, Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import {
  ApplicationQuery,
  ApplicationView,
  CreateApplicationDto,
  EligibilityCheckView,
  EligibilityDecisionDto,
  EligibilityPassesDto,
  HistoryEntryView,
  SubmitApplicationDto,
  UpdateApplicationDto,
} from './applications.dto';
import { ApplicationsService } from './applications.service';
import { DraftChecksView } from './draft-checks.dto';
import { EligibilityPassesView } from './eligibility-passes.dto';
import { EligibilityPassesService } from './eligibility-passes.service';
import { ProjectStateView } from './project-state.dto';

const READERS = ['APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN', 'FINANCE', 'EXPERT'] as const;
const Id = () => Param('id', new ParseUUIDPipe());

@ApiTags('applications 申报')
@Controller('applications')
export class ApplicationsController {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly passes: EligibilityPassesService,
  ) {}

  /** 新建申报书草稿 / Create a draft application */
  @ApiErrors(400)
  @Roles('APPLICANT')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateApplicationDto) {
    return this.applications.create(user, dto);
  }

  /**
   * 修改草稿或退回补正的申报书（带 version）/ Update a draft or returned application (with version)
   *
   * @remarks 修改草稿或退回补正中的申报书（携带 version）
   */
  @ApiErrors(400, 404, 409)
  @Roles('APPLICANT')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: UpdateApplicationDto) {
    return this.applications.update(user, id, dto);
  }

  /**
   * 申报队列与查询 / Application queue and search
   *
   * @remarks 队列与查询：申报单位看本单位的，审核人员看本辖区的，专家看分配给自己的
   */
  @ApiErrors(400)
  @ApiPage(ApplicationView, '一页申报书 / one page of applications')
  @Roles(...READERS)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: ApplicationQuery) {
    return this.applications.list(user, q);
  }

  /** 申报书详情 / An application */
  @ApiErrors(400, 404)
  @Roles(...READERS)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Id() id: string) {
    return this.applications.get(user, id);
  }

  /**
   * 提交申报 / Submit an application
   *
   * @remarks 提交（首次提交启动项目流程；补正后再次提交）
   */
  @ApiErrors(400, 404)
  @Decides('submitApplication')
  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: SubmitApplicationDto): Promise<ProjectStateView> {
    return this.applications.submit(user, id, {
      confirmWarnings: dto.confirmWarnings,
      requireConfirmation: dto.confirmWarnings !== undefined,
    });
  }

  /**
   * 提交前自动校验 / Checks before submitting
   *
   * @remarks 提交前自动校验：草稿当前的各项规则结果（与流程提交时运行的规则相同）与申报期，仅本单位可见
   */
  @ApiErrors(400, 404)
  @Roles('APPLICANT')
  @Get(':id/checks')
  draftChecks(@CurrentUser() user: AuthUser, @Id() id: string): Promise<DraftChecksView> {
    return this.applications.draftChecks(user, id);
  }

  /**
   * 批量通过资格审查 / Pass eligibility in bulk
   *
   * @remarks 批量通过资格审查：自动校验全部通过的逐件通过（各自一条审计记录），其余逐件说明原因
   */
  @ApiErrors(400)
  @Decides('decideEligibility')
  @Post('eligibility-passes')
  @HttpCode(200)
  passAll(@CurrentUser() user: AuthUser, @Body() dto: EligibilityPassesDto): Promise<EligibilityPassesView> {
    return this.passes.passAll(user, dto);
  }

  /**
   * 资格审查决定：通过、退回补正、不予受理 / Eligibility decision: pass, return for revision, reject
   *
   * @remarks 资格审查决定：通过 / 退回补正 / 不予受理
   */
  @ApiErrors(400, 404)
  @Decides('decideEligibility')
  @Post(':id/eligibility-decision')
  @HttpCode(200)
  decide(@CurrentUser() user: AuthUser, @Id() id: string, @Body() dto: EligibilityDecisionDto): Promise<ProjectStateView> {
    return this.applications.decideEligibility(user, id, dto);
  }

  /**
   * 签署项目协议 / Sign the project agreement
   *
   * @remarks 签署项目协议：申报单位代表乙方，审核人员代表甲方
   */
  @ApiErrors(400, 404)
  @Decides('signAgreement')
  @Post(':id/agreement/sign')
  @HttpCode(200)
  sign(@CurrentUser() user: AuthUser, @Id() id: string): Promise<ProjectStateView> {
    return this.applications.sign(user, id);
  }

  /**
   * 自动资格校验结果 / Automatic eligibility check results
   *
   * @remarks 自动资格校验结果（每次提交一组）
   */
  @ApiErrors(400, 404)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get(':id/eligibility-checks')
  checks(@CurrentUser() user: AuthUser, @Id() id: string): Promise<EligibilityCheckView[]> {
    return this.applications.eligibilityChecks(user, id);
  }

  /** 操作记录（审计轨迹）/ Audit trail */
  @ApiErrors(400, 404)
  @Roles('APPLICANT', 'REVIEWER', 'PROGRAM_MANAGER', 'ADMIN')
  @Get(':id/history')
  history(@CurrentUser() user: AuthUser, @Id() id: string): Promise<HistoryEntryView[]> {
    return this.applications.history(user, id);
  }
}
