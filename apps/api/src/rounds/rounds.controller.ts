import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ROLES } from '@workflows/rules';
import { AuthUser, CurrentUser } from '../common/auth/auth-user';
import { Roles } from '../common/auth/roles.decorator';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { ApiPage } from '../common/openapi/api-page.decorator';
import { CreateRoundDto, EligibleRoundView, RoundQuery, RoundView, UpdateRoundDto } from './rounds.dto';
import { RoundsService } from './rounds.service';

@ApiTags('rounds 资助轮次')
@Controller('rounds')
export class RoundsController {
  constructor(private readonly rounds: RoundsService) {}

  /** 新建资助轮次（草稿）/ Create a funding round (draft) */
  @ApiErrors(400)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateRoundDto) {
    return this.rounds.create(user, dto);
  }

  /**
   * 修改草稿轮次（带 version）/ Update a draft round (with version)
   *
   * @remarks 修改草稿（整份配置，带读取时的 version）
   */
  @ApiErrors(400, 404, 409)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateRoundDto) {
    return this.rounds.update(user, id, dto);
  }

  /**
   * 发布公告：按时开放和截止申报 / Publish a round: its window opens and closes on time
   *
   * @remarks 发布公告：启动轮次流程，按时开放和截止申报
   */
  @ApiErrors(400, 404, 409)
  @Roles('PROGRAM_MANAGER', 'ADMIN')
  @Post(':id/publish')
  @HttpCode(200)
  publish(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.rounds.publish(user, id);
  }

  /** 资助轮次列表 / List funding rounds */
  @ApiErrors(400)
  @ApiPage(RoundView, '一页资助轮次 / one page of rounds')
  @Roles(...ROLES)
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() q: RoundQuery) {
    return this.rounds.list(user, q);
  }

  /**
   * 申报单位可申报的轮次及原因 / Rounds an organization may apply to, and why not
   *
   * @remarks 申报单位可申报的轮次（不符合条件的说明原因）
   */
  @ApiErrors(400, 404)
  @Roles('APPLICANT')
  @Get('eligibility/:organizationId')
  eligibility(
    @CurrentUser() user: AuthUser,
    @Param('organizationId', new ParseUUIDPipe()) organizationId: string,
  ): Promise<EligibleRoundView[]> {
    return this.rounds.eligibleRounds(user, organizationId);
  }

  /** 资助轮次详情 / A funding round */
  @ApiErrors(400, 404)
  @Roles(...ROLES)
  @Get(':id')
  get(@CurrentUser() user: AuthUser, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.rounds.get(user, id);
  }
}
